#!/usr/bin/env node
// `npm run test:vscode`: the tests that need a real VS Code, run in code-server (see scripts/lib/codeServer.js).
//   phase 1, integration: test/integration/*.test.ts, bundled into out/integration/, run by mocha
//            inside the real extension host (test/integration/index.ts is the extensionTestsPath);
//   phase 2, UI: test/ui/*.test.js, run by mocha here, driving the workbench with Playwright.
// By default the integration phase runs on the working tree loaded as a development extension, then both
// phases on the packaged .vsix (`npm run package`) installed with --install-extension: what the
// marketplace would ship is what a person's keys and clicks are tested on (the UI phase runs once, as it
// is most of the time; --no-vsix runs both phases on the working tree).
// Writes test-results/vscode.json = {passed, failed, skipped, activationMs} over all runs; exits 1 on any failure.
// Options:
//   --no-vsix               only the development-extension pass (no packaging)
//   --vsix <file>           only test this packaged extension
//   --update-screenshots    copy the UI tests' published screenshots (from the last pass) to media/screenshots/
//   --no-build              use dist/ as it is (e.g. after `npm test`'s own build step)
//   --integration-only / --ui-only
//   --ui-files a.test.js,b.test.js   only these files of test/ui/ (names or globs)
//   --grep PATTERN          only the UI tests whose titles match (mocha's --grep)
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('./lib/codeServer');
const { runMocha, testFiles, writeCounts } = require('./lib/mocha');

const root = cs.root;
const outDir = path.join(root, 'out', 'integration');

/** Bundles test/integration/*.test.ts and index.ts into out/integration/ (also used by test/electron/run.js). */
async function buildIntegrationTests() {
  const esbuild = require('esbuild');
  const { globSync } = require('glob');
  fs.rmSync(outDir, { recursive: true, force: true }); // no stale tests from deleted files
  const src = path.join(root, 'test', 'integration');
  await esbuild.build({
    entryPoints: globSync(['index.ts', '**/*.test.ts'], { cwd: src }).map((f) => path.join(src, f)),
    outbase: src,
    outdir: outDir,
    bundle: true, // each test file carries the src/ modules it imports
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // 'vscode' is the host's; mocha and glob resolve at run time from the repo's node_modules.
    packages: 'external',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}

/**
 * Phase 1: opens the workbench with developmentOptions.extensionTestsPath; the extension host runs the
 * mocha runner, its console arrives through codeAutomationLog, its result through codeAutomationExit.
 */
async function runIntegration({ extensionsDir, devExtension, workspace, testsPath, timeoutMs }) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let sawCounts = false;
  let extensionPath;
  const server = await cs.startCodeServer({ workspace, extensionsDir });
  const browser = await cs.launchBrowser();
  try {
    const { page } = browser;
    let resolveExit;
    const exit = new Promise((resolve) => { resolveExit = resolve; });
    const timer = setTimeout(() => { console.error(`[test-vscode] integration suite timed out after ${timeoutMs} ms`); resolveExit(2); }, timeoutMs);
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = args.map(String).join(' ');
      const m = /BACKPROP_TEST_COUNTS (\{.*\})/.exec(line);
      if (m) { Object.assign(counts, JSON.parse(m[1])); sawCounts = true; return; }
      const e = /BACKPROP_EXTENSION_PATH (.*)$/.exec(line);
      if (e) { extensionPath = e[1].trim(); return; }
      (console[type] || console.log)(...args);
    });
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await cs.injectDevelopmentOptions(page, server.host, {
      extensions: [devExtension], // the repo itself; --vsix: a stub (the installed copy is under test)
      extensionTestsPath: testsPath,
    });
    await page.goto(server.url);
    const code = await exit;
    clearTimeout(timer);
    if (code !== 0 && !sawCounts) counts.failed += 1; // crashed before reporting: count the suite as one failure
    if (code !== 0) {
      console.error(`[test-vscode] extension host exited with ${code}; last lines of ${server.logFile}:`);
      console.error(fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n'));
    }
    return { code, counts, extensionPath };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Phase 2: mocha in this process over test/ui/*.test.js; each suite starts its own workbench. */
async function runUi({ extensionsDir, screenshotsDir, publish, files = ['**/*.test.js'], grep }) {
  if (extensionsDir) process.env.BACKPROP_EXTENSIONS_DIR = extensionsDir;
  else delete process.env.BACKPROP_EXTENSIONS_DIR;
  process.env.BACKPROP_SCREENSHOTS_DIR = screenshotsDir;
  if (publish) process.env.BACKPROP_UPDATE_SCREENSHOTS = '1';
  else delete process.env.BACKPROP_UPDATE_SCREENSHOTS;
  const { metrics } = require('../test/ui/workbench');
  for (const k of Object.keys(metrics)) delete metrics[k];
  const chosen = testFiles(files.map((f) => `test/ui/${f}`));
  if (chosen.length === 0) throw new Error(`no UI test file matches ${files.join(', ')}`);
  const r = await runMocha({ files: chosen, label: 'test-vscode UI', timeout: 180000, grep });
  return { code: r.failures ? 1 : 0, counts: r.counts, metrics: { ...metrics } };
}

/** `npm run package` (production build + vsce package): returns the .vsix it wrote. */
function packageVsix() {
  const vsix = path.join(root, 'dist-vsix', 'backprop-debugger.vsix');
  fs.rmSync(vsix, { force: true });
  const r = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed (exit ${r.status})`);
  return vsix;
}

/**
 * Both phases against one build of the extension: `vsix` installed into a fresh extensions dir, or
 * (without) the working tree loaded as a development extension.
 */
async function runPass({ label, vsix, argv, testsPath, runDir, screenshotsDir, publish }) {
  const out = { code: 0, counts: { passed: 0, failed: 0, skipped: 0 }, activationMs: undefined };
  const add = (r) => { for (const k of Object.keys(out.counts)) out.counts[k] += r.counts[k] || 0; if (r.code !== 0) out.code = 1; };
  const passDir = path.join(runDir, label);
  fs.mkdirSync(passDir, { recursive: true });
  let extensionsDir;
  if (vsix) {
    extensionsDir = path.join(passDir, 'extensions'); // shared by both phases, each server reads it afresh
    console.log(`[test-vscode] ${label}: installing ${path.relative(root, vsix)}: ${cs.installVsix(vsix, extensionsDir)}`);
  }
  if (!argv.includes('--ui-only')) {
    console.log(`\n[test-vscode] ${label}: integration tests (inside the extension host)`);
    const workspace = cs.makeWorkspace(path.join(passDir, 'integration'));
    let devExtension = root;
    if (vsix) {
      // The workbench runs extensionTestsPath only in an extension-development session, i.e. with at
      // least one development extension: load an empty stub, so the extension under test is the installed one.
      devExtension = path.join(passDir, 'test-host');
      fs.mkdirSync(devExtension);
      fs.writeFileSync(path.join(devExtension, 'package.json'), JSON.stringify({
        name: 'integration-test-host', publisher: 'backprop-debugger', version: '0.0.0', engines: { vscode: '*' },
      }));
    }
    const r = await runIntegration({ extensionsDir, devExtension, workspace, testsPath, timeoutMs: +(process.env.BACKPROP_VSCODE_TIMEOUT_MS || 180000) });
    // the suite must have tested the build this pass is about, not another copy
    const expected = vsix ? extensionsDir : root;
    const tested = r.extensionPath && path.resolve(r.extensionPath);
    if (!tested || !(tested === expected || tested.startsWith(expected + path.sep))) {
      console.error(`[test-vscode] ${label}: the suite ran against ${tested || 'an unknown extension path'}, expected ${expected}`);
      r.code = 1;
      r.counts.failed += 1;
    } else console.log(`[test-vscode] ${label}: extension under test: ${tested}`);
    add(r);
  }
  if (!argv.includes('--integration-only')) {
    console.log(`\n[test-vscode] ${label}: UI tests (Playwright on the workbench)`);
    const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
    const files = option('--ui-files')?.split(',');
    const r = await runUi({ extensionsDir, screenshotsDir, publish, files, grep: option('--grep') });
    out.activationMs = r.metrics.activationMs;
    add(r);
  }
  return out;
}

async function main() {
  const argv = process.argv.slice(2);
  const vsixIndex = argv.indexOf('--vsix');
  const givenVsix = vsixIndex >= 0 ? path.resolve(argv[vsixIndex + 1] || '') : undefined;
  if (vsixIndex >= 0 && !(givenVsix && fs.existsSync(givenVsix))) throw new Error('--vsix needs an existing .vsix file');
  const started = Date.now();

  cs.ensureCodeServer();
  if (!givenVsix && !argv.includes('--no-build')) {
    // The repo is loaded as a development extension: it needs a fresh dist/.
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('node esbuild.js failed');
  }
  const testsPath = await buildIntegrationTests();
  const shots = path.join(root, 'test-results', 'screenshots');
  fs.rmSync(shots, { recursive: true, force: true }); // only this run's pictures

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-test-vscode-'));
  const publish = argv.includes('--update-screenshots');
  const total = { passed: 0, failed: 0, skipped: 0 };
  const activationMs = {};
  const timings = [];
  let code = 0;
  const add = (label, r, t0) => {
    for (const k of Object.keys(total)) total[k] += r.counts[k] || 0;
    if (r.code !== 0) code = 1;
    if (r.activationMs !== undefined) activationMs[label] = r.activationMs;
    timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    if (givenVsix) {
      const t0 = Date.now();
      add('vsix', await runPass({ label: 'vsix', vsix: givenVsix, argv, testsPath, runDir, screenshotsDir: shots, publish }), t0);
    } else {
      const withVsix = !argv.includes('--no-vsix');
      let t0 = Date.now();
      // the UI phase runs on the packaged extension when there is one (its pictures are the ones to
      // publish too: the development pass's say "[Extension Development Host]")
      const devArgv = withVsix && !argv.includes('--ui-only') ? [...argv, '--integration-only'] : argv;
      if (!(withVsix && argv.includes('--ui-only'))) {
        add('dev', await runPass({ label: 'dev', argv: devArgv, testsPath, runDir, screenshotsDir: shots, publish: publish && !withVsix }), t0);
      }
      if (withVsix) {
        t0 = Date.now();
        console.log('\n[test-vscode] packaging: npm run package');
        let vsix;
        try {
          vsix = packageVsix();
        } catch (e) {
          console.error(`[test-vscode] ${e.message}`);
          total.failed += 1;
          code = 1;
        }
        if (vsix) add('vsix', await runPass({ label: 'vsix', vsix, argv, testsPath, runDir, screenshotsDir: path.join(shots, 'vsix'), publish }), t0);
      }
    }
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  writeCounts('vscode', total, { activationMs });
  const activation = Object.entries(activationMs).map(([k, v]) => `${k} ${v} ms`).join(', ');
  console.log(`\n[test-vscode] ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped `
    + `(${((Date.now() - started) / 1000).toFixed(1)} s: ${timings.join(', ')})${activation ? `; activation: ${activation}` : ''}`);
  return code === 0 && total.failed === 0 ? 0 : 1;
}

module.exports = { buildIntegrationTests };

if (require.main === module) {
  main().then((code) => process.exit(code), (err) => {
    console.error(`[test-vscode] ${err.stack || err}`);
    writeCounts('vscode', { passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  });
}
