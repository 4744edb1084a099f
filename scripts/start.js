#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code in your browser (code-server), with examples/ open.
//   node scripts/start.js [--port N] [--workspace DIR] [--vsix FILE] [--locale ko] [--check]
// It builds, makes sure code-server is installed (scripts/setup-vscode.sh), installs the built extension
// into a fresh extensions dir, starts code-server on 127.0.0.1 and prints the address. Ctrl+C (or SIGTERM)
// stops code-server and every extension host it started, and deletes the run folder.
//   --workspace DIR  open DIR itself (e.g. `--workspace examples` to edit the repo's files). By default a
//                    fresh copy of examples/ is opened, so launch.json, new network files and edits made
//                    while trying things out never dirty the repository; it is deleted on exit.
//   --vsix FILE      install a packaged extension instead of the working tree's build.
//   --locale ko      VS Code in Korean: installs the repo's stand-in language pack (tools/ko-language-pack;
//                    the marketplace's Korean Language Pack cannot be downloaded here) and starts the
//                    server with --locale ko, so the workbench, the extension and its debugger speak Korean.
//   --check          start, check the workbench answers HTTP 200 and the extension is installed, stop (CI).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('./lib/codeServer');

const root = cs.root;
const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const check = argv.includes('--check');
const log = (msg) => console.log(`[start] ${msg}`);

/**
 * Installs the working tree's build as a regular extension: code-server refuses
 * --extensionDevelopmentPath, but a folder named <publisher>.<name>-<version> holding what the .vsix
 * would ship is picked up by a fresh extensions dir at server start. The file list is vsce's own
 * (.vscodeignore read by vsce's listFiles), so it cannot drift from the package. Copied, not
 * symlinked: the installed copy is exactly what VS Code loads, and `vsce package` would fail on files
 * the manifest needs that are not written yet (icon, README) while the tree is in progress.
 */
async function installWorkingTree(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  const { listFiles, PackageManager } = require('@vscode/vsce');
  const shipped = await listFiles({ cwd: root, packageManager: PackageManager.None });
  for (const f of shipped) {
    fs.mkdirSync(path.dirname(path.join(target, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(target, f));
  }
  return `${manifest.publisher}.${manifest.name}`;
}

/** Asks code-server which extensions the dir holds (the same scan the server does). */
function listExtensions(extensionsDir, runDir) {
  const r = spawnSync(cs.codeServerBin, ['--list-extensions', '--extensions-dir', extensionsDir,
    '--user-data-dir', path.join(runDir, 'list-user-data')], {
    encoding: 'utf8', env: { ...process.env, HOME: runDir, XDG_CONFIG_HOME: path.join(runDir, 'list-config'), XDG_DATA_HOME: runDir },
  });
  return r.stdout.split('\n').map((s) => s.trim()).filter((s) => /^[\w-]+\.[\w-]+$/.test(s));
}

async function main() {
  const vsix = option('--vsix');
  if (!vsix) {
    log('building: node esbuild.js');
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('node esbuild.js failed');
    if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) throw new Error('the build wrote no dist/extension.js');
  }
  cs.ensureCodeServer();

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-start-'));
  const extensionsDir = path.join(runDir, 'extensions');
  let id;
  if (vsix) { cs.installVsix(vsix, extensionsDir); id = 'backprop-debugger.backprop-debugger'; }
  else id = await installWorkingTree(extensionsDir);
  const workspace = option('--workspace') ? path.resolve(option('--workspace')) : cs.makeWorkspace(runDir);

  const locale = option('--locale');
  const server = await cs.startCodeServer({ workspace, extensionsDir, port: Number(option('--port') || 0), locale });
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { log(`${signal}: stopping`); shutdown(0); });

  if (check) {
    const res = await fetch(server.url);
    const installed = listExtensions(extensionsDir, runDir);
    const html = await res.text();
    // in another language the workbench page loads the messages the server generated from the language
    // pack, under <user-data>/clp/ ("compiled language pack")
    const localized = !locale || /^en\b/i.test(locale) || html.includes(encodeURIComponent('/clp/'));
    const ok = res.status === 200 && installed.includes(id) && localized;
    if (locale) log(`display language ${locale}: ${localized ? 'messages file served' : 'NOT applied'}`);
    log(`${server.url} answered ${res.status}; installed: ${installed.join(', ') || 'none'}`);
    log(ok ? 'check OK' : 'check FAILED');
    return shutdown(ok ? 0 : 1);
  }

  console.log(`
  Backprop Debugger is running in VS Code (code-server ${require(path.join(root, 'tools', 'code-server', 'node_modules', 'code-server', 'package.json')).version}).
  Open:  ${server.url}
  Then open hand-2-2-2.backprop.json and run "${locale && /^ko/i.test(locale) ? 'Backprop: 네트워크 디버그' : 'Backprop: Debug Network'}" (F1).${locale ? `\n  Display language: ${locale}` : ''}
  Workspace: ${workspace}${option('--workspace') ? '' : ' (a copy of examples/, deleted on exit)'}
  Server log: ${server.logFile}
  Press Ctrl+C to stop. After rebuilding, stop and run npm start again.`);
  if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) {
    console.log(`
  Desktop VS Code is installed too; to debug the extension itself there (F5-style), run:
    code --extensionDevelopmentPath="${root}" "${path.join(root, 'examples')}"`);
  }
  // Stay alive while the server does; if it dies on its own, say so and clean up.
  const timer = setInterval(() => {
    if (stopping) return clearInterval(timer);
    try { process.kill(server.pid, 0); } catch { log(`code-server exited:\n${fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-20).join('\n')}`); clearInterval(timer); shutdown(1); }
  }, 1000);
}

main().catch((err) => {
  console.error(`[start] ${err.message || err}`);
  process.exit(1);
});
