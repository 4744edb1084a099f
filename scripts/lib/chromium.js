// The one way our scripts and tests start a headless Chromium (playwright-core drives it): Debian's
// /usr/bin/chromium unless CHROMIUM_PATH names another build. Used by scripts/lib/codeServer.js (the
// code-server workbench, test/ui, bench) and test/webview/harness.ts (the inspector page).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Flags our machines need: no sandbox (containers), no GPU, and no network calls of its own. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium executable: CHROMIUM_PATH or Debian's; throws, naming both, when it is not there. */
function chromiumPath() {
  const file = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(file)) {
    throw new Error(`Chromium not found at ${file}: install Debian's chromium (scripts/setup-vscode.sh does) or set CHROMIUM_PATH to a Chromium executable`);
  }
  return file;
}

/** Environment that keeps Chromium's profile, caches and temp files inside `dir`, out of ~ and /tmp. */
function isolatedEnv(dir) {
  return { ...process.env, HOME: dir, TMPDIR: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir };
}

/**
 * A browser for several contexts (test/webview opens one per test). Its files live in a fresh folder
 * that close() deletes. Returns { browser, close() }.
 */
async function launchChromium() {
  const { chromium } = require('playwright-core');
  const executablePath = chromiumPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-chromium-'));
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, env: isolatedEnv(dir), args: CHROMIUM_ARGS });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One page in a fresh persistent profile (the code-server workbench keeps state in it), deleted on
 * close. Returns { context, page, close() }.
 */
async function launchPersistentChromium({ viewport = { width: 1600, height: 1000 } } = {}) {
  const { chromium } = require('playwright-core');
  const executablePath = chromiumPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(dir, { executablePath, headless: true, viewport, env: isolatedEnv(dir), args: CHROMIUM_ARGS });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { CHROMIUM_ARGS, chromiumPath, launchChromium, launchPersistentChromium };
