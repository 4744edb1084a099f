// How every request of the adapter is answered, whatever it asks: exactly once, with a sentence when it
// fails (never a JavaScript stack), refused with a reason when it cannot be answered now (the subclass
// says why: `refusal`); responses can be followed by code that must run after them (`onResponse`); and,
// when the launch asks for it, each message is traced to the Debug Console (traceLog.ts, bounded).
// The requests themselves are the subclass's (session.ts). Imports @vscode/debugadapter only.

import { DebugSession, OutputEvent, Response } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { TraceLog } from './traceLog';

export abstract class AnsweringSession extends DebugSession {
  private readonly responseListeners = new Set<(response: DebugProtocol.Response) => void>();
  /** the DAP trace, when the launch asks for one */
  private traceLog: TraceLog | undefined;

  /** Why `command` cannot be answered now, or undefined to handle it. */
  protected abstract refusal(command: string): string | undefined;

  /** Turns the trace of messages on or off (on: the lines kept so far stay). */
  protected traceMessages(on: boolean): void {
    this.traceLog = on ? (this.traceLog ?? new TraceLog()) : undefined;
  }

  protected dispatchRequest(request: DebugProtocol.Request): void {
    if (this.traceLog) this.trace('→', request);
    const refused = this.refusal(request.command);
    if (refused !== undefined) return this.fail(new Response(request) as DebugProtocol.Response, refused);
    try {
      super.dispatchRequest(request);
    } catch (e) {
      // the base class would answer with the JavaScript stack: a sentence is enough
      this.fail(new Response(request) as DebugProtocol.Response, (e as Error)?.message ?? String(e));
    }
  }

  /** The base class answers a handler's exception (code 1104) with its stack: send only its message. */
  protected sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: number): void {
    if (codeOrMessage === 1104 && variables && typeof variables._exception === 'string') {
      // a handler met arguments it could not use (a request no client should send)
      return this.fail(response, `${response.command}: invalid arguments (${variables._exception})`);
    }
    super.sendErrorResponse(response, codeOrMessage as DebugProtocol.Message, format, variables, dest);
  }

  /** Answers `response` as failed, with `message`. */
  protected fail(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    this.sendResponse(response);
  }

  sendResponse(response: DebugProtocol.Response): void {
    if (this.traceLog) this.trace('←', response);
    super.sendResponse(response);
    for (const listener of [...this.responseListeners]) listener(response);
  }

  /**
   * Calls `listener` after each response sent. (Not onDidSendMessage: that event holds one listener only,
   * VS Code's for an inline adapter, and another would take its place: the adapter would go deaf.)
   */
  protected onResponse(listener: (response: DebugProtocol.Response) => void): { dispose(): void } {
    this.responseListeners.add(listener);
    return { dispose: () => this.responseListeners.delete(listener) };
  }

  sendEvent(event: DebugProtocol.Event): void {
    if (this.traceLog && event.event !== 'output') this.trace('←', event);
    super.sendEvent(event);
  }

  private trace(direction: '→' | '←', message: unknown): void {
    const line = this.traceLog!.add(direction, message);
    super.sendEvent(new OutputEvent(`${line}\n`, 'console'));
  }
}
