// `robotwire sim`: starts the local 京ME and keeps it running.
import { startSimulator } from '../sim/server.js';
import type { SimRobotOptions } from '../sim/server.js';
import { flags, UsageError } from './io.js';
import { startYjiyunSim } from './yjiyun-sim.js';

export async function sim(argv: string[]): Promise<void> {
  const { values } = flags(argv, {
    port: { type: 'string' },
    'event-url': { type: 'string' },
    'card-url': { type: 'string' },
    'verification-token': { type: 'string' },
    'encrypt-key': { type: 'string' },
    'token-scheme': { type: 'string' },
    'card-token-scheme': { type: 'string' },
    profile: { type: 'string' },
    'app-key': { type: 'string' },
    'app-secret': { type: 'string' },
    'open-team-id': { type: 'string' },
    platform: { type: 'string' },
    'yjiyun-port': { type: 'string' },
    'access-key': { type: 'string' },
    'access-secret': { type: 'string' },
  });
  const platform = (values.platform as string | undefined) ?? 'jdme';
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
  if (profile !== undefined && !['alarm', 'todo', 'consult'].includes(profile)) throw new UsageError('--profile must be alarm, todo or consult');
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
