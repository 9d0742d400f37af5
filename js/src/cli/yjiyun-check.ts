// `robotwire yjiyun check KIND < body.json`: the 有机云 rule engine on a wire body (a REST body
// such as `multiple/task/save`, a frame `["message", {…}]` / bare payload, or a `request_id`).
// Prints one JSON object per violation: rule, field, limit, actual, message, severity.
// Exit 1 if any violation has error severity; warnings alone are printed and exit 0; a clean
// body prints nothing and exits 0. An unknown KIND or a body that is not JSON: exit 1 with one
// line on stderr.
import { checkYjiyun, yjiyunKinds } from '../yjiyun/rules.js';
import { flags, readStdin, UsageError } from './io.js';

export async function check(argv: string[]): Promise<void> {
  const { positionals } = flags(argv, {});
  const kind = positionals[0];
  if (!kind || positionals.length > 1) throw new UsageError('usage: robotwire yjiyun check KIND < body.json');
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
