// Every user-visible string has its Korean translation: the manifest's (package.nls*.json) and the
// host's (l10n bundles, exported from the vscode.l10n.t calls in src/ by `npm run l10n`).

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');
const read = (p: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));

suite('localisation', () => {
  test('the manifest uses only keys that package.nls.json defines, and Korean has them all', () => {
    const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const en = read('package.nls.json');
    const ko = read('package.nls.ko.json');
    const used = [...manifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    for (const key of used) assert.ok(key in en, `package.json uses %${key}% that package.nls.json lacks`);
    assert.deepStrictEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  });

  test('the l10n bundle is up to date with the source, and every string has a Korean translation', function () {
    this.timeout(60000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    let fresh: Record<string, string>;
    try {
      const r = spawnSync(process.execPath, [require.resolve('@vscode/l10n-dev/dist/cli.js', { paths: [root] }), 'export', '--outDir', out, path.join(root, 'src')], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    } finally {
      fs.rmSync(out, { recursive: true, force: true }); // nothing left in the temp folder
    }
    assert.deepStrictEqual(Object.keys(read('l10n/bundle.l10n.json')).sort(), Object.keys(fresh).sort(), 'run `npm run l10n` and translate the new strings');
    const ko = read('l10n/bundle.l10n.ko.json');
    for (const key of Object.keys(fresh)) assert.ok(ko[key] && ko[key].trim(), `no Korean for "${key}"`);
    for (const [key, value] of Object.entries(ko)) {
      const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepStrictEqual(placeholders(value), placeholders(key), `placeholders differ in "${key}"`);
    }
  });
});
