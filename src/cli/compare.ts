// `compare FILE TRACE.jsonl`: runs the engine on the network file and compares a student's trace with it,
// stop by stop in the order training computes; exit 0 when every number agrees, 1 at the first that does
// not (with its equation and, when recognisable, the mistake), 2 for an invalid network file or trace.

import { readFileSync } from 'fs';
import { compareTrace, DEFAULT_TOLERANCE, type Comparison, type Divergence } from '../compare/compare';
import { describeStop, divergenceJson } from '../compare/report';
import { formatProblem, readTrace } from '../compare/traceFile';
import { CSV_OPTION, choice, fail, loadSpec, type Command } from './io';

export const compare: Command = {
  usage: 'compare FILE TRACE.jsonl [--tolerance T] [--format text|json] [--max-csv-mb M]',
  positionals: 2,
  options: ['--tolerance', '--format', CSV_OPTION],
  async run([file, traceFile], flags) {
    const format = choice(flags, 'format', ['text', 'json'] as const);
    const t = flags.get('tolerance');
    const tolerance = t === undefined ? DEFAULT_TOLERANCE : Number(t);
    if (!(tolerance >= 0 && Number.isFinite(tolerance))) fail(`--tolerance must be a number of 0 or more, not "${t}"`, 1);
    const spec = await loadSpec(file, flags);
    let text: string;
    try {
      text = readFileSync(traceFile, 'utf8');
    } catch (e) {
      fail(`${traceFile}: cannot read it: ${(e as Error).message}`, 2);
    }
    const read = readTrace(text, spec);
    if (!read.ok) {
      if (format === 'json') process.stdout.write(JSON.stringify({ error: formatProblem(traceFile, read.problem), line: read.problem.line, field: read.problem.field }) + '\n');
      fail(formatProblem(traceFile, read.problem), 2);
    }
    const result = compareTrace(spec, read.trace, tolerance);
    process.stdout.write(format === 'json' ? JSON.stringify(summaryJson(result)) + '\n' : summaryText(result, traceFile));
    process.exitCode = result.divergence ? 1 : 0;
  },
};

function summaryJson(r: Comparison): object {
  if (!r.divergence) return { agree: true, agreed: r.agreed, iterations: r.iterations };
  return { agree: false, ...divergenceJson(r.divergence), agreed: r.agreed };
}

function summaryText(r: Comparison, traceFile: string): string {
  if (!r.divergence) return `All ${r.agreed} numbers of ${traceFile} agree with the engine (through iteration ${r.iterations}).\n`;
  const d: Divergence = r.divergence;
  return [
    `First difference: ${describeStop(d)} (${traceFile}:${d.line})`,
    `  expected ${d.expected}`,
    `  yours    ${d.got}`,
    `  ${d.equation}`,
    `${r.agreed} numbers agreed before it.`,
    '',
  ].join('\n');
}
