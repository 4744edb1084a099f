// The inspector webview's entry (bundled by esbuild.js to dist/webview.js, an IIFE, with its CSS —
// KaTeX's, uPlot's and ours — to dist/webview.css and KaTeX's woff2 fonts to dist/fonts/). Registers
// only the @vscode-elements components it uses and starts the Inspector with VS Code's webview API.
// Must not import vscode: it runs in the browser.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'katex/dist/katex.min.css';
import './style.css';
import { Inspector, type HostApi } from './app';

declare const acquireVsCodeApi: () => HostApi;

new Inspector(acquireVsCodeApi(), document.documentElement.lang || 'en');
