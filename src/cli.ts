// The headless entry: `node dist/cli.js <command> …`. Each command lives in src/cli/<command>.ts; this
// file only finds it and reads its arguments. Exit codes: 0 ok, 1 usage, 2 an invalid input file.

import { compare } from './cli/compare';
import { fail, type Command } from './cli/io';
import { numpy } from './cli/numpy';
import { predict } from './cli/predict';
import { trace } from './cli/trace';
import { train } from './cli/train';
import { worked } from './cli/worked';

const COMMANDS: Readonly<Record<string, Command>> = { trace, train, predict, compare, numpy, worked };

const USAGE = 'usage:\n' + Object.values(COMMANDS).map((c) => `  node dist/cli.js ${c.usage}`).join('\n');

/** Splits argv into the command, its positional arguments and its options (each option takes one value). */
function parseArgs(argv: readonly string[]): { command: Command; args: string[]; flags: Map<string, string> } {
  const [name, ...rest] = argv;
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name ?? '') ? COMMANDS[name] : undefined;
  if (!command) fail(USAGE, 1);
  const args: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('-') || token === '-') {
      args.push(token);
      continue;
    }
    if (!command.options.includes(token) || rest[i + 1] === undefined) fail(`unknown or incomplete option ${token}\n${USAGE}`, 1);
    flags.set(token.replace(/^--?/, ''), rest[++i]);
  }
  if (args.length !== command.positionals) fail(USAGE, 1);
  return { command, args, flags };
}

// a reader that stops early (| head) is no error
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
const { command, args, flags } = parseArgs(process.argv.slice(2));
Promise.resolve(command.run(args, flags)).catch((e: Error) => fail(e.stack ?? String(e), 1));
