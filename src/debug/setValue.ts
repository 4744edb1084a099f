// Set Value: what the Variables view's Set Value (an element of a w row or of b, or η in the Training
// scope) and a Watch expression's Set Expression (`w[L][j][k]`, `b[L][k]`, `eta`) may change, and the
// change itself through the trainer's `edit`. Out-of-range targets are expression errors with a sentence.
// Knows nothing of DAP.

import type { Trainer } from '../engine/trainer';
import { ExpressionError, compile, type Environment, type Node } from './expressions';
import type { Container } from './variables';

/** A value that can be set: η, or one entry of w (row j, column k) or b (column k) of layer `layer`. */
export type SetTarget = { readonly target: 'eta' } | { readonly target: 'w' | 'b'; readonly layer: number; readonly j: number; readonly k: number };

/** The target of Set Value on variable `name` of a Variables view container. */
export function variableTarget(container: Container | undefined, name: string): SetTarget {
  if (container?.kind === 'training' && (name === 'η' || name === 'eta')) return { target: 'eta' };
  if (container?.kind === 'tensor' && container.edit && container.tensor.vector) {
    const k = /^\[(\d+)\]$/.exec(name);
    if (!k) throw new ExpressionError(`cannot set ${name}`);
    const e = container.edit;
    return { target: e.target, layer: e.layer, j: e.target === 'w' ? e.j : 0, k: Number(k[1]) };
  }
  throw new ExpressionError('only w, b and η can be set');
}

/** The target of Set Expression: `w[L][j][k]`, `b[L][k]` or `eta` (η), indices evaluated in `env`. */
export function expressionTarget(node: Node, env: Environment): SetTarget {
  if (node.kind === 'name' && (node.name === 'eta' || node.name === 'η')) return { target: 'eta' };
  const indices: number[] = [];
  let n = node;
  while (n.kind === 'index') {
    const i = compile(n.index)(env);
    if (typeof i !== 'number') throw new ExpressionError('indices must be numbers');
    indices.unshift(i);
    n = n.target;
  }
  if (n.kind === 'name' && n.name === 'w' && indices.length === 3) return { target: 'w', layer: indices[0], j: indices[1], k: indices[2] };
  if (n.kind === 'name' && n.name === 'b' && indices.length === 2) return { target: 'b', layer: indices[0], j: 0, k: indices[1] };
  throw new ExpressionError('only w[L][j][k], b[L][k] and eta (η) can be set');
}

/** Sets the target to `value` (checked against the network's shape first). */
export function setValue(trainer: Trainer, t: SetTarget, value: number): void {
  if (t.target === 'eta') return trainer.edit('eta', 0, 0, 0, value);
  const { target, layer: l, j, k } = t;
  if (!Number.isInteger(l) || l < 1 || l >= trainer.layers.length) throw new ExpressionError(`no layer ${l} with parameters`);
  const layer = trainer.layers[l];
  const rows = target === 'w' ? layer.w.rows : 1;
  if (!Number.isInteger(j) || !Number.isInteger(k) || j < 0 || j >= rows || k < 0 || k >= layer.size) {
    throw new ExpressionError(`${target}[${l}] has no entry [${target === 'w' ? `${j}][` : ''}${k}]`);
  }
  trainer.edit(target, l, j, k, value);
}
