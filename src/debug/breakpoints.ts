// Breakpoints of a training run: where they stop (function breakpoints by phase and layer, line
// breakpoints on a layer's line, the loss line or the learningRate line), compiled once with their
// condition, hit condition and logpoint message, so checking a stop costs a few closure calls.
// Imports the engine's types and the expression language only (and reads the network file, to know
// where each layer's object ends).

import { readFileSync } from 'fs';
import { SourceFile } from '../engine/source';
import type { NetworkSpec, SourceRange } from '../engine/spec';
import type { Phase, Stop } from '../engine/trainer';
import { compileExpression, formatValue, type Compiled, type Environment } from './expressions';

/**
 * Where a breakpoint stops. `layer` undefined: every layer of the phase. 'epoch': at the start of each epoch.
 * `line`: for a line breakpoint, the line it is shown at (1-based): a layer's first line, wherever in its object it was set.
 */
export type Location =
  | { readonly kind: 'stop'; readonly phase: Phase; readonly layer?: number; readonly line?: number }
  | { readonly kind: 'layer'; readonly layer: number; readonly line?: number }
  | { readonly kind: 'epoch' };

export interface CompiledBreakpoint {
  readonly id: number;
  readonly location: Location;
  readonly condition?: Compiled;
  readonly hit?: (count: number) => boolean;
  readonly log?: (env: Environment) => string;
  /** times the location was reached with the condition true */
  hits: number;
}

/** A breakpoint as the user wrote it, or the reason it cannot be set. */
export type Compilation = { readonly ok: true; readonly breakpoint: CompiledBreakpoint } | { readonly ok: false; readonly message: string };

const PHASES: readonly Phase[] = ['forward', 'loss', 'backward', 'update'];

/** Reads a function breakpoint name: `forward`, `loss`, `backward`, `update`, `epoch`, `forward:2`, `backward:1`. */
export function parseFunctionName(name: string, layers: number): Location | string {
  const m = /^\s*([a-z]+)\s*(?::\s*(\d+))?\s*$/i.exec(name);
  if (!m) return `'${name}' is not a breakpoint: use forward, loss, backward, update, epoch, or e.g. backward:2`;
  const word = m[1].toLowerCase();
  const layer = m[2] === undefined ? undefined : Number(m[2]);
  if (word === 'epoch') return layer === undefined ? { kind: 'epoch' } : `'epoch' takes no layer`;
  const phase = PHASES.find((p) => p === word);
  if (!phase) return `unknown phase '${m[1]}': use forward, loss, backward, update or epoch`;
  if (layer !== undefined && (phase === 'loss' || phase === 'update')) return `'${phase}' takes no layer`;
  if (layer !== undefined && (layer < 1 || layer >= layers)) return `no layer ${layer} to compute: layers 1…${layers - 1}`;
  return { kind: 'stop', phase, layer };
}

/** The last line (1-based) of each layer's object and of the optimizer's, read once per loaded network. */
interface LastLines {
  readonly layers: readonly number[];
  readonly optimizer?: number;
}

const lastLines = new WeakMap<NetworkSpec, LastLines | undefined>();

/** undefined when the file cannot be read or is no longer the one the spec was read from. */
function objectLastLines(spec: NetworkSpec, text?: string): LastLines | undefined {
  if (text === undefined && lastLines.has(spec)) return lastLines.get(spec);
  let source = text;
  if (source === undefined) {
    try {
      source = readFileSync(spec.file, 'utf8');
    } catch {
      source = undefined;
    }
  }
  const src = source === undefined ? undefined : new SourceFile(spec.file, source);
  // the file must still be the one the spec was read from: each layer's "{" where the spec says
  const same = src && spec.layers.every((layer) => source!.charAt(layer.range.offset) === '{' && src.range(layer.range.offset, 0).line === layer.range.line);
  const last = (range: SourceRange): number => src!.range(range.offset + Math.max(range.length - 1, 0), 0).line;
  const optimizer = spec.ranges.optimizer;
  const lines = same ? { layers: spec.layers.map((layer) => last(layer.range)), optimizer: optimizer && last(optimizer) } : undefined;
  if (text === undefined) lastLines.set(spec, lines);
  return lines;
}

/**
 * What a line of the network file stands for: a layer (forward and backward) when the line is any of
 * its object's, the loss, or the update (the lines of "learningRate", "weightDecay" and any of the
 * optimizer's object). `text`: the file's text, when not on disk.
 */
export function locationOfLine(spec: NetworkSpec, line: number, text?: string): Location | string {
  let l = spec.layers.findIndex((layer) => layer.range.line === line);
  if (l < 0 && spec.ranges.loss?.line === line) return { kind: 'stop', phase: 'loss', line };
  if (l < 0 && spec.ranges.learningRate?.line === line) return { kind: 'stop', phase: 'update', line };
  if (l < 0 && spec.ranges.weightDecay?.line === line) return { kind: 'stop', phase: 'update', line };
  // any line of the optimizer's object stands for the update, shown at its first (where the update's frame points)
  const optimizer = spec.ranges.optimizer;
  const last = l < 0 ? objectLastLines(spec, text) : undefined;
  if (l < 0 && optimizer && optimizer.line <= line && line <= (last?.optimizer ?? optimizer.line)) return { kind: 'stop', phase: 'update', line: optimizer.line };
  if (l < 0 && last) l = spec.layers.findIndex((layer, i) => layer.range.line <= line && line <= last.layers[i]);
  if (l === 0) return 'layer 0 holds the inputs: nothing is computed there';
  if (l > 0) return { kind: 'layer', layer: l, line: spec.layers[l].range.line };
  return 'no layer is on this line: set breakpoints in a layer’s object, or on the line of "loss", "learningRate" or "optimizer"';
}

/** Reads a hit condition: `10` or `== 10`, `>= 5`, `> 5`, `< 5`, `<= 5`, `% 10`. */
export function parseHitCondition(text: string): ((count: number) => boolean) | string {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return `hit count '${text}' not understood: use e.g. 10, >= 5 or % 10`;
  const n = Number(m[2]);
  switch (m[1] ?? '==') {
    case '==':
      return (c) => c === n;
    case '>=':
      return (c) => c >= n;
    case '<=':
      return (c) => c <= n;
    case '>':
      return (c) => c > n;
    case '<':
      return (c) => c < n;
    default:
      if (n === 0) return '% 0 never hits';
      return (c) => c % n === 0;
  }
}

/** Compiles a logpoint message: text with `{expression}` parts (`{{` and `}}` stand for braces). */
export function compileLogMessage(text: string): ((env: Environment) => string) | string {
  const parts: (string | Compiled)[] = [];
  let i = 0;
  let literal = '';
  while (i < text.length) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i += 2;
    } else if (c === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) return `unclosed '{' in the log message`;
      try {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(compileExpression(text.slice(i + 1, end)));
      } catch (e) {
        return `in {${text.slice(i + 1, end)}}: ${(e as Error).message}`;
      }
      i = end + 1;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);
  return (env) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        try {
          return formatValue(p(env));
        } catch (e) {
          return `<${(e as Error).message}>`;
        }
      })
      .join('');
}

let nextId = 1;

/** Compiles one breakpoint (condition, hit condition and log message checked now, not at every stop). */
export function compileBreakpoint(location: Location | string, options: { condition?: string; hitCondition?: string; logMessage?: string }): Compilation {
  if (typeof location === 'string') return { ok: false, message: location };
  let condition: Compiled | undefined;
  let hit: ((count: number) => boolean) | undefined;
  let log: ((env: Environment) => string) | undefined;
  if (options.condition?.trim()) {
    try {
      condition = compileExpression(options.condition);
    } catch (e) {
      return { ok: false, message: `condition: ${(e as Error).message}` };
    }
  }
  if (options.hitCondition?.trim()) {
    const h = parseHitCondition(options.hitCondition);
    if (typeof h === 'string') return { ok: false, message: h };
    hit = h;
  }
  if (options.logMessage !== undefined && options.logMessage !== '') {
    const m = compileLogMessage(options.logMessage);
    if (typeof m === 'string') return { ok: false, message: m };
    log = m;
  }
  return { ok: true, breakpoint: { id: nextId++, location, condition, hit, log, hits: 0 } };
}

/** Whether a breakpoint's location is the stop just done (`stop` undefined: the start of an iteration). */
export function locationMatches(location: Location, stop: Stop | undefined, startOfEpoch: boolean): boolean {
  switch (location.kind) {
    case 'epoch':
      return stop === undefined && startOfEpoch;
    case 'layer':
      return stop !== undefined && (stop.phase === 'forward' || stop.phase === 'backward') && stop.layer === location.layer;
    case 'stop':
      return stop !== undefined && stop.phase === location.phase && (location.layer === undefined || location.layer === stop.layer);
  }
}

/** The breakpoints that can hit at each position of an iteration (index 0: the start), indexed once per change. */
export function indexByPosition(breakpoints: readonly CompiledBreakpoint[], stops: readonly Stop[]): CompiledBreakpoint[][] {
  const out: CompiledBreakpoint[][] = [breakpoints.filter((b) => b.location.kind === 'epoch')];
  for (const stop of stops) out.push(breakpoints.filter((b) => locationMatches(b.location, stop, false)));
  return out;
}
