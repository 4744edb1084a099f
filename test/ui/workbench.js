// Playwright helpers for driving the real VS Code workbench (code-server + headless Chromium).
// The UI tests get one Workbench per suite from `Workbench.open()`. Options come from the harness
// (scripts/test-vscode.js) through the environment, so a test file also runs on its own:
//   BACKPROP_EXTENSIONS_DIR  an extensions dir with the packaged extension installed (--vsix mode);
//                            unset: the repo root is loaded as a development extension (needs dist/)
//   BACKPROP_UPDATE_SCREENSHOTS=1  also copy published screenshots to media/screenshots/
// Selectors are the workbench's own DOM classes (VS Code 1.100), see the comments at each use.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../../scripts/lib/codeServer');

const screenshotsDir = path.join(cs.root, 'test-results', 'screenshots');
const publishedDir = path.join(cs.root, 'media', 'screenshots');
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const QUICK_INPUT_ROW = '.quick-input-widget .monaco-list-row';

class Workbench {
  /** Starts code-server on a fresh workspace copy, opens the workbench and waits until it is usable. */
  static async open({ extensionsDir = process.env.BACKPROP_EXTENSIONS_DIR, settings } = {}) {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-ui-'));
    const workspace = cs.makeWorkspace(runDir);
    const server = await cs.startCodeServer({ workspace, extensionsDir, settings });
    let browser;
    try {
      browser = await cs.launchBrowser();
      const { page } = browser;
      page.on('pageerror', (e) => console.error('[pageerror]', e.message));
      // Without an installed extension dir, load the repo itself as a development extension.
      if (!extensionsDir) await cs.injectDevelopmentOptions(page, server.host, { extensions: [cs.root] });
      await page.goto(server.url);
      // The status bar is the last part the workbench lays out.
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60000 });
      return new Workbench(page, server, browser, workspace, runDir);
    } catch (e) {
      await browser?.close();
      await server.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
      throw e;
    }
  }

  constructor(page, server, browser, workspace, runDir) {
    Object.assign(this, { page, server, browser, workspace, runDir });
  }

  async close() {
    await this.browser.close();
    await this.server.stop();
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab to be active. */
  async openFile(name, { timeout = 30000 } = {}) {
    const { page } = this;
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      await page.keyboard.press('Control+P');
      const input = page.locator(QUICK_INPUT_BOX);
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(name);
      // Files are listed once the file search (ripgrep on the server) has indexed the folder: retry.
      const row = page.locator(QUICK_INPUT_ROW, { hasText: name }).first();
      if (await row.waitFor({ timeout: 2000 }).then(() => true, () => false)) {
        await page.keyboard.press('Enter');
        await this.activeTab(name).waitFor({ timeout: Math.max(1000, end - Date.now()) });
        return;
      }
      await page.keyboard.press('Escape');
    }
    throw new Error(`Quick Open did not list ${name}`);
  }

  /** The active editor tab, optionally only when its label contains `name`. */
  activeTab(name) {
    const tab = this.page.locator('.tabs-container .tab.active');
    return name ? tab.filter({ hasText: name }) : tab;
  }

  /** The visible text of the active editor (Monaco renders only visible lines). */
  async editorText() {
    return this.page.locator('.editor-instance .view-lines').first().innerText();
  }

  /**
   * Runs a command by its palette title ("Backprop: Debug Network"): F1, type '>' + title, Enter on the
   * matching row. Retries, because a development extension's commands appear 1-3 s after the workbench.
   */
  async runCommand(title, { timeout = 30000 } = {}) {
    const { page } = this;
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      await page.keyboard.press('F1');
      const input = page.locator(QUICK_INPUT_BOX);
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill('>' + title);
      const row = page.locator(QUICK_INPUT_ROW, { hasText: title }).first();
      if (await row.waitFor({ timeout: 1000 }).then(() => true, () => false)) {
        await row.click();
        await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        return;
      }
      await page.keyboard.press('Escape');
    }
    throw new Error(`command not in the palette: ${title}`);
  }

  /**
   * The palette's command titles that contain `text` (e.g. 'Backprop:'), once at least `min` are listed:
   * an extension's contributed commands show up only after the extension host has scanned it.
   */
  async paletteCommands(text, { min = 1, timeout = 30000 } = {}) {
    const { page } = this;
    const end = Date.now() + timeout;
    let titles = [];
    while (Date.now() < end) {
      await page.keyboard.press('F1');
      const input = page.locator(QUICK_INPUT_BOX);
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill('>' + text);
      await page.waitForTimeout(500); // the list filters asynchronously
      titles = (await page.locator(`${QUICK_INPUT_ROW} .label-name`).allInnerTexts()).map(clean).filter((t) => t.includes(text));
      await page.keyboard.press('Escape');
      if (titles.length >= min) break;
    }
    return titles;
  }

  /** Waits until a debug session is paused: debug toolbar shown and a paused frame in the Call Stack. */
  async waitForStop({ timeout = 30000 } = {}) {
    const { page } = this;
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout });
    // Newer workbenches do not always reveal the Run and Debug view by themselves.
    if (!(await page.locator('.debug-variables').isVisible())) await this.runCommand('View: Show Run and Debug');
    // While paused, the toolbar offers Continue (running: Pause).
    await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ state: 'visible', timeout });
    await page.locator('.debug-call-stack .monaco-list-row').first().waitFor({ timeout });
  }

  /** Presses F10 (Step Over) `times` times, waiting for each stop. */
  async stepOver(times = 1) {
    for (let i = 0; i < times; i++) {
      await this.page.keyboard.press('F10');
      await this.waitForStop();
    }
  }

  /**
   * Rows of the Variables view as text ("name: value", scopes as their names). Collapsed scopes
   * whose label matches `expand` are expanded first: scopes that arrive late stay collapsed.
   */
  async readVariables({ expand = /./, settle = 300 } = {}) {
    const rows = this.page.locator('.debug-variables .monaco-list-row');
    await rows.first().waitFor({ timeout: 15000 });
    for (const row of await rows.all()) {
      if ((await row.getAttribute('aria-expanded')) === 'false' && (await row.getAttribute('aria-level')) === '1'
        && expand.test(await row.innerText())) await row.click();
    }
    await this.page.waitForTimeout(settle);
    return (await rows.allInnerTexts()).map(clean);
  }

  /** Rows of the Call Stack view as text (sessions, threads and frames). */
  async readCallStack() {
    const rows = this.page.locator('.debug-call-stack .monaco-list-row');
    await rows.first().waitFor({ timeout: 15000 });
    return (await rows.allInnerTexts()).map(clean);
  }

  /**
   * Saves test-results/screenshots/<name>.png. With `publish`, and when BACKPROP_UPDATE_SCREENSHOTS=1
   * (`node scripts/test-vscode.js --update-screenshots`), also copies it to media/screenshots/ (the
   * README's pictures): call it with publish only after the test's assertions passed.
   */
  async screenshot(name, { publish = false } = {}) {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    if (publish && process.env.BACKPROP_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(publishedDir, { recursive: true });
      fs.copyFileSync(file, path.join(publishedDir, `${name}.png`));
    }
    return file;
  }
}

const clean = (s) => s.replace(/\s+/g, ' ').trim();

module.exports = { Workbench, screenshotsDir, publishedDir };
