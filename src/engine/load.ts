// Reads a network file from disk (Node only): the file itself and the CSV it names, relative to it.
// Used by the CLI, the debug adapter and the extension host. Imports nothing from VS Code.
//
// A data file is read only when it is a regular file inside one of the allowed folders (the
// workspace folder, or the network file's own folder) after symbolic links are resolved, and no
// larger than a cap: never a FIFO (opening one would wait for a writer forever), a device
// (/dev/zero never ends), a /proc or /sys file, or anything outside. The type and size are checked
// with stat and again with fstat on the opened descriptor, before a byte is read.

import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, realpathSync, statSync, type Stats } from 'fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'path';
import { messages } from './messages';
import { reusedBytes } from './data/csv';
import { dataFileOf, parseNetwork, type ParseResult } from './parse';

/** The default cap on a CSV file's size; the setting backprop.data.maxCsvMegabytes raises it. */
export const DEFAULT_MAX_CSV_BYTES = 64 * 1024 * 1024;
/** A network file is JSON text a person edits: far below this. */
export const MAX_NETWORK_FILE_BYTES = 64 * 1024 * 1024;

export interface LoadOptions {
  /** the network file's text when it is already in memory (the editor's, with unsaved edits) */
  text?: string;
  /** folders a data file must be inside (default: the network file's folder) */
  roots?: readonly string[];
  /** the largest CSV file read, in bytes (default DEFAULT_MAX_CSV_BYTES) */
  maxCsvBytes?: number;
  /** how the user raises the cap, for the message (default: the VS Code setting) */
  capHint?: string;
}

// O_NONBLOCK: opening a FIFO that was swapped in after the check returns at once instead of waiting
// for a writer; O_NOFOLLOW: the path was resolved already, a symbolic link now is a swap. (Neither
// exists on Windows, which has no FIFOs of this kind.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];
/** The network file itself is the user's choice: it may be anywhere, but it must be a regular file. */
const ANYWHERE = [resolve('/')];
const CAP_HINT = 'the setting backprop.data.maxCsvMegabytes raises it';

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a file may not be read, or undefined when it may (checks of the resolved path and its stats). */
function refusal(real: string, roots: readonly string[], stats: Stats, cap: number, capHint: string): string | undefined {
  if (!roots.some((root) => inside(root, real))) return outside(roots);
  if (SYSTEM_FOLDERS.some((s) => real === s || real.startsWith(s + '/'))) return 'it is a system file, not a data file';
  if (!stats.isFile()) return `it is ${kind(stats)}, not a regular file`;
  if (stats.size > cap) return `it is ${megabytes(stats.size)}, larger than the limit of ${megabytes(cap)} (${capHint})`;
  return undefined;
}

function failure(e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'too many symbolic links, or a link swapped in',
    ENOTDIR: 'a part of the path is not a folder',
    ENAMETOOLONG: 'the path is too long',
  };
  return new Error(code && words[code] ? words[code] : (e as Error).message);
}

function realRoots(roots: readonly string[]): string[] {
  return roots.map((r) => {
    try {
      return realpathSync(resolve(r));
    } catch {
      return resolve(r);
    }
  });
}

function checkName(name: string): void {
  if (name.includes('\0')) throw new Error('the path contains a NUL character');
  if (name.trim() === '') throw new Error('the path is empty');
}

/** A path outside the roots as written is refused before the file system is asked anything (not even whether it exists). */
function checkWritten(target: string, roots: readonly string[], real: readonly string[]): void {
  if (roots.some((r) => inside(resolve(r), target)) || real.some((r) => inside(r, target))) return;
  throw new Error(outside(real));
}

function outside(roots: readonly string[]): string {
  return `it is outside ${roots.length === 1 ? `the folder ${roots[0]}` : `the folders ${roots.join(', ')}`}: a data file must be inside ${roots.length === 1 ? 'it' : 'one of them'}`;
}

/** Reads a file allowed by the checks above (synchronously); throws an Error whose message says why not. */
export function readConfinedFile(name: string, base: string, roots: readonly string[], cap: number, capHint = CAP_HINT): Uint8Array {
  checkName(name);
  let fd: number | undefined;
  try {
    const allowed = realRoots(roots);
    checkWritten(resolve(base, name), roots, allowed);
    const real = realpathSync(resolve(base, name));
    const why = refusal(real, allowed, statSync(real), cap, capHint);
    if (why) throw new Error(why);
    fd = openSync(real, OPEN_FLAGS);
    const stats = fstatSync(fd);
    const again = refusal(real, allowed, stats, cap, capHint);
    if (again) throw new Error(again);
    const bytes = new Uint8Array(stats.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } catch (e) {
    throw (e as Error).message && !(e as NodeJS.ErrnoException).code ? e : failure(e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The last file read asynchronously, kept for half a minute: while it is unchanged (same path, inode,
 * size, modification and change times) the next check gets the very same bytes, unread, and with them
 * their parse (data/csv.ts), so typing in the network file does not read or parse a large CSV again.
 */
let recent: { key: string; bytes: Uint8Array; timer: ReturnType<typeof setTimeout> } | undefined;
const RECENT_MS = 30_000;

function remember(key: string, bytes: Uint8Array): Uint8Array {
  if (recent) clearTimeout(recent.timer);
  const timer = setTimeout(() => (recent = undefined), RECENT_MS);
  (timer as { unref?: () => void }).unref?.();
  recent = { key, bytes, timer };
  reusedBytes.add(bytes);
  return bytes;
}

/** The same, asynchronously: nothing but a stat runs on the caller's thread, and nothing waits on a FIFO. */
export async function readConfinedFileAsync(name: string, base: string, roots: readonly string[], cap: number, capHint = CAP_HINT, reuse = false): Promise<Uint8Array> {
  checkName(name);
  let handle: fsp.FileHandle | undefined;
  try {
    const allowed = await Promise.all(roots.map((r) => fsp.realpath(resolve(r)).catch(() => resolve(r))));
    checkWritten(resolve(base, name), roots, allowed);
    const real = await fsp.realpath(resolve(base, name));
    const why = refusal(real, allowed, await fsp.stat(real), cap, capHint);
    if (why) throw new Error(why);
    handle = await fsp.open(real, OPEN_FLAGS);
    const stats = await handle.stat();
    const again = refusal(real, allowed, stats, cap, capHint);
    if (again) throw new Error(again);
    const key = [real, stats.dev, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs].join('\0');
    if (reuse && recent?.key === key) return remember(key, recent.bytes);
    const bytes = new Uint8Array(stats.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return reuse ? remember(key, bytes.subarray(0, at)) : bytes.subarray(0, at);
  } catch (e) {
    throw (e as Error).message && !(e as NodeJS.ErrnoException).code ? e : failure(e);
  } finally {
    await handle?.close();
  }
}

function unreadable(path: string, e: unknown): ParseResult {
  return { spec: undefined, errors: [{ file: path, line: 1, column: 1, offset: 0, length: 0, message: messages().cannotReadNetwork((e as Error).message) }] };
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Parses the network file at `path`; a file that cannot be read is reported as an error too. */
export function loadNetworkFile(path: string, text?: string, options: Omit<LoadOptions, 'text'> = {}): ParseResult {
  const base = dirname(resolve(path));
  let source = text;
  if (source === undefined) {
    try {
      source = decode(readConfinedFile(resolve(path), base, ANYWHERE, MAX_NETWORK_FILE_BYTES, 'a network file is JSON text'));
    } catch (e) {
      return unreadable(path, e);
    }
  }
  const roots = options.roots ?? [base];
  const cap = options.maxCsvBytes ?? DEFAULT_MAX_CSV_BYTES;
  return parseNetwork(source, { file: path, readFile: (name) => readConfinedFile(name, base, roots, cap, options.capHint) });
}

/**
 * The same without blocking: the network file (unless its text is given) and its CSV are read with
 * fs.promises after the checks, then parsed. The extension host and the adapter use this one.
 */
export async function loadNetworkFileAsync(path: string, options: LoadOptions = {}): Promise<ParseResult> {
  const base = dirname(resolve(path));
  let source = options.text;
  if (source === undefined) {
    try {
      source = decode(await readConfinedFileAsync(resolve(path), base, ANYWHERE, MAX_NETWORK_FILE_BYTES, 'a network file is JSON text'));
    } catch (e) {
      return unreadable(path, e);
    }
  }
  const roots = options.roots ?? [base];
  const cap = options.maxCsvBytes ?? DEFAULT_MAX_CSV_BYTES;
  const csv = dataFileOf(source);
  let content: Uint8Array | Error | undefined;
  if (csv !== undefined) {
    try {
      content = await readConfinedFileAsync(csv, base, roots, cap, options.capHint, true);
    } catch (e) {
      content = e as Error;
    }
  }
  return parseNetwork(source, {
    file: path,
    readFile: (name) => {
      if (name !== csv || content === undefined) throw new Error('not read');
      if (content instanceof Error) throw content;
      return content;
    },
  });
}
