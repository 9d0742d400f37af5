// `robotwire jdme check ENDPOINT [--profile …]` and `robotwire jdme explain CODE`.
import { checkJdmeRequest } from '../jdme/rules.js';
import type { JdmeProfile } from '../jdme/rules.js';
import { explainJdmeCode } from '../jdme/catalogue.js';
import { flags, readStdin, UsageError } from './io.js';

const PROFILES = ['alarm', 'todo', 'consult'];

/** One JSON object per violation on stdout; exit 1 if any, exit 0 and silence if none. */
export async function check(argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { profile: { type: 'string' } });
  const endpoint = positionals[0];
  if (!endpoint || positionals.length > 1) throw new UsageError('usage: robotwire jdme check ENDPOINT [--profile alarm|todo|consult] < body.json');
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !PROFILES.includes(profile)) throw new UsageError('--profile must be alarm, todo or consult');
  const body = (await readStdin()).toString('utf8');
  const violations = checkJdmeRequest(endpoint, body, profile ? { profile: profile as JdmeProfile } : {});
  for (const v of violations) process.stdout.write(JSON.stringify(v) + '\n');
  if (violations.length > 0) process.exit(1);
}

/** The catalogue entries for a code: readable text, or JSON lines with --json. */
export async function explain(argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { json: { type: 'boolean' } });
  const code = positionals[0];
  if (!code || !/^\d+$/.test(code) || positionals.length > 1) throw new UsageError('usage: robotwire jdme explain CODE [--json]');
  const entries = explainJdmeCode(Number(code));
  if (entries.length === 0) throw new UsageError(`${code} is not in the JD ME error catalogue`);
  for (const e of entries) {
    if (values.json) {
      process.stdout.write(JSON.stringify(e) + '\n');
      continue;
    }
    process.stdout.write(`${e.code} ${e.msg}  [${e.table}]\n`);
    if (e.explanation) process.stdout.write(`  说明: ${e.explanation}\n`);
    if (e.hint) process.stdout.write(`  排查: ${e.hint}\n`);
    process.stdout.write(`  category: ${e.category}, retry: ${e.retry}\n`);
  }
}
