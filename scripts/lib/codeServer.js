// Runs a real VS Code (code-server, installed by scripts/setup-vscode.sh into tools/code-server) and a
// headless Chromium to drive it. Shared by scripts/test-vscode.js, scripts/start.js and test/ui/.
// Why code-server: only the npm registry and Debian are reachable on our machines and CI, and
// @vscode/test-electron downloads VS Code at run time; code-server ships VS Code's server + web
// workbench on npm, and runs extensions in a real Node extension host.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const codeServerBin = path.join(root, 'tools', 'code-server', 'node_modules', '.bin', 'code-server');
const chromium = require('./chromium');

/** Settings that remove every first-run prompt, tip and network call of a fresh profile. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'debug.openDebug': 'openOnSessionStart',
  'chat.disableAIFeatures': true,
};

/** Runs scripts/setup-vscode.sh (a fast no-op once installed) so callers can assume code-server is there. */
function ensureCodeServer() {
  const r = spawnSync('bash', [path.join(root, 'scripts', 'setup-vscode.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/setup-vscode.sh failed (exit ${r.status})`);
}

/**
 * Environment for code-server: HOME, TMPDIR and XDG_* inside `dir`, else it writes into ~ and the
 * extension hosts' files end up in the shared /tmp. EXTENSIONS_GALLERY='{}' keeps it offline and quiet.
 */
function isolatedEnv(dir) {
  const home = path.join(dir, 'home');
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_RUNTIME_DIR: tmp,
    EXTENSIONS_GALLERY: '{}',
  };
}

/** Language packs kept in the repo (tools/<locale>-language-pack), for display languages other than English. */
const languagePacks = { ko: path.join(root, 'tools', 'ko-language-pack') };

/**
 * Makes the server run in display language `locale` (e.g. 'ko'). VS Code switches its display language
 * only when a language pack for it is installed; the marketplace is out of reach here, so install the
 * repo's stand-in pack (tools/ko-language-pack) into `extensionsDir` and record it in the profile's
 * languagepacks.json, which is what VS Code's own installer writes: the server reads that file to build
 * the workbench's messages for `--locale` (and the extension host's VSCODE_NLS_CONFIG).
 */
function installLanguagePack(locale, extensionsDir, userDataDir) {
  const language = locale.toLowerCase().split('-')[0];
  const pack = languagePacks[language];
  if (!pack) throw new Error(`no language pack for locale ${locale} (there is one for: ${Object.keys(languagePacks).join(', ')})`);
  const manifest = JSON.parse(fs.readFileSync(path.join(pack, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const target = path.join(extensionsDir, `${id}-${manifest.version}`);
  fs.cpSync(pack, target, { recursive: true });
  const entries = {};
  for (const l of manifest.contributes.localizations) {
    const translations = Object.fromEntries(l.translations.map((t) => [t.id, path.join(target, t.path)]));
    entries[l.languageId] = {
      hash: `${id}-${manifest.version}`, // names the server's cache folder of generated messages
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations,
      label: l.localizedLanguageName || l.languageName,
    };
  }
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(entries));
  return id;
}

/**
 * Starts code-server on a free loopback port with a fresh profile.
 * @param {{ workspace: string, extensionsDir?: string, settings?: object, port?: number, keepRunDir?: boolean, locale?: string }} opts
 *   port 0 (the default) lets the system pick a free one. locale: VS Code's display language (e.g. 'ko',
 *   with the repo's language pack installed); English when unset.
 * @returns {Promise<{ port: number, host: string, url: string, runDir: string, extensionsDir: string, logFile: string, stop(): Promise<void> }>}
 *   `url` opens the workspace folder; `stop()` ends the whole process group (extension hosts included).
 */
async function startCodeServer({ workspace, extensionsDir, settings = {}, port: wantedPort = 0, keepRunDir = false, locale }) {
  if (!fs.existsSync(codeServerBin)) throw new Error('code-server is not installed: run scripts/setup-vscode.sh');
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-cs-'));
  const userData = path.join(runDir, 'user-data');
  extensionsDir = extensionsDir || path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  fs.writeFileSync(path.join(runDir, 'config.yaml'), ''); // else code-server creates ~/.config/code-server/config.yaml with a password
  if (locale && !/^en\b/i.test(locale)) installLanguagePack(locale, extensionsDir, userData);
  const logFile = path.join(runDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    '--bind-addr', `127.0.0.1:${wantedPort}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--config', path.join(runDir, 'config.yaml'),
    '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    ...(locale ? ['--locale', locale] : []),
  ];
  // detached: its own process group (like setsid), so stop() can end the server *and* the extension
  // hosts it forks, which otherwise linger for hours after the server is gone.
  const child = spawn(codeServerBin, args, { env: isolatedEnv(runDir), detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const pgid = child.pid;
  const killGroup = (signal) => { try { process.kill(-pgid, signal); } catch { /* already gone */ } };
  // Last resort if our process dies without calling stop(): synchronous, so it runs from 'exit' too.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    killGroup('SIGTERM');
    for (let i = 0; i < 30 && groupAlive(pgid); i++) await sleep(100);
    killGroup('SIGKILL');
    process.removeListener('exit', onExit);
    if (!keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  }

  // code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once it is ready.
  let port;
  for (let i = 0; i < 600 && !port; i++) {
    const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(fs.readFileSync(logFile, 'utf8'));
    if (m) port = Number(m[1]);
    else if (child.exitCode !== null) break;
    else await sleep(100);
  }
  if (!port) {
    const text = fs.readFileSync(logFile, 'utf8');
    await stop();
    throw new Error(`code-server did not start:\n${text}`);
  }
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}/?folder=${encodeURIComponent(path.resolve(workspace))}`;
  return { port, host, url, runDir, extensionsDir, logFile, pid: pgid, stop };
}

/** True while any process of the group is left (kill with signal 0 only checks). */
function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/**
 * Installs a packaged extension (.vsix) into `extensionsDir` with code-server's own installer, i.e.
 * exactly what a user's install from the marketplace would unpack.
 */
function installVsix(vsixPath, extensionsDir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-vsix-'));
  try {
    fs.mkdirSync(extensionsDir, { recursive: true });
    const r = spawnSync(codeServerBin, [
      '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', extensionsDir,
      '--install-extension', path.resolve(vsixPath), '--force',
    ], { env: isolatedEnv(tmp), encoding: 'utf8' });
    const out = `${r.stdout || ''}${r.stderr || ''}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${out}`);
    return (out.match(/^.*successfully installed.*$/im) || [out.trim()])[0];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Headless Chromium (scripts/lib/chromium.js: CHROMIUM_PATH or Debian's) in a fresh profile that is
 * deleted on close. Returns { context, page, close() }.
 */
const launchBrowser = (options) => chromium.launchPersistentChromium(options);

/**
 * code-server refuses --extensionDevelopmentPath/--extensionTestsPath; the workbench page instead reads
 * `developmentOptions` from <meta id="vscode-workbench-web-configuration" data-settings="...">, so patch
 * what getAttribute returns before the workbench boots. Paths become vscode-remote URIs on `host`.
 * @param {import('playwright-core').Page} page
 * @param {string} host  e.g. 127.0.0.1:PORT
 * @param {{ extensions?: string[], extensionTestsPath?: string }} dev  local paths
 */
async function injectDevelopmentOptions(page, host, { extensions = [], extensionTestsPath } = {}) {
  const uri = (p) => ({ scheme: 'vscode-remote', authority: host, path: path.resolve(p) });
  const dev = {};
  if (extensions.length) dev.extensions = extensions.map(uri);
  if (extensionTestsPath) dev.extensionTestsPath = uri(extensionTestsPath);
  await page.addInitScript((options) => {
    const original = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (name) {
      const value = original.call(this, name);
      if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
      const config = JSON.parse(value);
      config.developmentOptions = { ...(config.developmentOptions || {}), ...options };
      return JSON.stringify(config);
    };
  }, dev);
}

/**
 * A throw-away copy of examples/ to open as the workspace, so tests and `npm start` sessions never
 * write into the repository (launch.json, new network files, edits). Throws when examples/ lacks
 * hand-2-2-2.backprop.json, the file the UI tests open.
 */
function makeWorkspace(parentDir) {
  const ws = path.join(parentDir, 'workspace');
  const hand = path.join(root, 'examples', 'hand-2-2-2.backprop.json');
  if (!fs.existsSync(hand)) throw new Error(`${path.relative(root, hand)} is missing: the workspace copies examples/ and the tests open that file`);
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  return ws;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = {
  root, codeServerBin, quietSettings, languagePacks,
  get chromiumPath() { return chromium.chromiumPath(); },
  ensureCodeServer, startCodeServer, installLanguagePack, installVsix, launchBrowser, injectDevelopmentOptions, makeWorkspace, sleep,
};
