// `numpy FILE [-o OUT.py]`: the network as a self-contained NumPy script that trains it exactly as the
// engine does and prints the same trace (src/export/numpy.ts); to stdout, or to OUT.py. Written in
// chunks as it is made, so a large data set written out into the script never becomes one string.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'fs';
import { basename } from 'path';
import { scriptNameFor, writeNumpyScript } from '../export/numpy';
import { CSV_OPTION, fail, loadSpec, writeOut, type Command } from './io';

/** Collects the script's small pieces into chunks of about 64 KB for `flush`. */
function chunked(flush: (chunk: string) => void): { add: (text: string) => void; end: () => void } {
  let parts: string[] = [];
  let length = 0;
  const end = (): void => {
    if (parts.length) flush(parts.join(''));
    parts = [];
    length = 0;
  };
  return {
    add(text) {
      parts.push(text);
      length += text.length;
      if (length >= 1 << 16) end();
    },
    end,
  };
}

export const numpy: Command = {
  usage: 'numpy FILE [-o OUT.py] [--max-csv-mb M]',
  positionals: 1,
  options: ['-o', CSV_OPTION],
  async run([file], flags) {
    const spec = await loadSpec(file, flags);
    const out = flags.get('o');
    let fileText: string | undefined;
    try {
      fileText = readFileSync(file, 'utf8');
    } catch {
      fileText = undefined; // it only describes the data options in a comment
    }
    const options = { networkFile: basename(file), scriptName: out ? basename(out) : scriptNameFor(file), fileText };
    if (out === undefined) {
      const stdout = chunked(writeOut);
      writeNumpyScript(spec, stdout.add, options);
      stdout.end();
      return;
    }
    let fd: number;
    try {
      fd = openSync(out, 'w');
    } catch (e) {
      fail(`cannot write ${out}: ${(e as Error).message}`, 1);
    }
    try {
      const script = chunked((chunk) => writeSync(fd, chunk));
      writeNumpyScript(spec, script.add, options);
      script.end();
      closeSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(out); // no half-written script
      fail(`cannot write ${out}: ${(e as Error).message}`, 1);
    }
  },
};
