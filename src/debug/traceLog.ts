// The adapter's trace of DAP messages, on demand only (launch attribute `trace: true`): one short line per
// message, the last TRACE_LINES kept in a ring and each also sent to the Debug Console. Nothing is kept
// when tracing is off: @vscode/debugadapter's LoggingDebugSession queued every message of every session
// in a module-global array until a logger was set up, which here never happened (4 GB in minutes).
// Imports nothing.

/** lines kept */
export const TRACE_LINES = 1000;
/** characters of a message kept in its line */
export const TRACE_LINE_CHARS = 300;

export class TraceLog {
  private readonly lines: string[] = [];
  private next = 0;

  /** Adds the line for one message (direction and its JSON, shortened); returns the line. */
  add(direction: '→' | '←', message: unknown): string {
    let json: string;
    try {
      json = JSON.stringify(message, (_k, v: unknown) => (typeof v === 'string' && v.length > TRACE_LINE_CHARS ? `${v.slice(0, 40)}… (${v.length} characters)` : v)) ?? String(message);
    } catch {
      json = String(message);
    }
    const line = `${direction} ${json.length > TRACE_LINE_CHARS ? `${json.slice(0, TRACE_LINE_CHARS)}… (${json.length} characters)` : json}`;
    if (this.lines.length < TRACE_LINES) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % TRACE_LINES;
    return line;
  }

  /** The lines kept, oldest first. */
  all(): string[] {
    return this.lines.length < TRACE_LINES ? [...this.lines] : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
  }
}
