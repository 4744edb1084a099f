// A DAP fuzzer: seeded random sequences of requests with hostile arguments against the adapter, in this
// process (as VS Code runs it inline). The adapter must answer every request exactly once, within a few
// seconds, and never throw out of the event loop. Bounded in requests and in time.

import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAND, XOR, tempDir, tempNetwork } from './helpers';
import { InlineClient } from './inline';

const SEEDS = Array.from({ length: 16 }, (_, i) => i + 1);
const REQUESTS_PER_SESSION = 400;
/** the whole fuzz stops sending after this long (the rest of the budget is for the answers in flight) */
const TIME_BUDGET_MS = 25000;

/** xorshift32: the fuzz's own generator, so a seed always gives the same sequence */
function generator(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

const COMMANDS = [
  'initialize', 'launch', 'configurationDone', 'setBreakpoints', 'setFunctionBreakpoints', 'setExceptionBreakpoints', 'continue', 'next', 'stepIn',
  'stepOut', 'stepBack', 'reverseContinue', 'pause', 'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable', 'setExpression',
  'exceptionInfo', 'restart', 'terminate', 'goto', 'source', 'completions', 'cancel', 'backprop.seek', 'backprop.snapshot', 'backprop.gradientCheck',
  'backprop.exportTrace', 'backprop.lossHistory', 'backprop.noSuchRequest', 'disconnect',
] as const;

suite('adapter: DAP fuzz', () => {
  test(`${SEEDS.length} seeded sessions × ${REQUESTS_PER_SESSION} random requests with hostile arguments: every one answered once, nothing thrown`, async function () {
    this.timeout(TIME_BUDGET_MS + 30000);
    const dir = tempDir();
    const small = tempNetwork(readFileSync(HAND, 'utf8').replace('"epochs": 10000', '"epochs": 300'));
    const networks = [HAND, XOR, small, join(dir, 'missing.backprop.json'), dir, '', '\u0000', 'a'.repeat(5000)];
    const thrown: unknown[] = [];
    const onError = (e: unknown): number => thrown.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    const consoleError = console.error;
    const doubled: string[] = [];
    console.error = (...a: unknown[]) => void doubled.push(a.map(String).join(' '));
    const started = performance.now();
    let sent = 0;
    let succeeded = 0;
    let launched = 0;
    const failures: string[] = [];
    try {
      for (const seed of SEEDS) {
        const r = generator(seed);
        const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) });
        const hostile = (): unknown =>
          r.pick([undefined, null, 0, -1, 1, 2.5, NaN, Infinity, -Infinity, 1e308, -0, '', 'x', '🙂', 'a'.repeat(20000), '__proto__', 'constructor', true, [], [1, 2], {}, deep(50), r.int(5000), r.int(20) - 5]);
        const value = <T>(good: T): unknown => (r.chance(0.6) ? good : hostile());
        const expression = (): unknown =>
          value(r.pick(['w[1]', 'w[1][0][0]', 'loss', 'iteration', 'η', 'norm(dw[2])', 'y[2][0]', '(((((((1)))))))', '1/0', 'constructor[1]', '__proto__', 'w[99]', 'a'.repeat(100), '('.repeat(5000), 'sum(', '']));
        const args = (command: string): unknown => {
          if (r.chance(0.08)) return hostile();
          switch (command) {
            case 'initialize':
              return { adapterID: 'backprop', pathFormat: value('path'), linesStartAt1: value(true), locale: value(r.pick(['en', 'ko'])), supportsProgressReporting: value(true) };
            case 'launch':
            case 'restart': {
              const launch = { network: value(r.pick(networks)), stopOnEntry: value(r.chance(0.8)), granularity: value(r.pick(['stop', 'layer', 'iteration', 'epoch'])), historyMegabytes: value(r.pick([1, 4, 64])), trace: value(r.chance(0.2)) };
              return command === 'restart' ? { arguments: value(launch) } : launch;
            }
            case 'setBreakpoints':
              return { source: value({ path: value(r.pick([HAND, XOR, small, ''])) }), breakpoints: value([{ line: value(r.int(30)), condition: value(expression()), hitCondition: value(r.pick(['2', '>1', 'x'])), logMessage: value('{loss}') }]) };
            case 'setFunctionBreakpoints':
              return { breakpoints: value([{ name: value(r.pick(['forward', 'loss', 'backward:2', 'epoch', 'update', 'backward:99', 'nope'])), condition: value(expression()) }]) };
            case 'setExceptionBreakpoints':
              return { filters: value(r.pick([[], ['nonFinite'], ['exploding', 'vanishing', 'deadRelu'], ['nope']])) };
            case 'variables':
              return { variablesReference: value(r.int(40)), start: value(r.int(10)), count: value(r.int(10)), filter: value('indexed') };
            case 'evaluate':
              return { expression: expression(), context: value(r.pick(['watch', 'hover', 'repl'])), frameId: value(1) };
            case 'setVariable':
              return { variablesReference: value(r.int(40)), name: value(r.pick(['η', '[0]', '[99]', 'x'])), value: expression() };
            case 'setExpression':
              return { expression: expression(), value: value(r.pick(['0.5', '1e308', 'NaN', 'x'])) };
            case 'backprop.seek':
              return { iteration: value(r.int(400)), position: value(r.int(12)) };
            case 'backprop.gradientCheck':
              return { maxPerLayer: value(r.pick([1, 64, 1e9, -1])) };
            case 'backprop.exportTrace':
              return { from: value(r.int(50)), to: value(r.int(60)), format: value(r.pick(['jsonl', 'csv', 'table', 'xml'])), path: r.chance(0.5) ? undefined : r.pick([join(dir, `out-${r.int(5)}`), join(dir, 'no', 'such', 'dir', 'x'), 'relative.csv', '', 42, null, {}]), confirmedBytes: value(r.int(1e6)) };
            case 'backprop.lossHistory':
              return { from: value(r.int(500)) };
            case 'cancel':
              return { progressId: value(`backprop-job-${r.int(50)}`), requestId: value(r.int(50)) };
            default:
              return { threadId: value(1), frameId: value(1), levels: value(20) };
          }
        };
        const c = new InlineClient();
        const inFlight: Promise<void>[] = [];
        try {
          for (let i = 0; i < REQUESTS_PER_SESSION && performance.now() - started < TIME_BUDGET_MS; i++) {
            // mostly a sensible start, then anything
            const command = i === 0 ? 'initialize' : i === 1 ? 'launch' : i === 2 ? 'configurationDone' : r.pick(COMMANDS);
            if (command === 'disconnect' && !r.chance(0.1)) continue;
            // the session's own start is a sensible one; everything after it is random
            const a = i === 0 ? { adapterID: 'backprop', pathFormat: 'path', supportsProgressReporting: true } : i === 1 ? { network: r.pick([HAND, XOR, small]), stopOnEntry: true } : args(command);
            sent++;
            const answered = c.request(command, a, 8000).then(
              (response) => {
                if (response.success) succeeded++;
                if (response.success && command === 'launch') launched++;
                if (!response.success && /\n\s+at |\.(ts|js):\d+:\d+/.test(response.message ?? '')) failures.push(`seed ${seed}: ${command} answered with a stack: ${response.message?.slice(0, 300)}`);
              },
              (e: Error) => void failures.push(`seed ${seed}: ${command}(${JSON.stringify(a)?.slice(0, 200)}): ${e.message}`),
            );
            // as VS Code does: configuration after `initialized`, the rest after the launch is answered
            if (i === 1) {
              await Promise.race([c.event('initialized', undefined, 8000).catch(() => undefined), answered]);
              inFlight.push(answered);
            } else if (i === 2) await Promise.all(inFlight.splice(0));
            // launch waits for configurationDone: do not wait for it; wait for most others, so that they interleave with running work
            else if (command === 'launch' || command === 'restart' || r.chance(0.3)) inFlight.push(answered);
            else await answered;
          }
          await Promise.all(inFlight);
        } finally {
          c.dispose();
        }
      }
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      console.error = consoleError;
    }
    console.log(`      ${sent} requests (${succeeded} answered success, ${launched} launches) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.deepStrictEqual(thrown.map(String), []);
    assert.deepStrictEqual(failures, []);
    assert.deepStrictEqual(doubled.filter((d) => /more than one response/.test(d)), [], 'requests answered twice');
    assert.ok(sent >= 1000, `only ${sent} requests sent`);
    assert.ok(!existsSync(join(process.cwd(), 'relative.csv')), 'a relative export path was refused');
    assert.ok(launched >= SEEDS.length / 2 && succeeded >= sent / 4, 'the fuzz reached a launched adapter');
  });
});
