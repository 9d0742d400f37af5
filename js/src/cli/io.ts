// Shared CLI plumbing: stdin, one-line failures, exit codes. Every command reads stdin,
// writes stdout, exits 0 on success and 1 with a one-line reason on stderr otherwise.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** One flag of a command: its parse type and what `--help` says about it. */
export interface Flag {
  type: 'string' | 'boolean';
  /** Placeholder for the value in usage lines (`T`, `MS`, `alarm|todo|consult`). */
  value?: string;
  required?: boolean;
  help: string;
}

/**
 * A CLI command. Its flags are declared once, here, so the parser and `--help` cannot drift
 * apart; `run` gets argv without the command words.
 */
export interface Command {
  /** The words after `robotwire`, e.g. `jdme sign`. */
  name: string;
  summary: string;
  /** Positional arguments and stdin, e.g. `ENDPOINT < body.json`. */
  args?: string;
  flags: Record<string, Flag>;
  /** Extra lines after the flags (exit codes, notes). */
  notes?: string[];
  examples: string[];
  run(argv: string[]): Promise<void>;
}

/** Parses argv with the command's declared flags. */
export function parse(cmd: Command, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: Options = {};
  for (const [name, f] of Object.entries(cmd.flags)) options[name] = { type: f.type };
  return flags(argv, options);
}

function flagUsage(name: string, f: Flag): string {
  const text = f.type === 'boolean' ? `--${name}` : `--${name} ${f.value ?? 'VALUE'}`;
  return f.required ? text : `[${text}]`;
}

/** `robotwire jdme sign --verification-token T --timestamp MS [--token-scheme S]`. */
export function usageLine(cmd: Command): string {
  const parts = Object.entries(cmd.flags).map(([n, f]) => flagUsage(n, f));
  const args = cmd.args ?? '';
  // Stdin redirections read best at the end of the line.
  const [positional, stdin] = args.includes('<') ? [args.slice(0, args.indexOf('<')).trim(), args.slice(args.indexOf('<')).trim()] : [args, ''];
  return ['robotwire', cmd.name, positional, ...parts, stdin].filter(Boolean).join(' ');
}

/** The whole `--help` text of one command. */
export function helpText(cmd: Command): string {
  const lines = [`robotwire ${cmd.name}: ${cmd.summary}`, '', `usage: ${usageLine(cmd)}`];
  const entries = Object.entries(cmd.flags);
  if (entries.length) {
    lines.push('', 'options:');
    const labels = entries.map(([n, f]) => (f.type === 'boolean' ? `--${n}` : `--${n} ${f.value ?? 'VALUE'}`));
    const width = Math.max(...labels.map((l) => l.length), '-h, --help'.length);
    entries.forEach(([, f], i) => lines.push(`  ${labels[i]!.padEnd(width)}  ${f.help}${f.required ? ' (required)' : ''}`));
    lines.push(`  ${'-h, --help'.padEnd(width)}  this text`);
  }
  if (cmd.notes?.length) lines.push('', ...cmd.notes);
  lines.push('', cmd.examples.length > 1 ? 'examples:' : 'example:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

export function flags(argv: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function need(value: string | boolean | undefined, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

/** One line, no stack: what the user needs to fix. */
export function fail(e: unknown): never {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? `${err.code}: ` : '';
  const msg = String(err?.message ?? e).replace(/\s+/g, ' ').trim();
  process.stderr.write(`robotwire: ${code}${msg}\n`);
  process.exit(1);
}
