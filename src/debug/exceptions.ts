// The exception rules: the stops VS Code's "Breakpoints" view offers as exception filters — a NaN or
// ±Infinity, an exploding or vanishing gradient (the engine's `gradientProblem` decides, with the launch's
// thresholds), dead ReLU units — checked at each stop a run does, each answered with its sentence.
// Knows nothing of DAP beyond the filters' description; never `vscode`.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { findNonFinite, gradientProblem, layerWarnings, stats, type Thresholds } from '../engine/diagnostics';
import type { Stop, Trainer } from '../engine/trainer';
import { describeCulprit, describeDeadRelu, describeExploding, describeVanishing } from './describe';
import { words } from './i18n';

export type ExceptionFilter = 'nonFinite' | 'exploding' | 'vanishing' | 'deadRelu';

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = ['nonFinite', 'exploding', 'vanishing', 'deadRelu'];

/** The exception breakpoint filters, in the words in force (`nonFinite` on by default). */
export function exceptionFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  const f = words().filters;
  return EXCEPTION_FILTERS.map((filter) => ({ filter, ...f[filter], default: filter === 'nonFinite' }));
}

/** An exception stop: which rule, and its sentence. */
export interface ExceptionHit {
  readonly filter: ExceptionFilter;
  readonly description: string;
}

/** The engine's defaults, as the launch's `explodingGradientThreshold` and `vanishingGradientThreshold` override them. */
const DEFAULTS: Required<Thresholds> = { exploding: 1e3, vanishing: 1e-7 };

export class ExceptionRules {
  private filters = new Set<ExceptionFilter>(['nonFinite']);
  private thresholds: Required<Thresholds> = DEFAULTS;
  /** dead ReLU units last reported, per layer, so the same ones do not stop every iteration */
  private readonly deadReported = new Map<number, string>();

  /** Which filters are on (unknown names are ignored); the dead units reported so far are forgotten. */
  setFilters(filters: readonly string[]): void {
    this.filters = new Set(EXCEPTION_FILTERS.filter((f) => filters.includes(f)));
    this.deadReported.clear();
  }

  setThresholds(t: Thresholds): void {
    this.thresholds = { exploding: t.exploding ?? DEFAULTS.exploding, vanishing: t.vanishing ?? DEFAULTS.vanishing };
  }

  /** A new training run: nothing reported yet. */
  reset(): void {
    this.deadReported.clear();
  }

  get any(): boolean {
    return this.filters.size > 0;
  }

  /** Whether the non-finite rule is on and the stop has a NaN or ±Infinity (a run starting there does not stop for it again). */
  nonFiniteAt(trainer: Trainer, stop: Stop | undefined): boolean {
    return this.filters.has('nonFinite') && stop !== undefined && findNonFinite(trainer, stop) !== undefined;
  }

  /** The rules at the stop just done; `before`: whether the stop before had a non-finite value. */
  at(trainer: Trainer, stop: Stop, before: boolean): { nonFinite: boolean; hit?: ExceptionHit } {
    let nonFinite = false;
    if (this.filters.has('nonFinite')) {
      const culprit = findNonFinite(trainer, stop);
      nonFinite = culprit !== undefined;
      if (culprit && !before) return { nonFinite, hit: { filter: 'nonFinite', description: describeCulprit(culprit, trainer) } };
    }
    const l = stop.layer;
    const exploding = this.filters.has('exploding');
    const vanishing = this.filters.has('vanishing');
    if (stop.phase === 'backward' && (exploding || vanishing)) {
      const layer = trainer.layers[l];
      const dwNorm = stats(layer.dw.data).norm;
      const deltaNorm = stats(layer.delta.data, trainer.batchSize * layer.size).norm;
      // a rule that is off can never hold: the other one is still checked
      const problem = gradientProblem(dwNorm, deltaNorm, trainer.lossValue, {
        exploding: exploding ? this.thresholds.exploding : Infinity,
        vanishing: vanishing ? this.thresholds.vanishing : -Infinity,
      });
      if (problem === 'exploding') return { nonFinite, hit: { filter: 'exploding', description: describeExploding(l, dwNorm, this.thresholds.exploding) } };
      if (problem === 'vanishing') return { nonFinite, hit: { filter: 'vanishing', description: describeVanishing(l, deltaNorm, this.thresholds.vanishing) } };
    }
    if (stop.phase === 'forward' && this.filters.has('deadRelu') && trainer.layers[l].activation.name === 'relu') {
      const dead = layerWarnings(trainer, l).find((w) => w.kind === 'dead');
      const key = dead ? dead.neurons.join(',') : '';
      if (key !== (this.deadReported.get(l) ?? '')) {
        this.deadReported.set(l, key);
        if (dead) return { nonFinite, hit: { filter: 'deadRelu', description: describeDeadRelu(l, dead.neurons) } };
      }
    }
    return { nonFinite };
  }
}
