#!/usr/bin/env node
// `npm run test:electron`: the integration suite in desktop VS Code (Electron) via @vscode/test-electron,
// the ecosystem's standard runner. It downloads VS Code on first use, so it needs internet access to
// Microsoft's update server: on our CI machines (npm registry and Debian only) use `npm run test:vscode`,
// which runs the same suite in code-server. VSCODE_VERSION picks the build (default: stable).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { buildIntegrationTests } = require('../../scripts/test-vscode');
const { makeWorkspace, quietSettings } = require('../../scripts/lib/codeServer');

const root = path.resolve(__dirname, '..', '..');

async function main() {
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.js failed');
  const extensionTestsPath = await buildIntegrationTests(); // out/integration/index.js, as for code-server
  // Same throw-away copy of examples/ and quiet profile as the code-server run.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-electron-'));
  const workspace = makeWorkspace(runDir);
  const userData = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
  try {
    return await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', `--user-data-dir=${userData}`],
    });
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`[test:electron] ${err && err.message ? err.message : err}`);
  process.exit(1);
});
