// `numpy FILE [-o OUT.py]`: the network as a self-contained NumPy script that trains it exactly as the
// engine does and prints the same trace (src/export/numpy.ts); to stdout, or to OUT.py.

import { readFileSync, writeFileSync } from 'fs';
import { basename } from 'path';
import { numpyScript, scriptNameFor } from '../export/numpy';
import { CSV_OPTION, fail, loadSpec, writeOut, type Command } from './io';

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
      fileText = undefined; // only describes the data options in a comment
    }
    const script = numpyScript(spec, { networkFile: basename(file), scriptName: out ? basename(out) : scriptNameFor(file), fileText });
    if (out === undefined) {
      writeOut(script);
      return;
    }
    try {
      writeFileSync(out, script);
    } catch (e) {
      fail(`cannot write ${out}: ${(e as Error).message}`, 1);
    }
  },
};
