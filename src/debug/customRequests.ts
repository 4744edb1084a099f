// The adapter's custom requests (their names, arguments and results: src/protocol/dap.ts): the state of
// the current stop, a jump, the gradient check, Export Trace and the recorded losses. Each is answered
// through `CustomReply`, so this file knows the run loop and the engine, not the DAP session.

import { gradientCheckSteps } from '../engine/gradcheck';
import { bytesToBase64 } from '../protocol/buffers';
import { REQUESTS, parseArguments, type CustomRequest, type CustomRequests, type ExportTraceResult } from '../protocol/dap';
import type { StateSnapshot } from '../protocol/snapshot';
import { TraceComparison } from './compareSession';
import { exportSteps, planExport } from './exportTrace';
import { jobWords } from './jobWords';
import { answerPredict } from './prediction';
import type { Point, Runner } from './runner';
import { workedIterationSteps } from './workedIteration';

/** What a custom request is answered with, and what it may ask of the session. */
export interface CustomReply {
  readonly runner: Runner;
  /** the state at the current stop, as the state event carries it */
  snapshot(): StateSnapshot;
  /** answers with `body` */
  answer(body: unknown): void;
  /** answers with an error */
  fail(message: string): void;
  /** reports a stop where the trainer now stands (a cancelled export that could not put it back) */
  stoppedHere(): void;
  /** sends the current stop's state again (a trace to compare with was loaded) */
  refreshState?(): void;
}

/** Answers one custom request (before or after its work, which may run as a job); `seq` lets Cancel find it. */
export function answerCustomRequest(reply: CustomReply, command: CustomRequest, args: unknown, seq: number | undefined): void {
  const result = <K extends CustomRequest>(_: K, body: CustomRequests[K]['result']): void => reply.answer(body);
  try {
    const { runner } = reply;
    const trainer = runner.trainer;
    switch (command) {
      case REQUESTS.snapshot:
        return result(command, reply.snapshot());
      case REQUESTS.seek: {
        const a = parseArguments[command](args);
        runner.release();
        result(command, undefined);
        return runner.seek(Math.min(a.iteration, trainer.totalIterations), Math.min(a.position, trainer.stops.length));
      }
      case REQUESTS.gradientCheck: {
        // a job beside the trainer (it works on a scratch copy): answered when done, Cancel ends it
        const { maxPerLayer } = parseArguments[command](args);
        return runner.sideJob(
          jobWords().gradientCheck,
          gradientCheckSteps(trainer, { maxPerLayer }),
          (outcome) => ('result' in outcome ? result(command, outcome.result) : reply.fail('error' in outcome ? outcome.error.message : jobWords().cancelled)),
          seq,
        );
      }
      case REQUESTS.exportTrace:
        if (runner.isRunning) throw new Error('pause first');
        return exportTrace(reply, parseArguments[command](args), seq);
      case REQUESTS.setPace: {
        const pace = parseArguments[command](args);
        runner.setPace(pace);
        return result(command, pace);
      }
      case REQUESTS.workedIteration: {
        if (runner.isRunning) throw new Error('pause first');
        const t = Math.min(parseArguments[command](args).iteration ?? trainer.iteration, trainer.totalIterations);
        const here: Point = { iteration: trainer.iteration, position: trainer.position };
        return runner.trainerJob(
          jobWords().workedExample(t),
          workedIterationSteps(trainer, t),
          (it) => result(command, it),
          (_paused, e) => {
            reply.fail(e ? e.message : jobWords().cancelled);
            if (trainer.iteration !== here.iteration || trainer.position !== here.position) reply.stoppedHere();
          },
          jobWords().busyExporting,
          seq,
        );
      }
      case REQUESTS.lossHistory: {
        const { from } = parseArguments[command](args);
        const losses = trainer.history?.lossView() ?? new Float64Array(0);
        const copy = new Float64Array(losses.subarray(from - 1));
        return result(command, { from, base64: bytesToBase64(new Uint8Array(copy.buffer)) });
      }
      case REQUESTS.compareWith:
        return void compareWith(reply, parseArguments[command](args).path);
      case REQUESTS.predict:
        return result(command, answerPredict(runner, args));
      default: {
        const never: never = command;
        return never;
      }
    }
  } catch (e) {
    reply.fail((e as Error).message);
  }
}

/** Compare With Trace…: reads and compares the trace, then checks it at every stop from now on (a bad trace: an error naming its line). */
async function compareWith(reply: CustomReply, path: string): Promise<void> {
  const { runner } = reply;
  const trainer = runner.trainer;
  const loaded = await TraceComparison.load(path, trainer, trainer.spec.file);
  if (typeof loaded === 'string') return reply.fail(loaded);
  runner.exceptions.compareWith(loaded);
  const d = loaded.summary.divergence;
  const body: CustomRequests['backprop.compareWith']['result'] = { file: loaded.file, agreed: loaded.summary.agreed, sentence: loaded.sentence, first: d && { iteration: d.iteration, position: d.position } };
  reply.answer(body);
  reply.refreshState?.();
}

/**
 * Export Trace: without `path`, the size it would take; with `path`, the records of iterations from…to
 * streamed to that file as a job (Pause or Cancel stop it and remove the partial file). The state the
 * user stands at is restored exactly.
 */
function exportTrace(reply: CustomReply, a: CustomRequests['backprop.exportTrace']['arguments'], seq: number | undefined): void {
  const trainer = reply.runner.trainer;
  const { range, bytes, path } = planExport(trainer, a);
  const estimate: ExportTraceResult = { bytes, iterations: range.to - range.from + 1, ...range };
  if (path === undefined) return reply.answer(estimate);
  const here: Point = { iteration: trainer.iteration, position: trainer.position };
  reply.runner.trainerJob(
    jobWords().exporting(range.from, range.to),
    exportSteps(trainer, range, path),
    (written) => reply.answer({ ...estimate, ...written, path } satisfies ExportTraceResult),
    (_paused, e) => {
      reply.fail(e ? `${path}: ${e.message}` : jobWords().cancelled);
      // the export put the trainer back where it found it: the stop the user sees is unchanged
      if (trainer.iteration !== here.iteration || trainer.position !== here.position) reply.stoppedHere();
    },
    jobWords().busyExporting,
    seq,
  );
}
