#!/usr/bin/env node
// Runs the plain-Node mocha suites (.mocharc.json) and writes test-results/<name>.json with the counts.
'use strict';
const path = require('path');
const fs = require('fs');
const M = require('mocha');
const Mocha = M.Mocha || M;

const name = process.argv[2] || 'unit';
const root = path.resolve(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
const runnerMocha = new Mocha({ ui: 'tdd', timeout: config.timeout, reporter: 'spec' });
for (const req of config.require || []) require(require.resolve(req, { paths: [root] }));
const { globSync } = require('glob');
for (const pattern of config.spec) for (const f of globSync(pattern, { cwd: root }).sort()) runnerMocha.addFile(path.join(root, f));
const runner = runnerMocha.run((failures) => {
  const stats = runner.stats;
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'test-results', `${name}.json`),
    JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending }),
  );
  process.exitCode = failures ? 1 : 0;
});
