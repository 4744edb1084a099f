// Playwright helpers for driving the real VS Code workbench (code-server + headless Chromium).
// The UI tests get one Workbench per suite from `Workbench.open()`. Options come from the harness
// (scripts/test-vscode.js) through the environment, so a test file also runs on its own:
//   BACKPROP_EXTENSIONS_DIR  an extensions dir with the packaged extension installed (--vsix mode);
//                            unset: the repo root is loaded as a development extension (needs dist/)
//   BACKPROP_UPDATE_SCREENSHOTS=1  also copy published screenshots to media/screenshots/
//   BACKPROP_SCREENSHOTS_DIR  where screenshots go (default test-results/screenshots)
// Selectors are the workbench's own DOM classes (VS Code 1.100), see the comments at each use.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../../scripts/lib/codeServer');

const defaultScreenshotsDir = path.join(cs.root, 'test-results', 'screenshots');
const screenshotsDir = () => process.env.BACKPROP_SCREENSHOTS_DIR || defaultScreenshotsDir;
const publishedDir = path.join(cs.root, 'media', 'screenshots');
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const QUICK_INPUT_ROW = '.quick-input-widget .monaco-list-row';

class Workbench {
  /**
   * The workbench of one mocha suite (call it in the suite's body): opened before its tests, closed after
   * them; a failed test leaves its picture in test-results/ui-<name>/ (beside the shared screenshots folder,
   * which another run may clear meanwhile). `use(wb)` receives it once open, for the suite's own set-up.
   * @param {string} name
   * @param {Parameters<typeof Workbench.open>[0]} options
   * @param {(wb: Workbench) => unknown} use
   */
  static forSuite(name, options, use) {
    /** @type {Workbench | undefined} */
    let wb;
    suiteSetup(async () => {
      wb = await Workbench.open(options);
      await use(wb);
    });
    suiteTeardown(async () => {
      await wb?.close();
    });
    teardown(async function () {
      const test = this.currentTest;
      if (test?.state !== 'failed' || !wb) return;
      const dir = path.join(cs.root, 'test-results', `ui-${name}`);
      fs.mkdirSync(dir, { recursive: true });
      await wb.page.screenshot({ path: path.join(dir, `fail-${test.title.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    });
  }

  /**
   * Starts code-server on a fresh workspace copy, opens the workbench and waits until it is usable.
   * `locale` (e.g. 'ko'): VS Code's display language, with the repo's language pack installed.
   */
  static async open({ extensionsDir = process.env.BACKPROP_EXTENSIONS_DIR, settings, locale } = {}) {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-ui-'));
    const workspace = cs.makeWorkspace(runDir);
    const server = await cs.startCodeServer({ workspace, extensionsDir, settings, locale });
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
      if (!(await this.openQuickInput('Control+P'))) continue;
      const input = page.locator(QUICK_INPUT_BOX);
      if (!(await input.fill(name, { timeout: 2000 }).then(() => true, () => false))) continue;
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

  /**
   * Presses `key` (F1, Ctrl+P) and waits for the quick input; false when it did not come (a busy machine,
   * or the focus in a webview that had not yet passed the key on): the caller tries again.
   */
  async openQuickInput(key) {
    const { page } = this;
    await page.keyboard.press(key);
    if (await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) return true;
    // give the focus back to the workbench (the first editor group) before the next try
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+1');
    return false;
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
   * Debug: Select and Start Debugging, then the launch configuration `name`. VS Code reads a launch.json
   * written a moment ago only when it notices it: asks again until the configuration is listed (30 s).
   */
  async startConfiguration(name) {
    const end = Date.now() + 30000;
    for (;;) {
      await this.runCommand('Debug: Select and Start Debugging');
      const row = this.page.locator(QUICK_INPUT_ROW, { hasText: name }).first();
      if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
        await row.click();
        return;
      }
      await this.page.keyboard.press('Escape');
      if (Date.now() > end) throw new Error(`"${name}" never listed`);
    }
  }

  /**
   * Runs a command by its palette title ("Backprop: Debug Network"): F1, type '>' + title, Enter on the
   * matching row. Retries, because a development extension's commands appear 1-3 s after the workbench.
   */
  async runCommand(title, { timeout = 30000 } = {}) {
    const { page } = this;
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      if (!(await this.openQuickInput('F1'))) continue;
      const input = page.locator(QUICK_INPUT_BOX);
      // the palette can close again at once (a webview taking the focus back): then try again
      if (!(await input.fill('>' + title, { timeout: 2000 }).then(() => true, () => false))) continue;
      const row = page.locator(QUICK_INPUT_ROW, { hasText: title }).first();
      if (await row.waitFor({ timeout: 1000 }).then(() => true, () => false)) {
        if (!(await row.click({ timeout: 2000 }).then(() => true, () => false))) continue;
        await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        await this.parkMouse();
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
      if (!(await this.openQuickInput('F1'))) continue;
      const input = page.locator(QUICK_INPUT_BOX);
      if (!(await input.fill('>' + text, { timeout: 2000 }).then(() => true, () => false))) continue;
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

  /**
   * The extension's activation time as VS Code measured it, from "Developer: Show Running Extensions"
   * (the row's activation-time cell, e.g. "12ms" or "Startup Activation: 12ms"; its hover lists the
   * activation event). `name`: a string or RegExp the row's name matches. Returns { ms, text, title }.
   * Closes the editor again.
   */
  async activationTime(name) {
    await this.runCommand('Developer: Show Running Extensions');
    const row = this.page.locator('.runtime-extensions-editor .extension').filter({ has: this.page.locator('.name', { hasText: name }) });
    const cell = row.locator('.activation-time');
    await cell.filter({ hasText: /\d+\s*ms/ }).waitFor({ timeout: 15000 });
    const text = clean(await cell.innerText());
    const title = (await cell.getAttribute('title')) || (await row.getAttribute('aria-label')) || '';
    await this.page.keyboard.press('Control+W');
    return { ms: Number(/(\d+)\s*ms/.exec(text)[1]), text, title };
  }

  /** Moves the pointer to the title bar's empty drag area, so no hover or tooltip shows in screenshots. */
  async parkMouse() {
    const size = this.page.viewportSize();
    await this.page.mouse.move(Math.round(size.width * 0.2), 10);
  }

  /**
   * Presses F10 (Step Over) `times` times, waiting after each press until the Call Stack shows another
   * stop (the toolbar alone cannot tell: it still shows the previous stop's Continue for a moment, and
   * a key pressed while the session runs is dropped). Returns the Call Stack of the last stop.
   */
  async stepOver(times = 1) {
    let frames;
    for (let i = 0; i < times; i++) frames = await this.changesCallStack(() => this.page.keyboard.press('F10'));
    return frames;
  }

  /** Runs `action` (a key press, a click) and returns the Call Stack once it differs from before. */
  async changesCallStack(action, { timeout = 15000 } = {}) {
    const before = (await this.readCallStack()).join('\n');
    await action();
    const rows = this.page.locator('.debug-call-stack .monaco-list-row');
    const end = Date.now() + timeout;
    for (;;) {
      const texts = (await rows.allInnerTexts()).map(clean);
      if (texts.length && texts.join('\n') !== before) {
        await this.waitForStop({ timeout });
        return this.readCallStack();
      }
      if (Date.now() > end) throw new Error(`the Call Stack did not change from ${JSON.stringify(before)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Clicks a button of the floating debug toolbar by its codicon, e.g. 'debug-step-back'. */
  async clickDebugToolbar(codicon) {
    await this.page.locator(`.debug-toolbar .action-label.codicon-${codicon}`).click();
    await this.parkMouse();
  }

  /**
   * The inspector webview's document: the panel's content is two iframes deep (the workbench's
   * webview host frame, then the content frame #active-frame).
   */
  inspectorFrame() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Drags the sash between the side bar and the editor so the side bar is `width` px wide. */
  async setSideBarWidth(width) {
    const box = await this.page.locator('.monaco-workbench .part.sidebar').boundingBox();
    if (!box || Math.abs(box.width - width) < 2) return;
    const y = box.y + box.height / 2;
    const { mouse } = this.page;
    await mouse.move(box.x + box.width, y);
    await mouse.down();
    await mouse.move(box.x + width, y, { steps: 8 });
    await mouse.up();
    await this.parkMouse();
  }

  /** Collapses (or expands) a pane of the side bar by its title, e.g. 'Breakpoints'. */
  async setPaneExpanded(title, expanded) {
    const header = this.page.locator('.part.sidebar .pane-header').filter({ hasText: new RegExp(`^\\s*${title}`, 'i') }).first();
    await header.waitFor({ timeout: 10000 });
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
    await this.parkMouse();
  }

  /**
   * Rows of the Variables view as text ("name = value"; scopes as their names). The view refreshes a
   * few hundred ms after a stop, so this waits for the rows to match `until` (a RegExp some row must
   * match, e.g. /step = 3/) or, without it, to stay the same over three reads. Collapsed top-level
   * scopes whose label matches `expand` (e.g. /Layer 2/) are expanded first: scopes that arrive late,
   * or are not the first, stay collapsed. The tree is virtual: only rows in view are rendered and read.
   */
  async readVariables({ until, expand, timeout = 15000 } = {}) {
    const rows = this.page.locator('.debug-variables .monaco-list-row');
    return this.settledTexts(rows, { until, timeout, before: expand && (async () => {
      const collapsed = rows.and(this.page.locator('[aria-level="1"][aria-expanded="false"]')).filter({ hasText: expand });
      if (await collapsed.count()) {
        // The twistie toggles without selecting the row (a row click can land on a moving row and open a hover).
        await collapsed.first().locator('.monaco-tl-twistie').click();
        await this.parkMouse();
      }
    }) });
  }

  /**
   * Collapses the expanded top-level scopes of the Variables view whose label matches `label` (e.g.
   * /^Training/): the scope in view at a stop comes first and expanded, which can push the others
   * below the view's bottom, where the virtual tree does not render them (helper D, issue 8).
   */
  async collapseScope(label) {
    const rows = this.page.locator('.debug-variables .monaco-list-row');
    const open = rows.and(this.page.locator('[aria-level="1"][aria-expanded="true"]')).filter({ hasText: label });
    await open.first().waitFor({ timeout: 15000 });
    while (await open.count()) {
      await open.first().locator('.monaco-tl-twistie').click();
      await this.page.waitForTimeout(100);
    }
    await this.parkMouse();
  }

  /** Rows of the Call Stack view as text (frames as "name file line"), settled like readVariables. */
  async readCallStack({ until, timeout = 15000 } = {}) {
    return this.settledTexts(this.page.locator('.debug-call-stack .monaco-list-row'), { until, timeout });
  }

  /** Texts of `rows` once some row matches `until`, or (without it) once unchanged over three reads 250 ms apart. */
  async settledTexts(rows, { until, timeout, before }) {
    const end = Date.now() + timeout;
    let last = '';
    let same = 0;
    for (;;) {
      if (before) await before();
      const texts = (await rows.allInnerTexts()).map(clean);
      if (until ? texts.some((t) => until.test(t)) : texts.length > 0 && (same = texts.join('\n') === last ? same + 1 : 0) >= 2) return texts;
      if (Date.now() > end) throw new Error(`rows did not settle${until ? ` on ${until}` : ''}: ${JSON.stringify(texts)}`);
      last = texts.join('\n');
      await this.page.waitForTimeout(250);
    }
  }

  // --- the editor as a person uses it: lines, the gutter, hovers (helper C, issue 8) -----------------

  /** The active editor group's Monaco editor. */
  activeEditor() {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** Puts the cursor on `line` (and `column`) of the active editor with Go to Line (Ctrl+G). */
  async goToLine(line, column) {
    const { page } = this;
    const end = Date.now() + 30000;
    for (;;) {
      if (await this.openQuickInput('Control+G')) {
        if (await page.locator(QUICK_INPUT_BOX).fill(column ? `:${line}:${column}` : `:${line}`, { timeout: 2000 }).then(() => true, () => false)) break;
      }
      if (Date.now() > end) throw new Error(`Go to Line ${line} did not open`);
    }
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  /**
   * Where things stand in the active editor's margin and lines, by line number: the glyph margin's
   * decorations whose classes include `glyphClass` (e.g. 'codicon-debug-breakpoint'), matched to the
   * line numbers beside them by their vertical position (Monaco renders only the lines in view).
   */
  async glyphLines(glyphClass) {
    return this.activeEditor().evaluate((editor, cls) => {
      const rows = [...editor.querySelectorAll('.margin-view-overlays > div')]
        .map((d) => ({ top: d.getBoundingClientRect().top, line: Number(d.querySelector('.line-numbers')?.textContent?.trim()) }))
        .filter((r) => r.line > 0);
      return [...editor.querySelectorAll('.margin .' + cls + ', .glyph-margin-widgets .' + cls)]
        .map((g) => rows.find((r) => Math.abs(r.top - g.getBoundingClientRect().top) < 4)?.line)
        .filter((l) => l !== undefined)
        .sort((a, b) => a - b);
    }, glyphClass);
  }

  /** Clicks the glyph margin (the gutter left of the line numbers) of `line` in the active editor. */
  async clickGutter(line) {
    const point = await this.activeEditor().evaluate((editor, n) => {
      const row = [...editor.querySelectorAll('.margin-view-overlays > div')].find((d) => d.querySelector('.line-numbers')?.textContent?.trim() === String(n));
      const glyphs = editor.querySelector('.glyph-margin');
      if (!row || !glyphs) return undefined;
      const r = row.getBoundingClientRect();
      const g = glyphs.getBoundingClientRect();
      return { x: g.left + g.width / 2, y: r.top + r.height / 2 };
    }, line);
    if (!point) throw new Error(`line ${line} is not in view`);
    await this.page.mouse.move(point.x, point.y);
    await this.page.mouse.click(point.x, point.y);
  }

  /**
   * The rendered text of each line in view of the active editor, by line number (injected text such
   * as a debugger's inline values included).
   */
  async editorLines() {
    return this.activeEditor().evaluate((editor) => {
      const numbers = [...editor.querySelectorAll('.margin-view-overlays > div')]
        .map((d) => ({ top: d.getBoundingClientRect().top, line: Number(d.querySelector('.line-numbers')?.textContent?.trim()) }))
        .filter((r) => r.line > 0);
      const out = {};
      for (const v of editor.querySelectorAll('.view-lines .view-line')) {
        const line = numbers.find((r) => Math.abs(r.top - v.getBoundingClientRect().top) < 4)?.line;
        if (line !== undefined) out[line] = v.textContent.replace(/\u00a0/g, ' ');
      }
      return out;
    });
  }

  /** Moves the pointer onto the `occurrence`-th `word` of `line` in the active editor (a hover follows). */
  async hoverWord(line, word, occurrence = 0) {
    const point = await this.activeEditor().evaluate((editor, [n, w, k]) => {
      const row = [...editor.querySelectorAll('.margin-view-overlays > div')].find((d) => d.querySelector('.line-numbers')?.textContent?.trim() === String(n));
      if (!row) return undefined;
      const top = row.getBoundingClientRect().top;
      const view = [...editor.querySelectorAll('.view-lines .view-line')].find((v) => Math.abs(v.getBoundingClientRect().top - top) < 4);
      if (!view) return undefined;
      // the word's characters in the line's text nodes, measured with a DOM Range
      const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let i = node.textContent.indexOf(w);
        while (i >= 0) {
          if (seen++ === k) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + w.length);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
          i = node.textContent.indexOf(w, i + 1);
        }
      }
      return undefined;
    }, [line, word, occurrence]);
    if (!point) throw new Error(`"${word}" is not on line ${line} in view`);
    await this.page.mouse.move(point.x - 3, point.y);
    await this.page.mouse.move(point.x, point.y, { steps: 3 });
  }

  /** The text of the hover shown in the editor (a debug hover or a language hover), once it contains `until`. */
  async readHover(until, { timeout = 15000 } = {}) {
    const hover = this.page.locator('.monaco-editor .debug-hover-widget, .monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: until });
    await hover.first().waitFor({ state: 'visible', timeout });
    return clean(await hover.first().innerText());
  }

  /** Rows of the Debug Console (the REPL) as text, once some row matches `until`. */
  async readDebugConsole({ until, timeout = 15000 } = {}) {
    if (!(await this.page.locator('.repl').isVisible())) await this.runCommand('Debug: Focus on Debug Console View');
    return this.settledTexts(this.page.locator('.repl .monaco-list-row'), { until, timeout });
  }

  /** Rows of the Problems view as text, once some row matches `until` (or settled). */
  async readProblems({ until, timeout = 15000 } = {}) {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.runCommand('Problems: Focus on Problems View');
    return this.settledTexts(this.page.locator('.markers-panel .monaco-list-row'), { until, timeout });
  }

  /**
   * Saves test-results/screenshots/<name>.png (or in BACKPROP_SCREENSHOTS_DIR). With `publish`, and when BACKPROP_UPDATE_SCREENSHOTS=1
   * (`node scripts/test-vscode.js --update-screenshots`), also copies it to media/screenshots/ (the
   * README's pictures): call it with publish only after the test's assertions passed.
   */
  async screenshot(name, { publish = false } = {}) {
    fs.mkdirSync(screenshotsDir(), { recursive: true });
    const file = path.join(screenshotsDir(), `${name}.png`);
    await this.parkMouse();
    await this.page.screenshot({ path: file });
    if (publish && process.env.BACKPROP_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(publishedDir, { recursive: true });
      fs.copyFileSync(file, path.join(publishedDir, `${name}.png`));
    }
    return file;
  }
}

const clean = (s) => s.replace(/\s+/g, ' ').trim();

/** Numbers the UI tests measure, read by scripts/test-vscode.js after the run (e.g. activationMs). */
const metrics = {};

module.exports = { Workbench, screenshotsDir, publishedDir, metrics, QUICK_INPUT, QUICK_INPUT_BOX, QUICK_INPUT_ROW };
