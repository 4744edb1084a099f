#!/usr/bin/env node
// The plain-Node mocha suites, with the settings of .mocharc.json (require, ui, timeout), which
// `npx mocha <files>` uses too. The suites are listed here, not in .mocharc.json: a spec there would be
// run beside the files named on mocha's command line.
//   node scripts/run-mocha.js            every suite, counts in test-results/node.json
//   node scripts/run-mocha.js engine     only the engine's tests (or adapter, unit), counts in test-results/engine.json
// Each test sits beside the layer it tests: test/engine (src/engine; with test/export and test/compare
// in the engine suite), test/adapter (src/debug),
// test/protocol, test/host (src/host, src/inspector, with a fake vscode), test/tooling (lint
// boundaries, translations, comments) and test/webview/*.node.test.ts (the webview's pure modules).
'use strict';
const fs = require('fs');
const path = require('path');
const { runSuite, testFiles } = require('./lib/mocha');

// each suite's files; `unit` gathers the small fast layers (the webview's Chromium tests run elsewhere)
const SUITES = {
  engine: ['test/engine/**/*.test.ts', 'test/export/**/*.test.ts', 'test/compare/**/*.test.ts'],
  adapter: ['test/adapter/**/*.test.ts'],
  unit: ['test/protocol/**/*.test.ts', 'test/host/**/*.test.ts', 'test/tooling/**/*.test.ts', 'test/webview/**/*.node.test.ts'],
};
const root = path.resolve(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
const suite = process.argv[2];
if (suite && !Object.hasOwn(SUITES, suite)) {
  console.error(`[run-mocha] no suite "${suite}"; the suites: ${Object.keys(SUITES).join(', ')}`);
  process.exit(1);
}
const spec = (suite ? [suite] : Object.keys(SUITES)).flatMap((s) => SUITES[s]);
for (const req of config.require || []) require(require.resolve(req, { paths: [root] }));
runSuite(suite || 'node', { files: testFiles(spec), timeout: config.timeout }).catch((err) => {
  console.error(`[run-mocha] ${err.stack || err}`);
  process.exit(1);
});
