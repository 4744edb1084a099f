// The inspector panel's page: a strict CSP (no inline script or style, scripts only with this load's
// nonce, styles, fonts and images only from the webview's own resource origin), the bundled CSS and
// script, and the language for the webview's strings. Pure: no vscode import, so the panel and the
// browser tests use the same page.

export interface InspectorHtmlOptions {
  /** webview.cspSource */
  readonly cspSource: string;
  /** a fresh random nonce per load (letters, digits, + / = _ -) */
  readonly nonce: string;
  /** dist/webview.js as a webview URI */
  readonly scriptUri: string;
  /** dist/webview.css as a webview URI (holds KaTeX's and uPlot's CSS too) */
  readonly styleUri: string;
  /** the display language, e.g. vscode.env.language ("en", "ko") */
  readonly lang: string;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page's HTML. Throws on a nonce or CSP source that could break out of the policy or the attribute. */
export function inspectorHtml(o: InspectorHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('the nonce must be at least 16 base64 characters');
  // one source or several (VS Code for the web gives e.g. "'self' https://*.vscode-cdn.net"), never a new directive
  if (/[;"<>\r\n]/.test(o.cspSource) || !o.cspSource.trim()) throw new Error('invalid CSP source');
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(o.lang) ? o.lang : 'en';
  const src = o.cspSource.trim();
  const csp = [`default-src 'none'`, `style-src ${src}`, `font-src ${src}`, `img-src ${src} data:`, `script-src 'nonce-${o.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${attr(lang)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${attr(o.styleUri)}">
    <title>Backprop Inspector</title>
  </head>
  <body>
    <script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
  </body>
</html>
`;
}
