// The 2-2-2 worked example (examples/hand-2-2-2.backprop.json: inputs 0.05, 0.10, targets 0.01, 0.99,
// sigmoid layers, sum of squares, η = 0.5) as the inspector's model sees it, stop by stop, and the
// numbers of that example worked out by hand (to 9 digits) to check against. For the plain-Node tests.

import { join, resolve } from 'path';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';

const root = resolve(__dirname, '..', '..');

/** The snapshots at positions 1 … count of the first iteration: forward 1, forward 2, loss, backward 2, backward 1, update. */
export function handSnapshots(count = 6): StateSnapshot[] {
  const r = loadNetworkFile(join(root, 'examples', 'hand-2-2-2.backprop.json'));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const trainer = new Trainer(r.spec);
  const out: StateSnapshot[] = [];
  for (let x = 0; x < count; x++) {
    trainer.step();
    out.push(snapshot(trainer));
  }
  return out;
}

/** By hand: σ(u) = 1 / (1 + e^−u), δ_k = (y_k − t_k)(1 − y_k) y_k, ∂w_jk = y_j δ_k, ∂y_j = Σ_r δ_r w_jr, δ_j = ∂y_j (1 − y_j) y_j. */
export const HAND = {
  /** u_j0 = 0.05 · 0.15 + 0.10 · 0.20 + 0.35 */
  uJ0: 0.3775,
  /** y_j0 = σ(0.3775), y_j1 = σ(0.3925) */
  yJ0: 0.593269992,
  yJ1: 0.596884378,
  /** u_k0 = y_j0 · 0.40 + y_j1 · 0.45 + 0.60 */
  uK0: 1.105905967,
  /** y_k0 = σ(u_k0), y_k1 = σ(u_k1) */
  yK0: 0.75136507,
  yK1: 0.772928465,
  /** E = ½ ((y_k0 − 0.01)² + (y_k1 − 0.99)²) */
  E: 0.298371109,
  /** δ_k0 = (0.75136507 − 0.01)(1 − 0.75136507)(0.75136507); δ_k1 likewise with t = 0.99 */
  deltaK0: 0.138498562,
  deltaK1: -0.038098236,
  /** ∂w_00 of the output layer = y_j0 δ_k0 */
  dwJ0K0: 0.082167041,
  /** ∂y_j0 = δ_k0 · 0.40 + δ_k1 · 0.50; δ_j0 = ∂y_j0 (1 − y_j0) y_j0 */
  dyJ0: 0.036350306,
  deltaJ0: 0.008771354,
  /** after the update: w_00 of the output layer = 0.40 − 0.5 · ∂w_00 */
  wJ0K0After: 0.35891648,
};
