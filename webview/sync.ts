// Keeping in step with the host: it sends the whole state after `ready`, then each stop as a delta
// against the state before (src/protocol/delta.ts). A delta against a state this page does not have
// (a message was lost, or the page was reloaded) is not shown: the page asks for the whole state again,
// once until it arrives. Pure; imports the protocol only.

import { applyDelta, type StateDelta } from '../src/protocol/delta';
import type { StateSnapshot } from '../src/protocol/snapshot';

export class StateSync {
  /** the last state as the host sent it, which the next delta applies to */
  private raw: StateSnapshot | undefined;
  /** a whole state has been asked for and not yet received */
  private resyncing = false;

  /** The whole state after `delta`; undefined when it does not apply, after calling `askAgain` (once until a state applies). */
  apply(delta: StateDelta, askAgain: () => void): StateSnapshot | undefined {
    const snapshot = applyDelta(this.raw, delta);
    if (!snapshot) {
      if (!this.resyncing) askAgain();
      this.resyncing = true;
      return undefined;
    }
    this.resyncing = false;
    // kept even if it does not render: the host's next delta is against it
    this.raw = snapshot;
    return snapshot;
  }
}
