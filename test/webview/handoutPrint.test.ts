// The worked example's HTML page printed by Chromium: at A4's printable width (180 mm) no equation runs
// off the page, for the 2-2-2 example and for iris (4-25-3, a batch of 8, long sums); it fetches nothing,
// and prints to A4 pages. A picture of the 2-2-2 handout goes to test-results/screenshots/.

import * as assert from 'node:assert';
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { workedExampleHtml } from '../../src/export/workedExampleHtml';
import { workedIterationOf } from '../../src/export/workedIteration';

const root = resolve(__dirname, '..', '..');

function handout(file: string, language: string): string {
  const r = loadNetworkFile(join(root, 'examples', file));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return workedExampleHtml(workedIterationOf(new Trainer(r.spec)), { language });
}

suite('worked example: the HTML page printed (Chromium)', function () {
  this.timeout(120000);
  let chromium: { browser: Browser; close(): Promise<void> };
  suiteSetup(async () => (chromium = await launchChromium()));
  suiteTeardown(async () => chromium?.close());

  for (const [file, language, most] of [
    ['hand-2-2-2.backprop.json', 'en', 6],
    ['iris.backprop.json', 'ko', 40],
  ] as const) {
    test(`${file} (${language}): every equation within the printed width, nothing fetched, A4 pages`, async () => {
      // 210 mm − 2 × 15 mm of margin = 180 mm = 680 CSS px
      const context = await chromium.browser.newContext({ viewport: { width: 680, height: 1000 }, offline: true });
      try {
        const page = await context.newPage();
        const fetched: string[] = [];
        page.on('request', (r) => fetched.push(r.url()));
        await page.setContent(handout(file, language));
        await page.emulateMedia({ media: 'print' });
        assert.deepStrictEqual(fetched, []);
        const wide = await page.evaluate(() => [...document.querySelectorAll('.eq')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.getAttribute('data-tex')));
        assert.deepStrictEqual(wide, [], 'equations wider than the page');
        const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        assert.ok(pages >= 2 && pages <= most, `${pages} A4 pages`);
        if (file.startsWith('hand')) {
          const dir = join(root, 'test-results', 'screenshots');
          mkdirSync(dir, { recursive: true });
          await page.screenshot({ path: join(dir, 'webview-worked-example-print.png'), fullPage: false });
        }
      } finally {
        await context.close();
      }
    });
  }
});
