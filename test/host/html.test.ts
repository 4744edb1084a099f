// The inspector page's policy: strict, yet accepting every form of webview.cspSource VS Code gives
// (desktop: one origin; VS Code for the web and code-server: several sources, quoted keywords too).

import * as assert from 'node:assert';
import { inspectorHtml } from '../../src/inspector/html';

const base = { nonce: 'abcdefghijklmnop0123', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css', lang: 'ko' };

suite('inspector page', () => {
  test('one origin or several sources both make a strict policy', () => {
    for (const cspSource of ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net"]) {
      const html = inspectorHtml({ ...base, cspSource });
      const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1].replace(/&#39;|&apos;/g, "'") ?? '';
      assert.match(csp, /^default-src 'none'; /);
      assert.ok(csp.includes(`script-src 'nonce-${base.nonce}'`), csp);
      assert.ok(!csp.includes('unsafe'), csp);
    }
  });

  test('a source that would add a directive or leave the attribute is refused', () => {
    for (const cspSource of ["https://x; script-src 'unsafe-inline'", 'https://x" onload="alert(1)', '', 'https://x\nscript-src *']) {
      assert.throws(() => inspectorHtml({ ...base, cspSource }), /CSP source/, JSON.stringify(cspSource));
    }
    assert.throws(() => inspectorHtml({ ...base, cspSource: 'https://x', nonce: 'short' }), /nonce/);
  });
});
