#!/usr/bin/env node
// The inspector webview's tests in Debian's headless Chromium (playwright-core): runs the mocha suites
// of test/webview/ (TypeScript through tsx) against dist/webview.js, which `node esbuild.js` builds
// first (npm test does; so does this script when the bundle is missing), and writes
// test-results/webview.json with the counts. Screenshots go to test-results/screenshots/webview-*.png.
'use strict';
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const M = require('mocha');
const Mocha = M.Mocha || M;
const { globSync } = require('glob');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'dist', 'webview.js')) || process.argv.includes('--build')) {
  const built = spawnSync('node', ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
require(require.resolve('tsx/cjs', { paths: [root] }));

const mocha = new Mocha({ ui: 'tdd', timeout: 60000, reporter: 'spec' });
for (const f of globSync('test/webview/**/*.test.ts', { cwd: root }).sort()) mocha.addFile(path.join(root, f));
const runner = mocha.run((failures) => {
  const stats = runner.stats;
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'webview.json'), JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending }));
  process.exitCode = failures ? 1 : 0;
});
