// The 有机云 half of `robotwire sim --platform yjiyun|both`.
import { startYjiyunSimulator } from '../sim/yjiyun/server.js';
import type { YjiyunSimulator } from '../sim/yjiyun/api.js';
import { UsageError } from './io.js';

export async function startYjiyunSim(values: Record<string, string | boolean | undefined>, portFlag: 'port' | 'yjiyun-port'): Promise<YjiyunSimulator> {
  const portRaw = (values[portFlag] as string | undefined) ?? '0';
  if (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535) throw new UsageError(`--${portFlag} must be 0..65535 (0 picks a free port)`);
  const gen = (values.socketio as string | undefined) ?? '4';
  if (gen !== '2' && gen !== '4') throw new UsageError('--socketio must be 2 or 4');
  const s = await startYjiyunSimulator({
    port: Number(portRaw),
    socketio: gen === '2' ? 2 : 4,
    ...(values['access-key'] ? { accessKey: values['access-key'] as string } : {}),
    ...(values['access-secret'] ? { accessSecret: values['access-secret'] as string } : {}),
  });
  const r = s.robots[0]!;
  process.stdout.write(`robotwire sim (有机云) listening on ${s.url}\n`);
  process.stdout.write(`  page:      ${s.url}/\n`);
  process.stdout.write(`  baseUrl:   ${s.url}  (YjiyunClient baseUrl; socket.io v${s.socketio} ${s.url}/imchat)\n`);
  process.stdout.write(`  accessKey: ${s.accessKey}  robotKey: ${r.robotKey}  wxid: ${r.wxid}\n`);
  return s;
}
