// 3.11 "打标签需要排队" across processes (issue 10 part 3): two service instances that share a
// RedisStore never overlap tag operations for one robot, over the socket or the 2.8 bridge; the
// same instances without a shared store do (the simulator counts it), so the check can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { RedisStore } from 'robotwire';
import { YjiyunClient } from 'robotwire/yjiyun';
import { startYjiyunSimulator } from 'robotwire/sim';
import { startRedis, runChild } from './helpers.mjs';

const ACCESS_KEY = 'fake-yjiyun-access-key';
const ACCESS_SECRET = 'fake-yjiyun-secret-5c3e9d1f-密码';

let redis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

const runTagger = (env) => runChild(new URL('./yjiyun-tagger.mjs', import.meta.url), env);

const labelOf = (labels) => labels.data.groupLabels[0].subLabelList[0].labelId;

async function twoInstances(shared) {
  const sim = await startYjiyunSimulator({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, tagLatencyMs: 25 });
  try {
    const robotKey = sim.robots[0].robotKey;
    const probe = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url });
    const labels = await probe.bridge({ type: 'robot.tags.sync', robotKey });
    const tagIds = labels.data.groupLabels.flatMap((l) => l.subLabelList.map((s) => s.labelId));
    const start = Date.now() + 1500; // both connected and waiting by then
    const env = { REDIS_PORT: String(redis.port), SIM_URL: sim.url, ROBOT_KEY: robotKey, TAG_IDS: JSON.stringify(tagIds), START: String(start), SHARED: shared ? '1' : '0', COUNT: '10' };
    const reports = await Promise.all([runTagger({ ...env, INDEX: '1' }), runTagger({ ...env, INDEX: '2' })]);
    return { reports, overlaps: sim.state.tagOverlaps };
  } finally {
    await sim.close();
  }
}

test('two processes sharing a RedisStore: 20 concurrent tag operations for one robot, mixed socket and bridge, none overlaps', async (t) => {
  const { reports, overlaps } = await twoInstances(true);
  for (const r of reports) assert.deepEqual(r.failures, []);
  assert.equal(reports[0].ok + reports[1].ok, 20);
  assert.equal(overlaps, 0, 'the simulator saw no overlapping tag operation');
  // Released by their owners: no lock key is left behind.
  const c = redis.client();
  assert.deepEqual(await c.keys('tags:robotwire:yjiyun:serial:*'), []);
  t.diagnostic(`20 tag operations from 2 processes, ${overlaps} overlaps`);
});

test('control: the same two processes without a shared store do overlap (the check above can fail)', async (t) => {
  const { overlaps } = await twoInstances(false);
  assert.ok(overlaps > 0, 'without the lock the simulator sees overlapping tag operations');
  t.diagnostic(`${overlaps} overlaps without the shared lock`);
});

test('a lock left by a dead instance expires by its TTL; a live owner is never released by someone else', async () => {
  const sim = await startYjiyunSimulator({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET });
  const conn = new Redis({ host: '127.0.0.1', port: redis.port });
  try {
    const store = new RedisStore({ client: conn, keyPrefix: 'dead:' });
    const client = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url, store });
    const robotKey = sim.robots[0].robotKey;
    const key = `robotwire:yjiyun:serial:robot.cust.tags:${robotKey}`;
    // A crashed holder's lock, 400 ms left.
    assert.equal(await store.setIfAbsent(key, 'dead-owner', 400), true);
    const t0 = Date.now();
    const r = await client.bridge({ type: 'robot.cust.tags', robotKey, userId: '7881300000000001', tags: [labelOf(await client.bridge({ type: 'robot.tags.sync', robotKey }))] });
    assert.equal(r.ok, true);
    assert.ok(Date.now() - t0 >= 300, `waited ${Date.now() - t0} ms for the dead holder's TTL`);
    // The caller hears the answer first; the release follows at once.
    for (let i = 0; i < 100 && (await store.get(key)) !== null; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await store.get(key), null, 'released after use');
    // deleteIfEquals only removes its own value.
    await store.set(key, 'someone-else', 5_000);
    assert.equal(await store.deleteIfEquals(key, 'me'), false);
    assert.equal(await store.get(key), 'someone-else');
    assert.equal(await store.deleteIfEquals(key, 'someone-else'), true);
    assert.equal(await store.get(key), null);
  } finally {
    conn.disconnect();
    await sim.close();
  }
});
