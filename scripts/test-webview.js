#!/usr/bin/env node
// The inspector webview's tests in headless Chromium (scripts/lib/chromium.js: Debian's, or
// CHROMIUM_PATH): runs the mocha suites of test/webview/ (TypeScript through tsx) against
// dist/webview.js, and writes test-results/webview.json with the counts. Builds first (`node esbuild.js`)
// unless --no-build (npm test builds once for every suite). Screenshots go to test-results/screenshots/webview-*.png.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const { runSuite, testFiles } = require('./lib/mocha');

const root = path.resolve(__dirname, '..');
if (!process.argv.includes('--no-build')) {
  const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
require(require.resolve('tsx/cjs', { paths: [root] }));
// *.node.test.ts: the pure modules' tests, run in plain Node with the unit suite (scripts/run-mocha.js)
const files = testFiles('test/webview/**/*.test.ts').filter((f) => !f.endsWith('.node.test.ts'));
runSuite('webview', { files, timeout: 60000 }).catch((err) => {
  console.error(`[test-webview] ${err.stack || err}`);
  process.exit(1);
});
