#!/usr/bin/env node
// The plain-Node mocha suites, with the settings of .mocharc.json (which `npx mocha <files>` uses too).
//   node scripts/run-mocha.js            every suite of .mocharc.json's spec, counts in test-results/node.json
//   node scripts/run-mocha.js engine     only test/engine/ (or adapter, unit), counts in test-results/engine.json
'use strict';
const fs = require('fs');
const path = require('path');
const { runSuite, testFiles } = require('./lib/mocha');

const root = path.resolve(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
const suite = process.argv[2];
let spec = config.spec;
if (suite) {
  spec = spec.filter((pattern) => pattern.startsWith(`test/${suite}/`));
  if (spec.length === 0) {
    console.error(`[run-mocha] no suite "${suite}" in .mocharc.json's spec: ${config.spec.join(', ')}`);
    process.exit(1);
  }
}
for (const req of config.require || []) require(require.resolve(req, { paths: [root] }));
runSuite(suite || 'node', { files: testFiles(spec), timeout: config.timeout }).catch((err) => {
  console.error(`[run-mocha] ${err.stack || err}`);
  process.exit(1);
});
