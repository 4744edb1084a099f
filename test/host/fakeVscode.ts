// A stand-in for the `vscode` module, enough for the host's session state and inspector panel to run in
// plain Node: debug sessions started and ended by the test, webview panels that record what they are
// posted and receive what the test sends as the page. Installed before the host modules are required.

/* eslint-disable @typescript-eslint/no-require-imports */
import Module = require('module');

type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  constructor(readonly path: string) {}
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.path, ...parts].join('/'));
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

export class FakePanel {
  /** what the host posted to the page, in order */
  readonly posted: { type: string }[] = [];
  disposed = false;
  private readonly received = new EventEmitter<unknown>();
  private readonly disposing = new EventEmitter<void>();
  iconPath: unknown;
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'fake:',
    asWebviewUri: (u: Uri) => u,
    postMessage: async (m: { type: string }) => (this.disposed ? false : (this.posted.push(m), true)),
    onDidReceiveMessage: this.received.event,
  };
  readonly onDidDispose = this.disposing.event;
  reveal(): void {}
  /** the page sends a message to the host */
  send(message: unknown): void {
    this.received.fire(message);
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposing.fire();
  }
}

export interface FakeSession {
  readonly id: string;
  readonly type: string;
  /** the custom requests asked of it: [command, arguments] */
  readonly asked: [string, unknown][];
  customRequest(command: string, args?: unknown): Promise<unknown>;
}

export class FakeVscode {
  readonly panels: FakePanel[] = [];
  readonly commands: string[] = [];
  readonly errors: string[] = [];
  private readonly starting = new EventEmitter<FakeSession>();
  private readonly ending = new EventEmitter<FakeSession>();
  private trackers: { createDebugAdapterTracker(s: FakeSession): { onDidSendMessage?(m: unknown): void; onWillReceiveMessage?(m: unknown): void } }[] = [];
  private sessions = 0;

  /** the module's exports, as the host sees `vscode` */
  readonly api = {
    EventEmitter,
    Uri,
    ViewColumn: { Beside: -2 },
    l10n: { t: (s: string, ...args: unknown[]) => s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) },
    env: { language: 'en' },
    commands: { executeCommand: async (id: string) => void this.commands.push(id) },
    window: {
      registerWebviewPanelSerializer: () => ({ dispose() {} }),
      createWebviewPanel: () => {
        const panel = new FakePanel();
        this.panels.push(panel);
        return panel;
      },
      showInformationMessage: async () => undefined,
      showErrorMessage: async (m: string) => void this.errors.push(m),
    },
    workspace: {
      getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    debug: {
      activeDebugSession: undefined as FakeSession | undefined,
      onDidStartDebugSession: this.starting.event,
      onDidTerminateDebugSession: this.ending.event,
      registerDebugAdapterTrackerFactory: (_type: string, factory: FakeVscode['trackers'][number]) => {
        this.trackers.push(factory);
        return { dispose() {} };
      },
    },
  };

  /** A backprop session starts; `answer` answers its custom requests. */
  start(answer: (command: string, args: unknown) => unknown): FakeSession {
    const asked: [string, unknown][] = [];
    const session: FakeSession = {
      id: `session-${++this.sessions}`,
      type: 'backprop',
      asked,
      customRequest: async (command, args) => {
        asked.push([command, args]);
        return answer(command, args);
      },
    };
    this.starting.fire(session);
    return session;
  }

  /** The adapter of `session` sends `message` (as the tracker sees it). */
  adapterSends(session: FakeSession, message: unknown): void {
    for (const t of this.trackers) t.createDebugAdapterTracker(session).onDidSendMessage?.(message);
  }

  end(session: FakeSession): void {
    this.ending.fire(session);
  }
}

let installed: FakeVscode | undefined;

/** Makes `require('vscode')` return a fake (once per process); returns it. */
export function installFakeVscode(): FakeVscode {
  if (installed) return installed;
  const fake = new FakeVscode();
  const id = require.resolve('./fakeVscode');
  const M = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? `${id}#vscode` : resolve.call(this, request, ...rest);
  };
  const m = new Module(`${id}#vscode`);
  m.exports = fake.api;
  m.loaded = true;
  require.cache[`${id}#vscode`] = m;
  installed = fake;
  return fake;
}
