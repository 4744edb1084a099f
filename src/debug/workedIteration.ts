// The worked example's request: one iteration, travelled to and read as plain data (src/export/
// workedIteration.ts), then the trainer put back exactly where the user stood. Runs as a job (a far
// iteration is reached by replay from a checkpoint). Imports the engine and src/export.

import type { Trainer } from '../engine/trainer';
import { toWire, workedIterationOf, type WorkedIterationWire } from '../export/workedIteration';
import type { Progress } from './jobs';

/** Travels to iteration t (before its update), reads it and its update, and goes back where it stood. */
export function* workedIterationSteps(trainer: Trainer, t: number): Generator<Progress | void, WorkedIterationWire, void> {
  const here = { iteration: trainer.iteration, position: trainer.position };
  try {
    yield* trainer.travel(t, trainer.stops.length - 1);
    return toWire(workedIterationOf(trainer));
  } finally {
    // at most one checkpoint interval of replay
    trainer.seek(here.iteration, here.position);
  }
}
