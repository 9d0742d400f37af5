// bin `robotwire`: one grammar, `robotwire <platform> <command> [options]` (plus `robotwire sim`
// for both platforms at once); every command declares its flags once (./io.ts `Command`), so
// `--help` lists exactly what the parser accepts.
import '../entries/node.js';
import '../entries/yjiyun.js';
import { fail, helpText, usageLine, UsageError } from './io.js';
import type { Command } from './io.js';
import * as jdmeWebhook from './jdme-webhook.js';
import * as jdmeCheck from './jdme-check.js';
import * as yjiyunCheck from './yjiyun-check.js';
import { sim, jdmeSim, yjiyunSim } from './sim.js';

declare const __ROBOTWIRE_VERSION__: string;

const COMMANDS: Command[] = [
  jdmeWebhook.sign,
  jdmeWebhook.encrypt,
  jdmeWebhook.decrypt,
  jdmeWebhook.verify,
  jdmeWebhook.tokenProbe,
  jdmeCheck.check,
  jdmeCheck.explain,
  jdmeSim,
  yjiyunCheck.check,
  yjiyunSim,
  sim,
];

const PLATFORMS: Record<string, string> = { jdme: '京ME (JD ME)', yjiyun: '有机云 (yjiyun, enterprise-WeChat robots)' };

const byName = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
const isHelp = (a: string | undefined): boolean => a === '--help' || a === '-h';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'robotwire: JD ME (京ME) and 有机云 robots from Node and edge functions.',
    '',
    'usage: robotwire <platform> <command> [options]    (robotwire sim runs both simulators)',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'robotwire help <command> (or <command> --help) shows a command\'s options and an example;',
    'robotwire --version prints the version.',
  ].join('\n') + '\n';
}

function platformHelp(platform: string): string {
  const cmds = COMMANDS.filter((c) => c.name.startsWith(platform + ' '));
  return [`robotwire ${platform}: ${PLATFORMS[platform]}`, '', 'commands:', ...cmds.map((c) => `  ${usageLine(c)}\n      ${c.summary}`), '', `robotwire ${platform} <command> --help for options and an example.`].join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv;
  if (first === undefined) {
    process.stdout.write(overview());
    process.exitCode = 1;
    return;
  }
  if (isHelp(first)) return void process.stdout.write(overview());
  if (first === '--version' || first === '-v' || first === 'version') return void process.stdout.write(__ROBOTWIRE_VERSION__ + '\n');
  if (first === 'help') {
    const words = argv.slice(1).join(' ');
    if (!words) return void process.stdout.write(overview());
    const cmd = byName(words);
    if (cmd) return void process.stdout.write(helpText(cmd));
    if (PLATFORMS[words]) return void process.stdout.write(platformHelp(words));
    throw new UsageError(`no command "${words}"; run robotwire --help`);
  }
  if (first === 'sim') {
    const args = argv.slice(1);
    return args.some(isHelp) ? void process.stdout.write(helpText(sim)) : sim.run(args);
  }
  if (!PLATFORMS[first]) throw new UsageError(`unknown platform or command "${first}"; run robotwire --help`);
  if (second === undefined || isHelp(second)) {
    process.stdout.write(platformHelp(first));
    if (second === undefined) process.exitCode = 1;
    return;
  }
  const cmd = byName(`${first} ${second}`);
  if (!cmd) throw new UsageError(`unknown command "${first} ${second}"; run robotwire ${first} --help`);
  if (rest.some(isHelp)) return void process.stdout.write(helpText(cmd));
  await cmd.run(rest);
}

main(process.argv.slice(2)).catch(fail);
