// A student's trace loaded into a debug session (launch attribute `compareWith`, or the command Backprop:
// Compare With Trace…): read and checked against the network (src/compare), compared once in full on a
// scratch trainer for the summary (how many numbers agreed before the first difference), then checked
// live at each stop of the session by the exception rule "Differs from your trace" (exceptions.ts), and
// shown beside the engine's numbers in the state the inspector gets. Never `vscode`.

import { access, readFile, stat } from 'fs/promises';
import { dirname, isAbsolute, resolve } from 'path';
import { agrees, checkStop, DEFAULT_TOLERANCE, expectedOf, largest, walk, type Comparison, type StopCheck } from '../compare/compare';
import { describeStop } from '../compare/report';
import { formatProblem, readTrace, type StudentTrace } from '../compare/traceFile';
import { compareWords } from '../compare/words';
import { QUANTITIES } from '../engine/quantities';
import { Trainer } from '../engine/trainer';
import { nonFiniteName, type CompareSnapshot, type NonFinite } from '../protocol/snapshot';

/** the student's numbers sent to the inspector per matrix, at most (the tables show up to 256 cells) */
const MAX_SENT_CELLS = 4096;
/** the largest trace read into the extension host (a student's trace of a few iterations is kilobytes) */
const MAX_TRACE_BYTES = 256 * 1024 * 1024;

/** A JSON-safe number: finite as is, else its name. */
const wire = (v: number): number | NonFinite => (Number.isFinite(v) ? v : nonFiniteName(v));

export class TraceComparison {
  private constructor(
    /** absolute path of the trace file */
    readonly file: string,
    readonly trace: StudentTrace,
    readonly tolerance: number,
    /** the whole comparison from the start of training, on a scratch trainer */
    readonly summary: Comparison,
  ) {}

  /**
   * Reads the trace at `path` (relative: to the network file's folder, then `roots`) and compares it in full;
   * a sentence naming the file, line and field when it cannot be read or compared.
   */
  static async load(path: string, trainer: Trainer, networkPath: string, roots: readonly string[] = [], tolerance = DEFAULT_TOLERANCE): Promise<TraceComparison | string> {
    const candidates = isAbsolute(path) ? [path] : [dirname(networkPath), ...roots].map((r) => resolve(r, path));
    let file = candidates[0];
    for (const c of candidates) {
      try {
        await access(c);
        file = c;
        break;
      } catch {
        // the next folder
      }
    }
    let text: string;
    try {
      const size = (await stat(file)).size;
      if (size > MAX_TRACE_BYTES) return `${file}: the trace is ${Math.round(size / 1048576)} MB; at most ${MAX_TRACE_BYTES / 1048576} MB is compared in the debugger (\`cli.js compare\` takes more)`;
      text = await readFile(file, 'utf8');
    } catch (e) {
      return `${file}: cannot read the trace to compare with: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`;
    }
    const read = readTrace(text, trainer.spec);
    if (!read.ok) return formatProblem(file, read.problem);
    let scratch: Trainer;
    try {
      scratch = new Trainer(trainer.spec, { record: false });
    } catch (e) {
      return `${file}: cannot compare: ${(e as Error).message}`;
    }
    const steps = walk(scratch, read.trace, tolerance);
    let r = steps.next();
    // a long trace: give the event loop a turn between iterations
    for (let n = 1; !r.done; n++) {
      if (n % 64 === 0) await new Promise((done) => setImmediate(done));
      r = steps.next();
    }
    return new TraceComparison(file, read.trace, tolerance, r.value);
  }

  /**
   * The trace's numbers of the stop the trainer has just done, against the trainer's (does not mutate). Cheap
   * at every stop: the diagnoses that train again are the full comparison's, taken when it is the same place.
   */
  check(trainer: Trainer): StopCheck {
    const here = checkStop(trainer, this.trace, this.tolerance, false);
    const d = here.divergence;
    const first = this.summary.divergence;
    if (d && first && d.iteration === first.iteration && d.position === first.position && d.layer === first.layer && d.quantity === first.quantity && d.index.join() === first.index.join() && Object.is(d.expected, first.expected)) {
      return { agreed: here.agreed, divergence: first };
    }
    return here;
  }

  /** "N numbers agreed before iteration 3 · backward · layer 1 · δ[0][0]", or that all agree. */
  get sentence(): string {
    const s = this.summary;
    const w = compareWords();
    return s.divergence ? w.agreedBefore(s.agreed, describeStop(s.divergence)) : w.allAgree(s.agreed, s.iterations);
  }

  /** What the inspector shows at this stop: the student's numbers beside the engine's, the differing ones marked. */
  snapshot(trainer: Trainer, here?: StopCheck): CompareSnapshot {
    const S = trainer.stops.length;
    const yours: CompareSnapshot['yours'][number][] = [];
    for (let l = 0; l < trainer.layers.length; l++) {
      for (const q of QUANTITIES) {
        if ((l === 0 && q !== 'y') || !trainer.isComputed(l, q)) continue;
        // after the update, w and b are the next iteration's (the trace holds those the forward pass used)
        const iteration = (q === 'w' || q === 'b') && trainer.position === S ? trainer.iteration + 1 : trainer.iteration;
        const given = this.trace.records.get(iteration)?.layers.get(l)?.get(q);
        if (!given || given.data.length > MAX_SENT_CELLS) continue;
        const e = expectedOf(trainer, l, q);
        const floor = largest(e);
        const differs: number[] = [];
        for (let x = 0; x < given.data.length; x++) if (!agrees(e.at(Math.floor(x / e.cols), x % e.cols), given.data[x], floor, this.tolerance)) differs.push(x);
        yours.push({ layer: l, quantity: q, values: Array.from(given.data, wire), differs });
      }
    }
    const d = here?.divergence ?? this.summary.divergence;
    return {
      file: this.file,
      agreed: this.summary.agreed,
      sentence: this.sentence,
      here: here?.divergence !== undefined,
      first: d && {
        iteration: d.iteration,
        phase: d.phase,
        layer: d.layer,
        quantity: d.quantity,
        index: [...d.index],
        expected: wire(d.expected),
        got: wire(d.got),
        equation: d.equation,
        where: describeStop(d),
      },
      yours,
    };
  }
}
