// This process's memory as the hardening tests measure it: after a full garbage collection, the V8 heap
// in use plus the memory outside it (typed arrays' buffers are "external"), and the resident set.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Memory {
  /** heap in use + external + array buffers, MiB */
  readonly heap: number;
  /** resident set, MiB */
  readonly rss: number;
}

const MiB = 1024 * 1024;

export function memory(): Memory {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: (m.heapUsed + m.external) / MiB, rss: m.rss / MiB };
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
