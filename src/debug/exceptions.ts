// The exception rules: the stops VS Code's "Breakpoints" view offers as exception filters — a NaN or
// ±Infinity, an exploding or vanishing gradient (the engine's `gradientProblem` decides, with the launch's
// thresholds), dead ReLU units, the first number that differs from a student's trace (compareSession.ts) —
// checked at each stop a run does, each answered with its sentence.
// Knows nothing of DAP beyond the filters' description; never `vscode`.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { findNonFinite, gradientProblem, layerWarnings, stats, type Thresholds } from '../engine/diagnostics';
import type { Stop, Trainer } from '../engine/trainer';
import { num } from '../compare/explain';
import { describeStop } from '../compare/report';
import type { TraceComparison } from './compareSession';
import { describeCulprit, describeDeadRelu, describeExploding, describeVanishing } from './describe';
import { words } from './i18n';

export type ExceptionFilter = 'nonFinite' | 'exploding' | 'vanishing' | 'deadRelu' | 'differs';

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = ['nonFinite', 'exploding', 'vanishing', 'deadRelu', 'differs'];

/** on until the user turns them off ('differs' acts only while a trace is compared) */
const DEFAULT_FILTERS: readonly ExceptionFilter[] = ['nonFinite', 'differs'];

/** The exception breakpoint filters, in the words in force (`nonFinite` and `differs` on by default). */
export function exceptionFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  const f = words().filters;
  return EXCEPTION_FILTERS.map((filter) => ({ filter, ...f[filter], default: DEFAULT_FILTERS.includes(filter) }));
}

/** An exception stop: which rule, and its sentence. */
export interface ExceptionHit {
  readonly filter: ExceptionFilter;
  readonly description: string;
}

/** The engine's defaults, as the launch's `explodingGradientThreshold` and `vanishingGradientThreshold` override them. */
const DEFAULTS: Required<Pick<Thresholds, 'exploding' | 'vanishing'>> = { exploding: 1e3, vanishing: 1e-7 };

export class ExceptionRules {
  private filters = new Set<ExceptionFilter>(DEFAULT_FILTERS);
  /** the student's trace compared at each stop, when one is loaded */
  private comparison: TraceComparison | undefined;
  /** the first stop where the trace differs, once known: later stops do not stop for it */
  private firstDifference: { iteration: number; position: number } | undefined;

  private thresholds: Required<Pick<Thresholds, 'exploding' | 'vanishing'>> = DEFAULTS;
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
    this.firstDifference = this.comparison?.summary.divergence;
  }

  /** Compares this trace from now on (undefined: none); where it first differs comes from its full comparison. */
  compareWith(comparison: TraceComparison | undefined): void {
    this.comparison = comparison;
    this.reset();
  }

  get compared(): TraceComparison | undefined {
    return this.comparison;
  }

  /** The "differs from your trace" rule at the stop just done. */
  private differs(trainer: Trainer): ExceptionHit | undefined {
    if (!this.comparison || !this.filters.has('differs')) return undefined;
    const here = { iteration: trainer.iteration, position: trainer.position };
    // only the first difference stops: everything after it follows from it
    const first = this.firstDifference;
    if (first && (here.iteration > first.iteration || (here.iteration === first.iteration && here.position > first.position))) return undefined;
    const d = this.comparison.check(trainer).divergence;
    if (!d) return undefined;
    this.firstDifference = here;
    const file = this.comparison.file.split(/[\\/]/).pop() ?? this.comparison.file;
    return { filter: 'differs', description: words().differs(describeStop(d), num(d.expected), num(d.got), d.equation, file, d.line) };
  }

  get any(): boolean {
    return this.filters.size > 0 || this.comparison !== undefined;
  }

  /** Whether the non-finite rule is on and the stop has a NaN or ±Infinity (a run starting there does not stop for it again). */
  nonFiniteAt(trainer: Trainer, stop: Stop | undefined): boolean {
    return this.filters.has('nonFinite') && stop !== undefined && findNonFinite(trainer, stop) !== undefined;
  }

  /** The rules at the stop just done; `before`: whether the stop before had a non-finite value. */
  at(trainer: Trainer, stop: Stop, before: boolean): { nonFinite: boolean; hit?: ExceptionHit } {
    let nonFinite = false;
    const differs = this.differs(trainer);
    if (this.filters.has('nonFinite')) {
      const culprit = findNonFinite(trainer, stop);
      nonFinite = culprit !== undefined;
      if (culprit && !before) return { nonFinite, hit: { filter: 'nonFinite', description: describeCulprit(culprit, trainer) } };
    }
    if (differs) return { nonFinite, hit: differs };
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
