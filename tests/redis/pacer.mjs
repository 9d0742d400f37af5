// Child process of multiprocess.test.mjs: one "instance" sending to one group as fast as the
// shared RedisStore allows, from START until DEADLINE (epoch ms); reports accepted nowMs values.
import Redis from 'ioredis';
import { RedisStore, planJdmeRate } from 'robotwire';

const { REDIS_PORT, PREFIX, START, DEADLINE } = process.env;
const start = Number(START);
const deadline = Number(DEADLINE);
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const client = new Redis({ host: '127.0.0.1', port: Number(REDIS_PORT) });
const store = new RedisStore({ client, keyPrefix: PREFIX });
const accepted = [];
let denials = 0;
let rules = [];
await client.ping();
await sleep(start - Date.now());
for (let i = 0; i < 10_000 && Date.now() < deadline; i++) {
  const body = {
    appId: 'fake-app-key',
    requestId: `req-${process.pid}-${i}`,
    dateTime: Date.now(),
    groupId: '10000000001',
    params: { robotId: '00_fakerobot000001', body: { type: 'text', content: `pace ${process.pid} #${accepted.length}` } },
  };
  const plan = planJdmeRate({ endpoint: 'sendRobotMsg', body, profile: 'todo' });
  rules = plan.map((k) => `${k.rule} ${k.limit}/${k.windowMs}`);
  const now = Date.now();
  const d = await store.rateDecide(plan, now);
  if (d.allowed) accepted.push(now);
  else {
    denials++;
    await sleep(Math.min(d.retryAfterMs, deadline - Date.now()));
  }
}
client.disconnect();
process.send({ pid: process.pid, accepted, denials, rules }, () => process.exit(0));
