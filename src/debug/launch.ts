// A launch (or restart) of the `backprop` debug type: its configuration's attributes, checked
// (launchArguments.ts), and the network file they name, read without blocking under the host's rules for
// data files, made into a fresh Trainer. Every failure is a sentence, positioned where it can be.

import { resolve } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { loadNetworkFileAsync } from '../engine/load';
import { formatError } from '../engine/spec';
import { Trainer } from '../engine/trainer';
import { checkLaunch, type CheckedLaunch, type Granularity } from './launchArguments';

/** The launch configuration of a `backprop` debug session. */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** path of the *.backprop.json network file */
  network: string;
  /** stop before iteration 1's forward pass (default true) */
  stopOnEntry?: boolean;
  /** what Step Over skips (default 'stop') */
  granularity?: Granularity;
  /** memory for checkpoints and the loss record (default 256) */
  historyMegabytes?: number;
  /** ‖∂w‖ above this is an exploding gradient (default 1000) */
  explodingGradientThreshold?: number;
  /** ‖δ‖ below this is a vanishing gradient (default 1e-7) */
  vanishingGradientThreshold?: number;
  /** the folder a CSV file must be inside (set by the extension host: the workspace folder; default the network file's folder) */
  dataRoot?: string;
  /** the largest CSV file read, in bytes (set by the extension host from backprop.data.maxCsvMegabytes; default 64 MB) */
  maxCsvBytes?: number;
  /** log the DAP messages to the Debug Console, the last 1000 kept (default false) */
  trace?: boolean;
  /** Continue's pace: { iterationsPerSecond: N } or { epochsPerSecond: N } (default: full speed) */
  animate?: { iterationsPerSecond: number } | { epochsPerSecond: number } | false;
}

/** The training a launch asks for, or why there is none. */
export type Loaded = { readonly ok: true; readonly trainer: Trainer; readonly path: string; readonly launch: CheckedLaunch } | { readonly ok: false; readonly message: string };

/** Checks the attributes, reads the network file and makes its trainer. */
export async function loadTraining(args: LaunchArguments): Promise<Loaded> {
  // every attribute checked: a "historyMegabytes" of "64MB" once made the budget NaN
  const checked = checkLaunch(args);
  if (!checked.ok) return { ok: false, message: checked.problem.message };
  const path = resolve(args.network);
  // read without blocking, under the host's rules for data files (its workspace folder, its size cap)
  const result = await loadNetworkFileAsync(path, {
    roots: typeof args.dataRoot === 'string' && args.dataRoot ? [args.dataRoot] : undefined,
    maxCsvBytes: typeof args.maxCsvBytes === 'number' && args.maxCsvBytes > 0 ? args.maxCsvBytes : undefined,
  });
  if (!result.spec) return { ok: false, message: result.errors.map(formatError).join('\n') };
  try {
    return { ok: true, trainer: new Trainer(result.spec, { historyBytes: checked.value.historyMegabytes * 1024 * 1024 }), path, launch: checked.value };
  } catch (e) {
    return { ok: false, message: `${path}:1:1: cannot allocate this network's buffers: ${(e as Error).message}` };
  }
}
