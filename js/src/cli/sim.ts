// `robotwire sim`: starts the local 京ME and keeps it running.
import { startSimulator } from '../sim/jdme/server.js';
import type { SimRobotOptions } from '../sim/jdme/api.js';
import { parse, UsageError } from './io.js';
import type { Command } from './io.js';
import { startYjiyunSim } from './yjiyun-sim.js';
import { JDME_PROFILES } from '../generated/jdme-tables.js';

const SIM_FLAGS: Command['flags'] = {
  platform: { type: 'string', value: 'jdme|yjiyun|both', help: 'which platform to simulate (default jdme)' },
  port: { type: 'string', value: 'N', help: 'port on 127.0.0.1; 0 (default) picks a free one' },
  'event-url': { type: 'string', value: 'URL', help: "京ME: the robot's event subscription URL (where events are pushed)" },
  'card-url': { type: 'string', value: 'URL', help: '京ME: the card callback URL (default: the event URL)' },
  'verification-token': { type: 'string', value: 'T', help: "京ME: the robot's Verification Token (events are signed)" },
  'encrypt-key': { type: 'string', value: 'K', help: "京ME: the robot's Encrypt Key (events are encrypted)" },
  'token-scheme': { type: 'string', value: 'S', help: '京ME: how event tokens are derived (default sha256; see jdme sign --help)' },
  'card-token-scheme': { type: 'string', value: 'S', help: '京ME: how card-callback tokens are derived (default plain)' },
  profile: { type: 'string', value: 'alarm|todo|consult', help: "京ME: the robot's interception business type (default todo)" },
  'app-key': { type: 'string', value: 'K', help: '京ME: the app key (default sim-app-key)' },
  'app-secret': { type: 'string', value: 'S', help: '京ME: the app secret (default sim-app-secret)' },
  'open-team-id': { type: 'string', value: 'ID', help: '京ME: the openTeamId (default sim-open-team)' },
  'yjiyun-port': { type: 'string', value: 'N', help: '有机云 port with --platform both (default: a free one)' },
  'access-key': { type: 'string', value: 'K', help: '有机云: the account (2.1 accessKey)' },
  'access-secret': { type: 'string', value: 'S', help: '有机云: the password (2.1 accessSecret)' },
  socketio: { type: 'string', value: '2|4', help: '有机云: the socket.io generation to serve (default 4; 2 needs socket.io-v2)' },
};

function simCommand(name: string, summary: string, platform: string | undefined, examples: string[]): Command {
  // A platform's own command shows only its flags.
  const flags = Object.fromEntries(
    Object.entries(SIM_FLAGS).filter(([name, f]) => {
      if (!platform) return true;
      if (name === 'platform' || name === 'yjiyun-port') return false;
      return platform === 'jdme' ? !f.help.startsWith('有机云') : !f.help.startsWith('京ME');
    }),
  );
  const cmd: Command = {
    name,
    summary,
    flags,
    notes: ['Runs until interrupted; prints the page and base URLs. Admin endpoints live under /__sim/.'],
    examples,
    run: (argv) => runSim(parse(cmd, argv).values, platform),
  };
  return cmd;
}

export const sim = simCommand('sim', 'a local 京ME and/or 有机云 on 127.0.0.1, with a page to watch and drive it', undefined, [
  'robotwire sim --event-url http://127.0.0.1:3000/jdme/events --verification-token fake-vt --encrypt-key fake-key',
  'robotwire sim --platform both --port 8080 --yjiyun-port 8081',
]);
export const jdmeSim = simCommand('jdme sim', 'a local 京ME on 127.0.0.1 (the same as robotwire sim --platform jdme)', 'jdme', [
  'robotwire jdme sim --event-url http://127.0.0.1:3000/jdme/events --verification-token fake-vt',
]);
export const yjiyunSim = simCommand('yjiyun sim', 'a local 有机云 on 127.0.0.1 (the same as robotwire sim --platform yjiyun)', 'yjiyun', ['robotwire yjiyun sim --port 8081']);

async function runSim(values: Record<string, string | boolean | undefined>, preset: string | undefined): Promise<void> {
  const platform = preset ?? (values.platform as string | undefined) ?? 'jdme';
  if (!['jdme', 'yjiyun', 'both'].includes(platform)) throw new UsageError('--platform must be jdme, yjiyun or both');
  const closers: (() => Promise<void>)[] = [];
  const stop = () => {
    void Promise.all(closers.map((c) => c())).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (platform === 'yjiyun') {
    const y = await startYjiyunSim(values, 'port');
    closers.push(() => y.close());
    await new Promise(() => undefined);
  }
  const portRaw = (values.port as string | undefined) ?? '0';
  if (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535) throw new UsageError('--port must be 0..65535 (0 picks a free port)');
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !(JDME_PROFILES as readonly string[]).includes(profile)) throw new UsageError('--profile must be alarm, todo or consult');
  const robot: SimRobotOptions = {};
  if (values['event-url']) robot.eventUrl = values['event-url'] as string;
  if (values['card-url']) robot.cardUrl = values['card-url'] as string;
  if (values['verification-token']) robot.verificationToken = values['verification-token'] as string;
  if (values['encrypt-key']) robot.encryptKey = values['encrypt-key'] as string;
  if (values['token-scheme']) robot.tokenScheme = values['token-scheme'] as SimRobotOptions['tokenScheme'] & string;
  if (values['card-token-scheme']) robot.cardTokenScheme = values['card-token-scheme'] as SimRobotOptions['cardTokenScheme'] & string;
  if (profile) robot.profile = profile as SimRobotOptions['profile'];
  const app = {
    appKey: (values['app-key'] as string | undefined) ?? 'sim-app-key',
    appSecret: (values['app-secret'] as string | undefined) ?? 'sim-app-secret',
    openTeamId: (values['open-team-id'] as string | undefined) ?? 'sim-open-team',
  };
  const s = await startSimulator({ port: Number(portRaw), apps: [app], robots: [{ ...robot, appKey: app.appKey }] });
  const r = s.state.robots.values().next().value!;
  process.stdout.write(`robotwire sim (京ME) listening on ${s.url}\n`);
  process.stdout.write(`  page:      ${s.url}/\n`);
  process.stdout.write(`  baseUrl:   ${s.url}  (JdmeClient baseUrl)\n`);
  process.stdout.write(`  appKey:    ${app.appKey}  openTeamId: ${app.openTeamId}  robotId: ${r.robotId}\n`);
  if (robot.verificationToken) {
    process.stdout.write(`  token:     events ${robot.tokenScheme ?? 'sha256'}, card callbacks ${robot.cardTokenScheme ?? 'plain'} (--token-scheme / --card-token-scheme)\n`);
  }
  closers.push(() => s.close());
  if (platform === 'both') {
    const y = await startYjiyunSim(values, 'yjiyun-port');
    closers.push(() => y.close());
  }
  await new Promise(() => undefined);
}
