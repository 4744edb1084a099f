#!/usr/bin/env node
// The plain-Node mocha suites, with the settings of .mocharc.json (require, ui, timeout), which
// `npx mocha <files>` uses too. The suites are listed here, not in .mocharc.json: a spec there would be
// run beside the files named on mocha's command line.
//   node scripts/run-mocha.js            every suite, counts in test-results/node.json
//   node scripts/run-mocha.js engine     only test/engine/ (or adapter, unit: test/unit/ and test/webview/*.node.test.ts), counts in test-results/engine.json
'use strict';
const fs = require('fs');
const path = require('path');
const { runSuite, testFiles } = require('./lib/mocha');

const SUITES = ['engine', 'adapter', 'unit'];
// the webview's pure modules (equations, model, format, …) are tested in plain Node beside its Chromium tests
const EXTRA = { unit: ['test/webview/**/*.node.test.ts'] };
const root = path.resolve(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
const suite = process.argv[2];
if (suite && !SUITES.includes(suite)) {
  console.error(`[run-mocha] no suite "${suite}"; the suites: ${SUITES.join(', ')}`);
  process.exit(1);
}
const spec = (suite ? [suite] : SUITES).flatMap((s) => [`test/${s}/**/*.test.ts`, ...(EXTRA[s] || [])]);
for (const req of config.require || []) require(require.resolve(req, { paths: [root] }));
runSuite(suite || 'node', { files: testFiles(spec), timeout: config.timeout }).catch((err) => {
  console.error(`[run-mocha] ${err.stack || err}`);
  process.exit(1);
});
