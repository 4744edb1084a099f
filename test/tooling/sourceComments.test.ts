// Comments a reader of the code can follow: the sources (src, webview, bench) name no issue numbers of
// this project's tracker, which mean nothing outside it — a comment says what the code promises instead.

import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

suite('source comments', () => {
  test('cite no issue numbers (src, webview, bench)', () => {
    const cited: string[] = [];
    for (const file of ['src', 'webview', 'bench'].flatMap((d) => sources(join(ROOT, d)))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\/\/.*\bissue\s+#?\d|\/\*.*\bissue\s+#?\d|^\s*\*.*\bissue\s+#?\d/i.test(line)) cited.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepStrictEqual(cited, []);
  });
});
