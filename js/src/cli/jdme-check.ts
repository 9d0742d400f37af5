// `robotwire jdme check ENDPOINT [--profile …] [--facts JSON]` and `robotwire jdme explain CODE`.
import { checkJdmeRequest } from '../jdme/rules.js';
import type { CheckFacts, JdmeProfile } from '../jdme/rules.js';
import { jdmeEndpoints } from '../jdme/builders.js';
import { explainJdmeCode } from '../jdme/catalogue.js';
import { JDME_PROFILES } from '../generated/jdme-tables.js';
import { parse, readStdin, usageLine, UsageError } from './io.js';
import type { Command } from './io.js';

const PROFILES: readonly string[] = JDME_PROFILES;


/**
 * ENDPOINT is the last path segment (`sendRobotMsg`, `getPageInfos`); an endpoint's full path
 * is accepted too. Returns the name the core knows it by (the full path for suite APIs).
 */
function resolveEndpoint(arg: string): string | undefined {
  const all = jdmeEndpoints();
  const exact = all.find((e) => e.name === arg || e.path === arg);
  if (exact) return exact.name;
  const tail = all.filter((e) => e.path.endsWith('/' + arg));
  return tail.length === 1 ? tail[0]!.name : undefined;
}

/** `--facts`: what the robot's configuration tells the rules (send scope, group owner, admins). */
function parseFacts(text: string | undefined): CheckFacts | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--facts must be a JSON object: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('--facts must be a JSON object such as {"sendScope":{"erps":["zhangsan"]}}');
  return v as CheckFacts;
}

/**
 * One JSON object per violation on stdout; exit 1 if any, exit 0 and silence if none.
 * The exit code is set rather than forced: `process.exit` right after writing can cut the
 * output short where stdout is an asynchronous pipe (macOS, Windows).
 */
export const check: Command = {
  name: 'jdme check',
  summary: 'check a request body against every documented limit and interception rule; one JSON line per violation',
  args: 'ENDPOINT < body.json',
  flags: {
    profile: { type: 'string', value: 'alarm|todo|consult', help: "the robot's business type for the interception rules" },
    facts: { type: 'string', value: 'JSON', help: 'what the robot configuration tells the rules, e.g. {"sendScope":{"erps":["zhangsan"]}}' },
  },
  notes: ['ENDPOINT is the last path segment (sendRobotMsg) or the full path. Exit 1 when a rule is broken, 0 and silence otherwise.'],
  examples: ['robotwire jdme check sendRobotMsg --profile todo < body.json'],
  run: (argv) => runCheck(argv),
};

async function runCheck(argv: string[]): Promise<void> {
  const { values, positionals } = parse(check, argv);
  const arg = positionals[0];
  if (!arg || positionals.length > 1) throw new UsageError(`usage: ${usageLine(check)}`);
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !PROFILES.includes(profile)) throw new UsageError('--profile must be alarm, todo or consult');
  const facts = parseFacts(values.facts as string | undefined);
  // Before reading stdin: a typo must not leave the user waiting on a terminal.
  const endpoint = resolveEndpoint(arg);
  if (!endpoint) throw new UsageError(`unknown endpoint "${arg}": give the last path segment of a JD ME API, e.g. sendRobotMsg`);
  const body = (await readStdin()).toString('utf8');
  const violations = checkJdmeRequest(endpoint, body, { ...(profile ? { profile: profile as JdmeProfile } : {}), ...(facts ? { facts } : {}) });
  if (violations.length === 0) return;
  process.stdout.write(violations.map((v) => JSON.stringify(v) + '\n').join(''));
  process.exitCode = 1;
}

/** Seed text keeps its line breaks; continuation lines are indented under their label. */
const indent = (text: string): string => text.replace(/\r?\n/g, '\n      ');

export const explain: Command = {
  name: 'jdme explain',
  summary: 'what a JD ME error code means: message, explanation, hint, category, whether to retry',
  args: 'CODE',
  flags: { json: { type: 'boolean', help: 'one JSON object per catalogue entry' } },
  examples: ['robotwire jdme explain 99990041'],
  run: (argv) => runExplain(argv),
};

/** The catalogue entries for a code: readable text, or JSON lines with --json. */
async function runExplain(argv: string[]): Promise<void> {
  const { values, positionals } = parse(explain, argv);
  const code = positionals[0];
  if (!code || !/^\d+$/.test(code) || positionals.length > 1) throw new UsageError(`usage: ${usageLine(explain)}`);
  const n = Number(code);
  const entries = Number.isSafeInteger(n) ? explainJdmeCode(n) : [];
  if (entries.length === 0) throw new UsageError(`${code} is not in the JD ME error catalogue`);
  let out = '';
  for (const e of entries) {
    if (values.json) {
      out += JSON.stringify(e) + '\n';
      continue;
    }
    out += `${e.code} ${e.msg}  [${e.table}]\n`;
    if (e.explanation) out += `  说明: ${indent(e.explanation)}\n`;
    if (e.hint) out += `  排查: ${indent(e.hint)}\n`;
    out += `  category: ${e.category}, retry: ${e.retry}\n`;
  }
  process.stdout.write(out);
}
