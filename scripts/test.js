#!/usr/bin/env node
// `npm test`: builds once, then runs every suite in order (engine and adapter in plain Node, the
// webview in headless Chromium, integration and UI inside a real VS Code through code-server).
// Each suite writes test-results/<suite>.json with its counts; the last line sums them up as
// "N passed, N failed" so CI can read it whatever the runners print.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });

/** Each step: a name and the command that runs it. `counts` names the JSON file the step writes. */
const steps = [
  { name: 'build', cmd: ['node', 'esbuild.js'] },
  // Debian's Chromium and code-server (tools/code-server): a no-op once installed
  { name: 'setup', cmd: ['bash', 'scripts/setup-vscode.sh'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', cmd: ['npx', 'eslint', 'src', 'webview', 'test', 'bench', 'scripts'] },
  { name: 'unit', cmd: ['node', 'scripts/run-mocha.js', 'unit'], counts: 'unit' },
];
for (const extra of ['scripts/test-webview.js', 'scripts/test-vscode.js']) {
  if (fs.existsSync(path.join(root, extra))) {
    const name = path.basename(extra, '.js').replace(/^test-/, '');
    steps.push({ name, cmd: ['node', extra, ...(name === 'vscode' ? ['--no-build'] : [])], counts: name });
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const only = process.argv.slice(2);
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const file = step.counts && path.join(results, `${step.counts}.json`);
  if (file && fs.existsSync(file)) {
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped || 0;
    console.log(`=== ${step.name}: ${c.passed} passed, ${c.failed} failed (${seconds} s)`);
  }
  if (run.status !== 0) {
    if (!file || !fs.existsSync(file)) failed += 1;
    console.log(`=== ${step.name} FAILED (exit ${run.status}, ${seconds} s)`);
  }
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
