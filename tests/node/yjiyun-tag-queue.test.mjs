// 3.11 "打标签需要排队，单个机器人并发容易出错", everywhere (issue 10): tag operations through the
// socket (YjiyunRealtime) and through REST (YjiyunClient.bridge, 2.8) share one queue per robot
// in the process, and a tag operation that times out keeps its place until its late callback
// arrives or serialGraceMs ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YjiyunRealtime, YjiyunTimeoutError, YjiyunClient } from 'robotwire/yjiyun';
import { setup, ACCESS_KEY, ACCESS_SECRET } from './yjiyun-helpers.mjs';

async function tagSetup(latencyMs) {
  const env = await setup({ sim: { tagLatencyMs: latencyMs } });
  const rk = env.robot.robotKey;
  const rt = new YjiyunRealtime({ client: env.client, socketOptions: { transports: ['websocket'] }, testingOnlyReconnectFloorMs: 120, callbackTimeoutMs: 5_000 });
  await rt.connect();
  const tagIds = (await rt.syncTags({ robotKey: rk })).data.groupLabels.flatMap((l) => l.subLabelList.map((s) => s.labelId));
  return { env, rk, rt, tagIds };
}

test('20 concurrent tag operations for one robot, mixed over the socket and two REST clients: none overlaps', async () => {
  const { env, rk, rt, tagIds } = await tagSetup(30);
  // A second client of the same account (another part of the service): same process, same queue.
  const other = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: env.sim.url });
  try {
    const users = Array.from({ length: 20 }, (_, i) => `78813000000${String(i + 1).padStart(5, '0')}`);
    const calls = users.map((userId, i) => {
      const tags = [tagIds[i % tagIds.length]];
      if (i % 3 === 0) return rt.tagCustomer({ robotKey: rk, userId, tags });
      const client = i % 3 === 1 ? env.client : other;
      return client.bridge({ type: 'robot.cust.tags', robotKey: rk, userId, tags });
    });
    const results = await Promise.all(calls);
    assert.ok(results.every((r) => r.ok), JSON.stringify(results.filter((r) => !r.ok)));
    assert.equal(env.sim.state.tagOverlaps, 0, 'the simulator saw no overlapping tag operation');
    users.forEach((u, i) => assert.deepEqual(env.sim.state.customer(rk, u).tags, [tagIds[i % tagIds.length]]));
    // Other bridge actions are not queued behind tags.
    const admins = await env.client.bridge({ type: 'robot.conv.admins', robotKey: rk, conversationId: 'R:10696000000000001' });
    assert.equal(admins.ok, true);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('a tag operation that times out keeps its place until its late callback: the next one cannot overlap it', async () => {
  const { env, rk, rt, tagIds } = await tagSetup(400);
  try {
    const first = rt.tagCustomer({ robotKey: rk, userId: '7881300000000001', tags: [tagIds[0]] }, { timeoutMs: 100 });
    const second = rt.tagCustomer({ robotKey: rk, userId: '7881300000000002', tags: [tagIds[1]] });
    const third = env.client.bridge({ type: 'robot.cust.tags', robotKey: rk, userId: '7881300000000003', tags: [tagIds[0]] });
    await assert.rejects(first, (e) => e instanceof YjiyunTimeoutError);
    const t0 = Date.now();
    assert.equal((await second).ok, true);
    assert.ok(Date.now() - t0 >= 250, 'the second waited for the first one’s late answer');
    assert.equal((await third).ok, true);
    assert.equal(env.sim.state.tagOverlaps, 0);
    // The late callback did its work on the platform.
    assert.deepEqual(env.sim.state.customer(rk, '7881300000000001').tags, [tagIds[0]]);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('the grace period bounds the wait when a late callback never comes', async () => {
  const { env, rk, rt, tagIds } = await tagSetup(20);
  const rt2 = new YjiyunRealtime({ client: env.client, socketOptions: { transports: ['websocket'] }, testingOnlyReconnectFloorMs: 120, serialGraceMs: 150 });
  try {
    await rt2.connect();
    env.sim.fault('robot.cust.tags', { silent: true, count: 1 }); // this one is never answered
    const lost = rt2.tagCustomer({ robotKey: rk, userId: '7881300000000001', tags: [tagIds[0]] }, { timeoutMs: 100 });
    const next = rt.tagCustomer({ robotKey: rk, userId: '7881300000000002', tags: [tagIds[0]] });
    await assert.rejects(lost, (e) => e instanceof YjiyunTimeoutError);
    const t0 = Date.now();
    assert.equal((await next).ok, true);
    const waited = Date.now() - t0;
    assert.ok(waited >= 100 && waited < 2_000, `${waited} ms: released by the 150 ms grace period`);
  } finally {
    await rt2.close();
    await rt.close();
    await env.close();
  }
});
