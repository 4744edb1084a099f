// Types of mocha.js for the TypeScript runner of the integration tests (test/integration/index.ts).
export interface Counts { passed: number; failed: number; skipped: number }
export function runMocha(options: { files: string[]; label: string; timeout?: number; grep?: string; color?: boolean }): Promise<{ failures: number; counts: Counts }>;
export function runSuite(suite: string, options: { files: string[]; timeout?: number; grep?: string; color?: boolean }): Promise<{ failures: number; counts: Counts }>;
export function writeCounts(suite: string, counts: Counts, extra?: object): void;
export function testFiles(patterns: string | string[], cwd?: string): string[];
