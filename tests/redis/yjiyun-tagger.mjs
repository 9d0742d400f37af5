// Child process of yjiyun-tag-lock.test.mjs: one "instance" of a service, with its own
// YjiyunClient and YjiyunRealtime, firing tag operations for one robot at START (epoch ms),
// half over the socket and half over the 2.8 bridge. SHARED=1 gives the client the RedisStore.
import Redis from 'ioredis';
import { RedisStore } from 'robotwire';
import { YjiyunClient, YjiyunRealtime } from 'robotwire/yjiyun';

const { REDIS_PORT, SIM_URL, ROBOT_KEY, TAG_IDS, START, SHARED, INDEX, COUNT } = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const redis = new Redis({ host: '127.0.0.1', port: Number(REDIS_PORT) });
const store = new RedisStore({ client: redis, keyPrefix: 'tags:' });
const client = new YjiyunClient({
  accessKey: 'fake-yjiyun-access-key',
  accessSecret: 'fake-yjiyun-secret-5c3e9d1f-密码',
  baseUrl: SIM_URL,
  ...(SHARED === '1' ? { store } : {}),
});
const rt = new YjiyunRealtime({ client, socketOptions: { transports: ['websocket'] }, testingOnlyReconnectFloorMs: 120, callbackTimeoutMs: 10_000 });
await rt.connect();
const tagIds = JSON.parse(TAG_IDS);
await sleep(Number(START) - Date.now());
const results = await Promise.allSettled(
  Array.from({ length: Number(COUNT) }, (_, i) => {
    // The simulator's seeded customers of robot 1: 7881300000000001…
    const userId = `78813000000${String((Number(INDEX) - 1) * 10 + i + 1).padStart(5, '0')}`;
    const tags = [tagIds[i % tagIds.length]];
    return i % 2 === 0
      ? rt.tagCustomer({ robotKey: ROBOT_KEY, userId, tags })
      : client.bridge({ type: 'robot.cust.tags', robotKey: ROBOT_KEY, userId, tags });
  }),
);
await rt.close();
redis.disconnect();
const failures = results.filter((r) => r.status === 'rejected' || !r.value.ok).map((r) => String(r.reason ?? JSON.stringify(r.value)));
process.send({ ok: results.length - failures.length, failures }, () => process.exit(0));
