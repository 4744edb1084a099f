// The browser side of the webview tests: a local HTTP server that serves the real inspector page
// (src/inspector/html.ts, its CSP included) and dist/, and Chromium (scripts/lib/chromium.js: Debian's,
// or CHROMIUM_PATH) driven by playwright-core.
// `acquireVsCodeApi` is stubbed before the page's scripts run: it stands for VS Code's host, records
// what the webview posts and keeps its state in sessionStorage so that a reload restores it.

import { createServer, type Server } from 'http';
import { readFile } from 'fs/promises';
import { extname, join, normalize, resolve } from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium';
import { inspectorHtml } from '../../src/inspector/html';
import type { Theme } from './themes';

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.map': 'application/json' };

export interface Harness {
  readonly origin: string;
  readonly browser: Browser;
  /** resources the pages asked for that the server does not have */
  readonly missing: string[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const missing: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const nonce = Buffer.from(Array.from({ length: 24 }, () => Math.floor(Math.random() * 256))).toString('base64');
      const html = inspectorHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, lang: url.searchParams.get('lang') ?? 'en' });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist + '/')) {
      missing.push(url.pathname);
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (data) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(data);
      },
      () => {
        missing.push(url.pathname);
        res.writeHead(404).end();
      },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  try {
    chromium = await launchChromium();
  } catch (e) {
    server.close();
    throw e;
  }
  return {
    origin,
    browser: chromium.browser,
    missing,
    async close() {
      await chromium.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** The host stub and theme, run in the page before its scripts. Plain JavaScript. */
const STUB = `function (t) {
  const w = window;
  w.__posted = [];
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  w.acquireVsCodeApi = () => ({
    postMessage: (m) => w.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => {
      const s = sessionStorage.getItem('vscode-state');
      return s ? JSON.parse(s) : undefined;
    },
    setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
  });
  // as VS Code does: the theme's variables on <html>, its kind as the body's class
  const apply = () => {
    for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty('--vscode-' + k, v);
    document.body.className = t.bodyClass;
    document.body.dataset.vscodeThemeKind = t.kind;
  };
  new MutationObserver((_, o) => {
    if (document.body) {
      apply();
      o.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}`;

/** What the page collected: messages posted to the host, CSP violations, errors. */
export interface Recorded {
  posted: { type: string; [k: string]: unknown }[];
  violations: string[];
  errors: string[];
}

/** Opens the inspector page in a fresh context with the host stubbed and a theme applied. */
export async function openInspector(h: Harness, theme: Theme, lang = 'en', viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const context = await h.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // a string, not a function: the test runner's transpiler would add helpers the page does not have
  await page.addInitScript(`(${STUB})(${JSON.stringify(theme)});`);
  await page.goto(`${h.origin}/?lang=${lang}`);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
  return { page, errors };
}

export async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { posted: w.__posted, violations: w.__violations, errors: [] } as Recorded;
  });
}

/** Posts a message as the host would and, for a state, waits until it is rendered; returns the render time (ms) measured in the page. */
export async function post(page: Page, message: unknown, waitRender = false): Promise<number> {
  return page.evaluate(
    async ({ json, waitRender }) => {
      const m = JSON.parse(json);
      const t0 = performance.now();
      const done = waitRender ? new Promise<void>((ok) => window.addEventListener('backprop:rendered', () => ok(), { once: true })) : Promise.resolve();
      window.postMessage(m, '*');
      await Promise.race([done, new Promise((ok) => setTimeout(ok, 5000))]);
      // until the frame is laid out and painted
      await new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      return performance.now() - t0;
    },
    { json: JSON.stringify(message), waitRender },
  );
}
