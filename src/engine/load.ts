// Reads a network file from disk (Node only): the file itself and any CSV it names, relative to it.
// Used by the CLI, the debug adapter and the extension host. Imports nothing from VS Code.

import { readFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { parseNetwork, type ParseResult } from './parse';

/** Parses the network file at `path`; a file that cannot be read is reported as an error too. */
export function loadNetworkFile(path: string, text?: string): ParseResult {
  let source = text;
  if (source === undefined) {
    try {
      source = readFileSync(path, 'utf8');
    } catch (e) {
      return { spec: undefined, errors: [{ file: path, line: 1, column: 1, offset: 0, length: 0, message: `cannot read the network file: ${(e as Error).message}` }] };
    }
  }
  const base = dirname(resolve(path));
  return parseNetwork(source, { file: path, readFile: (relative) => readFileSync(resolve(base, relative), 'utf8') });
}
