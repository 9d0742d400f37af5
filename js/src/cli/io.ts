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
