// bin `robotwire`: dispatches `robotwire <platform> <command>`; each command is a module.
import '../entries/node.js';
import { fail, UsageError } from './io.js';
import * as jdmeWebhook from './jdme-webhook.js';
import * as jdmeCheck from './jdme-check.js';
import * as yjiyunCheck from './yjiyun-check.js';
import { sim } from './sim.js';

type Command = (argv: string[]) => Promise<void>;

const COMMANDS: Record<string, Record<string, Command>> = {
  jdme: {
    sign: jdmeWebhook.sign,
    encrypt: jdmeWebhook.encrypt,
    decrypt: jdmeWebhook.decrypt,
    verify: jdmeWebhook.verify,
    'token-probe': jdmeWebhook.tokenProbe,
    check: jdmeCheck.check,
    explain: jdmeCheck.explain,
  },
  yjiyun: { check: yjiyunCheck.check },
};

const USAGE = `usage: robotwire <platform> <command> [options]
  robotwire jdme sign --verification-token T --timestamp TS [--token-scheme sha256|plain|sha256-hex|hmac-sha256|…]
  robotwire jdme encrypt --encrypt-key K            < plaintext
  robotwire jdme decrypt --encrypt-key K            < base64 or {"encrypt": …}
  robotwire jdme verify --verification-token T [--encrypt-key K] [--tolerance-seconds N] [--token-scheme S] < body
  robotwire jdme token-probe --verification-token T [--encrypt-key K] [--json] < captured body
                                                    (names the scheme that reproduces its token; exit 1 if none)
  robotwire jdme check ENDPOINT [--profile alarm|todo|consult] [--facts JSON] < body.json
  robotwire jdme explain CODE [--json]
  robotwire yjiyun check KIND < body.json             (one JSON line per violation; exit 1 on errors, 0 on warnings only)
  robotwire sim [--platform jdme|yjiyun|both] [--yjiyun-port N] [--port N] [--event-url URL] [--card-url URL] [--verification-token T] [--encrypt-key K] [--token-scheme S] [--card-token-scheme S] [--profile alarm|todo|consult]`;

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'sim') return sim(argv.slice(1));
  const [platform, command, ...rest] = argv;
  if (platform === undefined || platform === '--help' || platform === '-h') {
    process.stdout.write(USAGE + '\n');
    if (platform === undefined) process.exit(1);
    return;
  }
  const run = COMMANDS[platform]?.[command ?? ''];
  if (!run) throw new UsageError(`unknown command "${[platform, command].filter(Boolean).join(' ')}"; run robotwire --help`);
  await run(rest);
}

main(process.argv.slice(2)).catch(fail);
