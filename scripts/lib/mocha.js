// The one way our scripts run mocha: the tdd UI and spec reporter, then one line of counts; suites run
// by scripts/test.js also leave them in test-results/<suite>.json, which test.js sums up.
// Used by scripts/run-mocha.js (plain Node), scripts/test-webview.js (Chromium), scripts/test-vscode.js
// (the UI tests) and test/integration/index.ts (inside VS Code's extension host, where it only prints).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

/**
 * Runs mocha over `files` (absolute paths) and prints "[label] N passed, N failed, N skipped".
 * @param {{ files: string[], label: string, timeout?: number, grep?: string, color?: boolean }} options
 * @returns {Promise<{ failures: number, counts: { passed: number, failed: number, skipped: number } }>}
 */
function runMocha({ files, label, timeout = 20000, grep, color }) {
  if (files.length === 0) return Promise.reject(new Error(`${label}: no test files`));
  const M = require('mocha');
  const Mocha = M.Mocha || M; // mocha 12 exports the class as a property
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout, ...(grep ? { grep } : {}), ...(color === undefined ? {} : { color }) });
  for (const file of files) {
    delete require.cache[file]; // a second run in this process must define its suites again
    mocha.addFile(file);
  }
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      const counts = { passed: s.passes, failed: s.failures, skipped: s.pending };
      console.log(`[${label}] ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      resolve({ failures, counts });
    });
  });
}

/** Writes test-results/<suite>.json = { passed, failed, skipped, ...extra }, what scripts/test.js reads. */
function writeCounts(suite, counts, extra = {}) {
  const dir = path.join(root, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), JSON.stringify({ ...counts, ...extra }));
}

/** runMocha for a suite of its own: its counts also go to test-results/<suite>.json, and the exit code is set. */
async function runSuite(suite, options) {
  const result = await runMocha({ label: suite, ...options });
  writeCounts(suite, result.counts);
  if (result.failures) process.exitCode = 1;
  return result;
}

/** The files matching `patterns` (globs relative to `cwd`, by default the repository), sorted, as absolute paths. */
function testFiles(patterns, cwd = root) {
  const { globSync } = require('glob');
  return globSync(patterns, { cwd }).sort().map((f) => path.join(cwd, f));
}

module.exports = { runMocha, runSuite, writeCounts, testFiles };
