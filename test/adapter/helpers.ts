// Shared helpers for the adapter tests: build dist/debugAdapter.js when its sources are newer, start
// it under DebugClient, launch to the entry stop, and read values back through DAP (evaluate,
// variables). Tests compare against numbers worked out by hand, never against the adapter's output.

import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ROOT = resolve(__dirname, '..', '..');
export const ADAPTER = join(ROOT, 'dist', 'debugAdapter.js');
/** the example file of the 2-2-2 worked example (its layout may change: tests of line numbers use HAND) */
export const EXAMPLE_HAND = join(ROOT, 'examples', 'hand-2-2-2.backprop.json');
export const XOR = join(ROOT, 'examples', 'xor.backprop.json');
export const DIGITS = join(ROOT, 'examples', 'digits-784-128-10.backprop.json');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds the adapter bundle alone, with esbuild.js's own settings, when any of its sources is newer. */
export function ensureAdapter(): void {
  const sources = Math.max(...['src/debug', 'src/engine', 'src/protocol'].map((d) => newest(join(ROOT, d))));
  if (existsSync(ADAPTER) && statSync(ADAPTER).mtimeMs >= sources) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const esbuild = require('esbuild') as typeof import('esbuild');
  const { nodeBundle } = require('../../esbuild.js') as { nodeBundle(): import('esbuild').BuildOptions };
  /* eslint-enable @typescript-eslint/no-require-imports */
  esbuild.buildSync({ ...nodeBundle(), entryPoints: { debugAdapter: 'src/debug/debugAdapter.ts' } });
}

export function client(): DebugClient {
  ensureAdapter();
  const dc = new DebugClient('node', ADAPTER, 'backprop');
  dc.defaultTimeout = 10000;
  return dc;
}

/** The adapter a test of an adapterSuite talks to: `dc`, started before the test and stopped after it. */
export interface Adapter {
  readonly dc: DebugClient;
  /** Stops this adapter and starts a fresh one (a second launch in the same test); resolves with its client. */
  restart(): Promise<DebugClient>;
}

/**
 * A suite whose every test gets a fresh adapter under DebugClient, started in setup and stopped in
 * teardown (also when the test restarted it). `body` registers the tests; read `adapter.dc` in a setup.
 */
export function adapterSuite(title: string, body: (adapter: Adapter) => void): Mocha.Suite {
  return suite(title, () => {
    let dc: DebugClient | undefined;
    const start = async (): Promise<DebugClient> => {
      dc = client();
      await dc.start();
      return dc;
    };
    const adapter: Adapter = {
      get dc() {
        if (!dc) throw new Error('adapterSuite: the adapter starts in setup; read adapter.dc inside a hook or test');
        return dc;
      },
      restart: async () => {
        await dc?.stop();
        return start();
      },
    };
    setup(start);
    teardown(async () => {
      await dc?.stop();
      dc = undefined;
    });
    body(adapter);
  });
}

let scratch: string | undefined;

/**
 * A fresh directory for this test process's files, inside the project's (git-ignored) test-results, never
 * the system temp folder, and removed when the process exits.
 */
export function tempDir(): string {
  if (!scratch) {
    const root = join(ROOT, 'test-results', 'tmp');
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(join(root, 'adapter-'));
    scratch = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return mkdtempSync(join(scratch, 'case-'));
}

/** Writes a network file into a fresh temporary directory and returns its path. */
export function tempNetwork(text: string, name = 'net.backprop.json'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/**
 * The 2-2-2 worked example with a layout the tests own: root object on line 5, layer 1 on line 10,
 * layer 2 on line 16, "loss" on line 22, "learningRate" on line 23.
 */
export const HAND = tempNetwork(
  [
    '// The classic 2-2-2 worked example of backpropagation:',
    '// inputs 0.05 and 0.10, targets 0.01 and 0.99, η = 0.5,',
    '// explicit weights and biases.',
    '',
    '{',
    '  "name": "2-2-2 by hand",',
    '  "layers": [',
    '    { "size": 2 },',
    '    // layer 1',
    '    {',
    '      "size": 2, "activation": "sigmoid",',
    '      "weights": [[0.15, 0.25], [0.20, 0.30]],',
    '      "biases": [0.35, 0.35]',
    '    },',
    '    // layer 2',
    '    {',
    '      "size": 2, "activation": "sigmoid",',
    '      "weights": [[0.40, 0.50], [0.45, 0.55]],',
    '      "biases": [0.60, 0.60]',
    '    }',
    '  ],',
    '  "loss": "sum-of-squares",',
    '  "learningRate": 0.5,',
    '  "batch": { "size": 1, "reduction": "sum" },',
    '  "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] },',
    '  "epochs": 10000',
    '}',
    '',
  ].join('\n'),
  'hand-2-2-2.backprop.json',
);

export interface LaunchOptions {
  stopOnEntry?: boolean;
  granularity?: string;
  explodingGradientThreshold?: number;
  vanishingGradientThreshold?: number;
}

/**
 * Launches `network`; `configure` runs between `initialized` and configurationDone (set breakpoints
 * there). Resolves with the first stopped event.
 */
export async function launch(
  dc: DebugClient,
  network: string,
  options: LaunchOptions = {},
  configure?: () => Promise<unknown>,
): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (configure) await configure();
      return dc.configurationDoneRequest();
    }),
    dc.launch({ type: 'backprop', request: 'launch', name: 'test', network, ...options }),
  ]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/** Sends a request that resumes and resolves with the stopped event that follows. */
export async function resume(dc: DebugClient, request: (dc: DebugClient) => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await request(dc);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

export const step = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.nextRequest({ threadId: 1 }));
export const stepIn = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.stepInRequest({ threadId: 1 }));
export const stepOut = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.stepOutRequest({ threadId: 1 }));
export const stepBack = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.stepBackRequest({ threadId: 1 }));
export const cont = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.continueRequest({ threadId: 1 }));
export const reverseContinue = (dc: DebugClient): Promise<DebugProtocol.StoppedEvent> => resume(dc, (c) => c.reverseContinueRequest({ threadId: 1 }));
export const seek = (dc: DebugClient, iteration: number, position: number): Promise<DebugProtocol.StoppedEvent> =>
  resume(dc, (c) => c.customRequest('backprop.seek', { iteration, position }));

/** The result text of evaluating `expression` at the current stop. */
export async function evaluate(dc: DebugClient, expression: string, context = 'watch'): Promise<string> {
  const r = await dc.evaluateRequest({ expression, context, frameId: 1 });
  return r.body.result;
}

/** A number read through evaluate (full precision, so Number() gives back the exact double). */
export async function num(dc: DebugClient, expression: string): Promise<number> {
  const text = await evaluate(dc, expression);
  const v = Number(text);
  assert.ok(text !== '' && !Number.isNaN(v) || text === 'NaN', `${expression} = ${text} is not a number`);
  return v;
}

export async function where(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

/** Every variable of every scope, expanded two levels (scope → quantity → rows), as "scope/name[/row]" → value. */
export async function dump(dc: DebugClient): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
  for (const s of scopes) {
    for (const v of (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables) {
      out.set(`${s.name}/${v.name}`, v.value);
      if (v.variablesReference) {
        for (const row of (await dc.variablesRequest({ variablesReference: v.variablesReference })).body.variables) {
          out.set(`${s.name}/${v.name}/${row.name}`, row.value);
          if (row.variablesReference) {
            for (const x of (await dc.variablesRequest({ variablesReference: row.variablesReference })).body.variables) out.set(`${s.name}/${v.name}/${row.name}/${x.name}`, x.value);
          }
        }
      }
    }
  }
  return out;
}

export function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} differs from ${expected} by more than ${tolerance}`);
}
