// The adapter in this process, driven the way VS Code drives an inline adapter (handleMessage in,
// onDidSendMessage out, dispose at the end): for the tests that measure this process's memory and CPU,
// run hundreds of sessions, or fuzz requests quickly. Keeps no message it is not asked to wait for.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { BackpropDebugSession } from '../../src/debug/session';

type Listener = (message: DebugProtocol.ProtocolMessage) => void;

export class InlineClient {
  readonly session = new BackpropDebugSession();
  private seq = 1;
  private readonly pending = new Map<number, (r: DebugProtocol.Response) => void>();
  private readonly listeners = new Set<Listener>();
  /** responses received, by request seq (to catch a second response to one request) */
  readonly answered = new Map<number, number>();
  /** messages received in all */
  received = 0;

  constructor() {
    this.session.onDidSendMessage((message) => {
      const m = message as DebugProtocol.ProtocolMessage;
      this.received++;
      if (m.type === 'response') {
        const r = m as DebugProtocol.Response;
        this.answered.set(r.request_seq, (this.answered.get(r.request_seq) ?? 0) + 1);
        const resolve = this.pending.get(r.request_seq);
        this.pending.delete(r.request_seq);
        resolve?.(r);
      }
      for (const l of this.listeners) l(m);
    });
  }

  /** Sends a request; resolves with its response (success or not), rejects after `timeout` ms without one. */
  request(command: string, args?: unknown, timeout = 10000): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`no response to ${command} (seq ${seq}) within ${timeout} ms`));
      }, timeout);
      this.pending.set(seq, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      // as from VS Code: the message arrives on a later turn of the event loop, after the slice running now
      setImmediate(() => this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request));
    });
  }

  /** The next event named `event` (that `accept` accepts), within `timeout` ms. */
  event(event: string, accept: (e: DebugProtocol.Event) => boolean = () => true, timeout = 10000): Promise<DebugProtocol.Event> {
    return new Promise((resolve, reject) => {
      const listener: Listener = (m) => {
        if (m.type !== 'event' || (m as DebugProtocol.Event).event !== event || !accept(m as DebugProtocol.Event)) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(m as DebugProtocol.Event);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${event} event within ${timeout} ms`));
      }, timeout);
      this.listeners.add(listener);
    });
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** initialize, launch, configurationDone: resolves with the launch response (and the first stop when it succeeded). */
  async launch(args: Record<string, unknown>, initialize: Record<string, unknown> = {}): Promise<{ launch: DebugProtocol.Response; stopped?: DebugProtocol.Event }> {
    await this.request('initialize', { adapterID: 'backprop', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', ...initialize });
    const stopped = this.event('stopped').catch(() => undefined);
    const initialized = this.event('initialized', undefined, 3000).catch(() => undefined);
    const launch = this.request('launch', { type: 'backprop', request: 'launch', name: 'test', ...args });
    if (await Promise.race([initialized, launch.then(() => undefined)])) await this.request('configurationDone');
    const response = await launch;
    return { launch: response, stopped: response.success ? await stopped : undefined };
  }

  dispose(): void {
    this.listeners.clear();
    this.session.dispose();
  }
}
