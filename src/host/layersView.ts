// The "Backprop" view in Run and Debug: where training is (iteration, phase, loss) and, per layer,
// min / max / mean / norm of each quantity computed at this stop, with warnings for saturated
// sigmoid units, dead ReLU units and exploding or vanishing gradients, and, when a student's trace is
// compared, how many of its numbers agreed before the first difference. Clicking a layer reveals it in
// the inspector panel.

import * as vscode from 'vscode';
import { deadUnits, gradientProblem, saturatedUnits, stats, type Thresholds } from '../engine/diagnostics';
import { QUANTITIES, SYMBOL } from '../engine/quantities';
import { formatNumber } from '../engine/trace';
import { decodeMatrix, type EncodedMatrix } from '../protocol/buffers';
import { formedColumns, type CompareSnapshot, type LayerSnapshot, type StateSnapshot } from '../protocol/snapshot';
import { traceStep, type SessionState } from './sessionState';

type Node =
  | { kind: 'position'; state: StateSnapshot }
  | { kind: 'compare'; compare: CompareSnapshot }
  | { kind: 'layer'; state: StateSnapshot; layer: LayerSnapshot }
  | { kind: 'quantity'; name: string; matrix: EncodedMatrix; formedColumns: number }
  | { kind: 'warning'; message: string };

export function describeStop(state: StateSnapshot): string {
  if (!state.stop) return vscode.l10n.t('start of iteration {0}', state.iteration);
  const { phase, layer } = state.stop;
  const output = layer === state.layers.length - 1;
  switch (phase) {
    case 'forward':
      return vscode.l10n.t('forward › layer {0}', layer);
    case 'loss':
      return vscode.l10n.t('loss');
    case 'backward':
      return output ? vscode.l10n.t('backward › layer {0} (output)', layer) : vscode.l10n.t('backward › layer {0}', layer);
    case 'update':
      return vscode.l10n.t('update');
  }
}

/** A layer's warnings, once per layer object (its tree item and its children both show them). */
const warningsCache = new WeakMap<LayerSnapshot, string[]>();

function warningsOf(state: StateSnapshot, layer: LayerSnapshot, thresholds: Thresholds): string[] {
  let out = warningsCache.get(layer);
  if (out) return out;
  out = [];
  const n = state.samples.length;
  if (layer.y) {
    const saturated = saturatedUnits(layer.activation, decodeMatrix(layer.y), n, layer.size);
    if (saturated.length) out.push(vscode.l10n.t('saturated units {0}: f′(u) ≈ 0, so δ ≈ 0', saturated.join(', ')));
  }
  if (layer.u) {
    const dead = deadUnits(layer.activation, decodeMatrix(layer.u), n, layer.size);
    if (dead.length) out.push(vscode.l10n.t('dead ReLU units {0}: u ≤ 0 for every sample', dead.join(', ')));
  }
  if (layer.dw && layer.delta) {
    const dwNorm = statsOf(layer.dw).norm;
    const deltaNorm = statsOf(layer.delta).norm;
    const problem = gradientProblem(dwNorm, deltaNorm, state.lossValue ?? 0, thresholds);
    if (problem === 'exploding') out.push(vscode.l10n.t('exploding gradient: ‖∂w‖ = {0}', formatNumber(dwNorm, 4)));
    if (problem === 'vanishing') out.push(vscode.l10n.t('vanishing gradient: ‖δ‖ = {0}', formatNumber(deltaNorm, 4)));
  }
  warningsCache.set(layer, out);
  return out;
}

/** min, max, mean, norm of a whole matrix, once per matrix object (an unchanged matrix keeps its object from stop to stop). */
const statsCache = new WeakMap<EncodedMatrix, ReturnType<typeof stats>>();
function statsOf(m: EncodedMatrix): ReturnType<typeof stats> {
  let s = statsCache.get(m);
  if (!s) statsCache.set(m, (s = stats(decodeMatrix(m))));
  return s;
}

export class LayersView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly sessions: SessionState) {
    this.subscriptions = [sessions.onDidChange(() => this.changed.fire()), sessions.onDidEnd(() => this.changed.fire()), this.changed];
  }

  /** The session's launch thresholds for exploding and vanishing gradients (the adapter's defaults otherwise). */
  private thresholds(): Thresholds {
    const config: Record<string, unknown> = this.sessions.session?.configuration ?? {};
    const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
    return { exploding: num(config.explodingGradientThreshold), vanishing: num(config.vanishingGradientThreshold) };
  }

  getChildren(node?: Node): Node[] {
    traceStep(`view: getChildren ${node?.kind ?? 'root'}`);
    const state = this.sessions.state;
    if (!state) return [];
    if (!node) {
      const compare: Node[] = state.compare ? [{ kind: 'compare', compare: state.compare }] : [];
      return [{ kind: 'position', state }, ...compare, ...state.layers.map((layer) => ({ kind: 'layer' as const, state, layer }))];
    }
    if (node.kind !== 'layer') return [];
    const warnings = warningsOf(node.state, node.layer, this.thresholds()).map((message) => ({ kind: 'warning' as const, message }));
    const quantities = QUANTITIES.flatMap((q) => (node.layer[q] ? [{ kind: 'quantity' as const, name: SYMBOL[q], matrix: node.layer[q]!, formedColumns: formedColumns(node.state.forming, node.layer.index, q) }] : []));
    return [...warnings, ...quantities];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'position': {
        const s = node.state;
        const item = new vscode.TreeItem(vscode.l10n.t('Iteration {0} · epoch {1}', s.iteration, s.epoch));
        item.description = `${describeStop(s)}${s.lossValue === null ? '' : ` · E = ${formatNumber(s.lossValue, 6)}`}`;
        item.tooltip = `η = ${s.eta} · ${s.network.reduction} · batch ${s.samples.join(', ')}`;
        item.iconPath = new vscode.ThemeIcon(s.finished ? 'pass' : 'debug-stackframe');
        return item;
      }
      case 'layer': {
        const { layer, state } = node;
        const role = layer.index === 0 ? vscode.l10n.t('input') : layer.index === state.layers.length - 1 ? vscode.l10n.t('output') : vscode.l10n.t('hidden');
        const item = new vscode.TreeItem(vscode.l10n.t('Layer {0} ({1})', layer.index, role), vscode.TreeItemCollapsibleState.Expanded);
        const warnings = warningsOf(state, layer, this.thresholds()).length;
        item.description = `${layer.size} × ${layer.index === 0 ? 'input' : layer.activation}${warnings ? ` · ⚠ ${warnings}` : ''}`;
        const current = state.stop && (state.stop.layer === layer.index || state.stop.phase === 'update') && layer.index > 0;
        item.iconPath = new vscode.ThemeIcon(current ? 'debug-stackframe-focused' : 'layers');
        item.command = { command: 'backprop.revealLayer', title: vscode.l10n.t('Show in Inspector'), arguments: [layer.index] };
        item.contextValue = 'layer';
        return item;
      }
      case 'quantity': {
        // while stepping into a layer, only the neurons formed so far count
        const { rows, cols } = node.matrix;
        const s = node.formedColumns >= cols ? statsOf(node.matrix) : stats(decodeMatrix(node.matrix).filter((_, x) => x % cols < node.formedColumns));
        const item = new vscode.TreeItem(node.name);
        item.description = `min ${formatNumber(s.min, 4)} · max ${formatNumber(s.max, 4)} · mean ${formatNumber(s.mean, 4)} · ‖·‖ ${formatNumber(s.norm, 4)}`;
        item.tooltip = `${node.name}: ${rows} × ${cols}`;
        return item;
      }
      case 'compare': {
        const c = node.compare;
        const item = new vscode.TreeItem(vscode.l10n.t('Your trace'));
        const here = c.here && c.first;
        item.description = here
          ? vscode.l10n.t('{0} numbers agreed before this stop, which differs: expected {1}, yours {2}', c.agreed, String(c.first!.expected), String(c.first!.got))
          : c.first
            ? vscode.l10n.t('{0} numbers agreed before {1}', c.agreed, c.first.where)
            : vscode.l10n.t('all {0} numbers agree', c.agreed);
        item.tooltip = c.first ? `${vscode.l10n.t('{0} numbers agreed before {1}', c.agreed, c.first.where)}\n${c.first.equation}\n${c.file}` : c.file;
        item.iconPath = new vscode.ThemeIcon(c.first ? (here ? 'error' : 'diff') : 'pass');
        return item;
      }
      case 'warning': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        return item;
      }
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
