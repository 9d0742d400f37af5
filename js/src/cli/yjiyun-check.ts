// `robotwire yjiyun check KIND < body.json`: the 有机云 rule engine on a wire body (a REST body
// such as `multiple/task/save`, a frame `["message", {…}]` / bare payload, or a `request_id`).
// Prints one JSON object per violation: rule, field, limit, actual, message, severity.
// Exit 1 if any violation has error severity; warnings alone are printed and exit 0; a clean
// body prints nothing and exits 0. An unknown KIND or a body that is not JSON: exit 1 with one
// line on stderr.
import { checkYjiyun, yjiyunKinds } from '../yjiyun/rules.js';
import { parse, readStdin, usageLine, UsageError } from './io.js';
import type { Command } from './io.js';

export const check: Command = {
  name: 'yjiyun check',
  summary: 'check a 有机云 REST body, socket frame or request_id against the documented rules; one JSON line per violation',
  args: 'KIND < body.json',
  flags: {},
  notes: [
    'KIND is a REST path tail (multiple/task/save), a frame type (message.text or text), an action type, or request_id.',
    'Exit 1 if any violation is an error; warnings alone exit 0.',
  ],
  examples: [
    `echo '{"type":"robot.conv.modify.admins","robotKey":"rk","messageId":"1","opcode":1,"conversationId":"R:1","admins":["1","2","3","4"]}' | robotwire yjiyun check robot.conv.modify.admins`,
  ],
  run: (argv) => runCheck(argv),
};

async function runCheck(argv: string[]): Promise<void> {
  const { positionals } = parse(check, argv);
  const kind = positionals[0];
  if (!kind || positionals.length > 1) throw new UsageError(`usage: ${usageLine(check)}`);
  // The core decides what a kind is (path tails, full paths, `message.text` or `text`, action
  // types, `request_id`); probing with an empty object only fails for an unknown kind.
  try {
    checkYjiyun(kind, '{}');
  } catch {
    throw new UsageError(`unknown yjiyun kind ${JSON.stringify(kind.slice(0, 64))}; one of: ${yjiyunKinds().checkKinds.join(', ')}`);
  }
  const body = (await readStdin()).toString('utf8');
  const violations = checkYjiyun(kind, body);
  for (const v of violations) {
    const line = { rule: v.rule, field: v.field, limit: v.limit, actual: v.actual, message: v.message, severity: v.severity };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  if (violations.some((v) => v.severity === 'error')) process.exitCode = 1;
}
