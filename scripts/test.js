#!/usr/bin/env node
// `npm test`: builds once, then runs every suite in order (engine, adapter and unit in plain Node, the
// webview in headless Chromium, integration and UI inside a real VS Code through code-server).
// Each suite writes test-results/<suite>.json with its counts; the last line sums them up as
// "N passed, N failed" so CI can read it whatever the runners print.
//   node scripts/test.js [step ...]   only these steps, e.g. `npm run test:fast` = build engine adapter unit
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');

/** Each step: a name and the command that runs it. `counts`: the step writes test-results/<name>.json. */
const steps = [
  { name: 'build', cmd: ['node', 'esbuild.js'] },
  // Debian's Chromium and code-server (tools/code-server): a no-op once installed
  { name: 'setup', cmd: ['bash', 'scripts/setup-vscode.sh'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', cmd: ['npx', 'eslint', 'src', 'webview', 'test', 'bench', 'scripts'] },
  { name: 'engine', cmd: ['node', 'scripts/run-mocha.js', 'engine'], counts: true },
  { name: 'adapter', cmd: ['node', 'scripts/run-mocha.js', 'adapter'], counts: true },
  { name: 'unit', cmd: ['node', 'scripts/run-mocha.js', 'unit'], counts: true },
  { name: 'webview', cmd: ['node', 'scripts/test-webview.js', '--no-build'], counts: true },
  { name: 'vscode', cmd: ['node', 'scripts/test-vscode.js', '--no-build'], counts: true },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !steps.some((s) => s.name === name));
if (unknown.length) {
  console.error(`[test] no step ${unknown.join(', ')}; the steps: ${steps.map((s) => s.name).join(', ')}`);
  process.exit(1);
}
const chosen = steps.filter((s) => !only.length || only.includes(s.name));
// a whole run starts from an empty test-results/; a partial one removes only the counts it will write
if (only.length) for (const s of chosen) fs.rmSync(path.join(results, `${s.name}.json`), { force: true });
else fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });

// Every step's temporary files (tsx's cache, Playwright's artifacts, code-server's sockets, the suites'
// own scratch folders) go to one folder of this run's in the system temp folder, removed at the end: a
// run leaves nothing there, even when a tool forgets to clean up after itself. (A short path: sockets
// live there, and a Unix socket's path is limited to 107 bytes.)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-test-'));
const env = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of chosen) {
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const file = step.counts && path.join(results, `${step.name}.json`);
  if (file && fs.existsSync(file)) {
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped || 0;
    console.log(`=== ${step.name}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${seconds} s)`);
  } else if (file) {
    failed += 1; // a suite that wrote no counts did not run: one failure, never a silent zero
    console.log(`=== ${step.name}: wrote no ${path.relative(root, file)}`);
  }
  if (run.status !== 0) {
    if (!file) failed += 1;
    console.log(`=== ${step.name} FAILED (exit ${run.status}, ${seconds} s)`);
  }
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
