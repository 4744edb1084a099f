// The breakpoints VS Code has set: line breakpoints in the network file (kept as VS Code shows them, so a
// restart compiles them again on the file as it now is) and function breakpoints (`backward:2`, `epoch`…),
// each answered as verified or with the sentence why not. Lines here are the file's, 1-based; the session
// converts the client's. The run loop reads `all()`.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { NetworkSpec } from '../engine/spec';
import { compileBreakpoint, locationOfLine, parseFunctionName, type CompiledBreakpoint } from './breakpoints';

/** A breakpoint as VS Code sets it, its line in the file (1-based). */
export interface SourceBreakpoint {
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export class BreakpointSet {
  private functions: CompiledBreakpoint[] = [];
  private lines: CompiledBreakpoint[] = [];
  /** the line breakpoints where VS Code now shows them (a breakpoint inside a layer's object moves to its first line) */
  private shown: SourceBreakpoint[] = [];

  all(): CompiledBreakpoint[] {
    return [...this.functions, ...this.lines];
  }

  /**
   * The line breakpoints of a file: `spec` is the network's when the file is the one trained, else the
   * reason none can be set there. Answers each (verified at its line, or why not).
   */
  setLines(breakpoints: readonly SourceBreakpoint[], spec: NetworkSpec | string): DebugProtocol.Breakpoint[] {
    const out: DebugProtocol.Breakpoint[] = [];
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of breakpoints) {
      const c = compileBreakpoint(typeof spec === 'string' ? spec : locationOfLine(spec, bp.line), bp);
      if (c.ok) compiled.push(c.breakpoint);
      // a breakpoint set inside a layer's object is shown at the layer's first line
      const at = c.ok && c.breakpoint.location.kind !== 'epoch' ? c.breakpoint.location.line : undefined;
      out.push({ id: c.ok ? c.breakpoint.id : undefined, verified: c.ok, message: c.ok ? undefined : c.message, line: at ?? bp.line });
    }
    if (typeof spec !== 'string') {
      this.shown = breakpoints.map((bp, i) => ({ ...bp, line: out[i].line ?? bp.line }));
      this.lines = compiled;
    }
    return out;
  }

  /** The function breakpoints, checked against a network of `layers` layers (Infinity before launch). */
  setFunctions(breakpoints: readonly DebugProtocol.FunctionBreakpoint[], layers: number): DebugProtocol.Breakpoint[] {
    const out: DebugProtocol.Breakpoint[] = [];
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of breakpoints) {
      const c = compileBreakpoint(parseFunctionName(bp.name, layers), bp);
      if (c.ok) compiled.push(c.breakpoint);
      out.push({ id: c.ok ? c.breakpoint.id : undefined, verified: c.ok, message: c.ok ? undefined : c.message });
    }
    this.functions = compiled;
    return out;
  }

  /** After a restart: the line breakpoints compiled again on the network as it now is (the verified ones returned), hit counts from 0. */
  restart(spec: NetworkSpec): { id: number; line: number }[] {
    const verified: { id: number; line: number }[] = [];
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of this.shown) {
      const c = compileBreakpoint(locationOfLine(spec, bp.line), bp);
      if (!c.ok) continue;
      compiled.push(c.breakpoint);
      verified.push({ id: c.breakpoint.id, line: bp.line });
    }
    this.lines = compiled;
    for (const b of this.functions) b.hits = 0;
    return verified;
  }
}
