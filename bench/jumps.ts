// `npm run bench`, part "jumps": the debug adapter, inline as in the extension host, trains
// 10⁶ iterations of 2-2-2 and of 100-100-10 with the default history budget, then jumps (the timeline's
// backprop.seek) to random stops among them, timed from the request to the Stopped event; Pause is timed
// while a far jump trains on; the process's memory is measured against the budget. A developer tool.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join, resolve } from 'path';
import { BackpropDebugSession } from '../src/debug/session';

const ITERATIONS = 1_000_000;
const JUMPS = 300;
const TARGET_MS = 50;

/** The adapter inline: requests in, responses and events out. */
class Driver {
  readonly session = new BackpropDebugSession();
  private seq = 1;
  private readonly waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  private readonly listeners = new Set<(e: DebugProtocol.Event) => void>();

  constructor() {
    this.session.onDidSendMessage((message) => {
      const m = message as DebugProtocol.ProtocolMessage;
      if (m.type === 'response') {
        const r = m as DebugProtocol.Response;
        this.waiting.get(r.request_seq)?.(r);
        this.waiting.delete(r.request_seq);
      } else if (m.type === 'event') for (const l of [...this.listeners]) l(m as DebugProtocol.Event);
    });
  }

  request(command: string, args?: unknown): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((done) => {
      this.waiting.set(seq, done);
      // as from VS Code: the message arrives on a later turn of the event loop, after the slice running now
      setImmediate(() => this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request));
    });
  }

  next(event: string): Promise<DebugProtocol.Event> {
    return new Promise((done) => {
      const l = (e: DebugProtocol.Event): void => {
        if (e.event !== event) return;
        this.listeners.delete(l);
        done(e);
      };
      this.listeners.add(l);
    });
  }
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMiB(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1024 / 1024;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** xorshift32, so that every run jumps to the same places */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return Math.floor((s / 4294967296) * n);
  };
}

interface Network {
  readonly title: string;
  readonly text: string;
}

function networks(): Network[] {
  const synthetic = (sizes: number[]): string => {
    const layers = sizes.map((size, l) => (l === 0 ? { size } : { size, activation: l === sizes.length - 1 ? 'softmax' : 'sigmoid' }));
    return JSON.stringify({ name: sizes.join('-'), layers, loss: 'cross-entropy', learningRate: 0.05, batch: { size: 1 }, init: { seed: 1, distribution: 'xavier' }, data: { builtin: 'synthetic', samples: 1000 }, epochs: ITERATIONS / 1000 });
  };
  const hand = readFileSync(resolve(__dirname, '..', 'examples', 'hand-2-2-2.backprop.json'), 'utf8');
  return [
    { title: '2-2-2 (the worked example)', text: hand.replace(/"epochs":\s*\d+/, `"epochs": ${ITERATIONS}`) },
    { title: '100-100-10 (batch 1)', text: synthetic([100, 100, 10]) },
  ];
}

async function evaluate(d: Driver, expression: string): Promise<string> {
  return (await d.request('evaluate', { expression, context: 'watch' })).body?.result as string;
}

/** One network: train through Continue, measure memory, then the jumps and Pause during a far one. */
async function measure(n: Network, dir: string): Promise<{ row: string; pause: number[]; verdict: string }> {
  const path = join(dir, 'net.backprop.json');
  writeFileSync(path, n.text);
  const before = heapMiB();
  const d = await launched(path, { supportsProgressReporting: true });
  const t0 = performance.now();
  const finished = d.next('stopped');
  await d.request('continue', { threadId: 1 });
  await finished;
  const trainSeconds = (performance.now() - t0) / 1000;
  const trained = Number(await evaluate(d, 'iteration'));
  const memory = heapMiB() - before;
  // both networks have two layers of weights: 2 forward, the loss, 2 backward, the update
  const stops = 6;
  const random = generator(12345);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let j = 0; j < JUMPS; j++) {
    const iteration = 1 + random(trained);
    const position = random(stops + 1);
    const stopped = d.next('stopped');
    const s = performance.now();
    const c = process.cpuUsage();
    await d.request('backprop.seek', { iteration, position });
    await stopped;
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  await d.request('disconnect', {});
  d.session.dispose();
  const median = quantile(times, 0.5);
  const p99 = quantile(times, 0.99);
  const max = times[times.length - 1];
  const cpuMax = cpu[cpu.length - 1];
  const row = `| ${n.title} | ${trained.toLocaleString('en')} | ${trainSeconds.toFixed(0)} s | ${memory.toFixed(1)} MiB | ${median.toFixed(1)} ms | ${p99.toFixed(1)} ms | ${max.toFixed(1)} ms | ${quantile(cpu, 0.5).toFixed(1)} ms | ${cpuMax.toFixed(1)} ms |`;
  // judged on the CPU time the jump took: wall time also counts whatever else the machine runs meanwhile
  return { row, pause: [], verdict: `${n.title.split(' ')[0]} any jump among 10⁶ iterations ≤ ${TARGET_MS} ms: ${cpuMax <= TARGET_MS ? 'PASS' : 'FAIL'} (max ${cpuMax.toFixed(1)} ms of CPU, ${max.toFixed(1)} ms of wall time)` };
}

/** A session of 784-128-10 (batch 32) at its entry stop, trained for 10,000 epochs at most. */
async function digits(dir: string, initialize: Record<string, unknown> = {}): Promise<Driver> {
  const path = join(dir, 'digits.backprop.json');
  const text = readFileSync(resolve(__dirname, '..', 'examples', 'digits-784-128-10.backprop.json'), 'utf8');
  writeFileSync(path, text.replace(/"epochs":\s*\d+/, '"epochs": 10000'));
  return launched(path, initialize);
}

/** A session on the network file at `path`, launched as VS Code does and standing at its entry stop. */
async function launched(path: string, initialize: Record<string, unknown>): Promise<Driver> {
  const d = new Driver();
  await d.request('initialize', { adapterID: 'backprop', pathFormat: 'path', ...initialize });
  const initialized = d.next('initialized');
  const entry = d.next('stopped');
  const launch = d.request('launch', { network: path });
  await initialized;
  await d.request('configurationDone');
  await launch;
  await entry;
  return d;
}

/** Times from sending `threads` to its answer, at `count` moments while `work` runs. */
async function answersDuring(d: Driver, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    await new Promise((r) => setTimeout(r, 20 + 7 * k));
    const s = performance.now();
    await d.request('threads');
    times.push(performance.now() - s);
  }
  return times;
}

/**
 * How long a request waits while long work runs on 784-128-10: a far jump (training on to iteration
 * 100,000; Pause timed), an export of the whole run (320 iterations as CSV, 4.8 GB: `threads` timed, then
 * Pause cancels it), a whole-network gradient check (101,770 entries: `threads` timed, then cancelled).
 */
async function responsiveness(dir: string): Promise<{ label: string; times: number[] }[]> {
  const out: { label: string; times: number[] }[] = [];
  let d = await digits(dir);
  const pauses: number[] = [];
  for (let k = 0; k < 20; k++) {
    const stopped = d.next('stopped');
    await d.request('backprop.seek', { iteration: 100000, position: 0 });
    await new Promise((r) => setTimeout(r, 50 + 10 * k));
    const s = performance.now();
    await d.request('pause', { threadId: 1 });
    pauses.push(performance.now() - s);
    await stopped;
  }
  out.push({ label: 'Pause during a far jump', times: pauses });
  d.session.dispose();
  d = await digits(dir);
  const estimate = (await d.request('backprop.exportTrace', { from: 1, to: 320, format: 'csv' })).body.bytes as number;
  const exporting = d.request('backprop.exportTrace', { from: 1, to: 320, format: 'csv', path: join(dir, 'trace.csv'), confirmedBytes: estimate });
  out.push({ label: 'a request during an export of 320 iterations', times: await answersDuring(d, 20) });
  await d.request('pause', { threadId: 1 });
  await exporting;
  const checking = d.request('backprop.gradientCheck', { maxPerLayer: 1e9 });
  out.push({ label: 'a request during a whole-network gradient check', times: await answersDuring(d, 20) });
  d.session.dispose();
  await checking.catch(() => undefined);
  return out.map((o) => ({ ...o, times: o.times.sort((a, b) => a - b) }));
}

export async function jumpBench(): Promise<{ lines: string[]; verdicts: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-bench-'));
  try {
    const lines = [
      `Jumps (the timeline's backprop.seek through the adapter, inline), default history budget 256 MiB, ${JUMPS} random stops among the iterations trained, request → Stopped event; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the start:`,
      '',
      '| network | iterations trained | Continue took | memory kept (heap + buffers, after GC) | median jump | p99 | max | median CPU | max CPU |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ];
    const verdicts: string[] = [];
    for (const n of networks()) {
      const r = await measure(n, dir);
      lines.push(r.row);
      verdicts.push(r.verdict);
    }
    lines.push('', 'Requests while long work runs on 784-128-10 (batch 32), request → response:', '');
    for (const r of await responsiveness(dir)) {
      const max = r.times[r.times.length - 1];
      lines.push(`- ${r.label}: median ${quantile(r.times, 0.5).toFixed(1)} ms, max ${max.toFixed(1)} ms over ${r.times.length} tries`);
      verdicts.push(`${r.label} answered within 100 ms: ${max <= 100 ? 'PASS' : 'FAIL'} (max ${max.toFixed(1)} ms)`);
    }
    return { lines, verdicts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
