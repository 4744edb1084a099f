// Types of chromium.js for the TypeScript tests (test/webview/harness.ts).
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_ARGS: string[];
export function chromiumPath(): string;
export function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }>;
export function launchPersistentChromium(options?: { viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
