// One Redis shared across runtimes: a Node service with RedisStore (ioredis over TCP) and a
// Cloudflare Worker in real workerd with UpstashStore (@upstash/redis/cloudflare over the
// Upstash REST protocol; tests/redis/upstash-bridge.mjs in front of the same redis-server).
// Together they fetch one token, deduplicate one eventId once, and hold the platform's quota.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { JdmeClient, RedisStore, createJdmeWebhook } from 'robotwire';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { bundleWorker, workerOptions } from './bundle-workerd.mjs';
import { VT, KEY, chatEvent, encryptedBody, until, startCollector, storeWorkerBindings } from './helpers.mjs';
import { startRedis } from '../redis/helpers.mjs';
import { startUpstashBridge } from '../redis/upstash-bridge.mjs';

const fixture = fileURLToPath(new URL('./fixtures/store-worker.mjs', import.meta.url));
const ROBOT = '00_simupstash0001';

let dir;
let redis;
let bridge;
let sim;
let mf;
let collector;
let dispatched = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'robotwire-upstash-'));
  await bundleWorker(fixture, dir);
  redis = await startRedis();
  bridge = await startUpstashBridge(redis.client());
  sim = await startSimulator({ robots: [{ robotId: ROBOT }] });
  collector = await startCollector();
  dispatched = collector.reports;
  mf = new Miniflare(
    workerOptions(dir, {
      bindings: { ...storeWorkerBindings({ name: 'edge', collector, simUrl: sim.url, robotId: ROBOT, app: DEFAULT_APP }), STORE_KIND: 'upstash', UPSTASH_URL: bridge.url, UPSTASH_TOKEN: bridge.token },
      // The class is exported by the bundle; this Worker does not use it.
      durableObjects: { ROBOTWIRE_STORE: { className: 'RobotwireStoreObject', useSQLite: true } },
    }),
  );
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await sim?.close();
  await collector?.close();
  await bridge?.close();
  await redis?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a Node service (RedisStore) and a Worker (UpstashStore) on one Redis: one token fetch, one quota, 0 interceptions', async () => {
  const tokenCalls = () => sim.state.requests.filter((r) => r.endpoint === 'app_access_token' || r.endpoint === 'team_access_token').length;
  const node = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url, tenantId: 'CN.JD.GROUP', store: new RedisStore({ client: redis.client() }), maxWaitMs: 30_000 });
  const from = bridge.requests.length;
  const [edge, local] = await Promise.all([
    mf.dispatchFetch('http://robot.invalid/send', { method: 'POST', body: JSON.stringify({ erp: 'sim.bob', n: 8 }) }).then((r) => r.json()),
    Promise.all(Array.from({ length: 8 }, (_, i) => node.sendText({ erp: 'sim.bob' }, `node #${i}`).then(() => 'ok', (e) => `${e.code} ${e.message}`))),
  ]);
  assert.deepEqual([...edge, ...local], Array(16).fill('ok'));
  assert.equal(tokenCalls(), 2, 'one app token and one team token for both runtimes');
  assert.deepEqual(sim.state.interceptions, []);
  const at = sim.state.chat.filter((c) => c.conversation === 'user:ee/sim.bob').map((c) => c.at).sort((x, y) => x - y);
  assert.equal(at.length, 16);
  for (let i = 5; i < at.length; i++) assert.ok(at[i] - at[i - 5] >= 1000, `6 within a second: ${at.slice(i - 5, i + 1)}`);
  // The Worker really went through the REST protocol.
  assert.ok(bridge.requests.length - from > 16, `${bridge.requests.length - from} REST calls`);
});

test('one event delivered to the Node webhook and to the Worker is dispatched once', async () => {
  const seen = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store: new RedisStore({ client: redis.client() }) }).onAny((ev) => void seen.push(ev.eventId));
  const events = Array.from({ length: 4 }, () => chatEvent());
  await Promise.all(
    events.flatMap((ev) => {
      const body = encryptedBody(ev);
      return [
        mf.dispatchFetch('http://robot.invalid/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
        hook.fetch(new Request('http://robot.invalid/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
        mf.dispatchFetch('http://robot.invalid/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      ];
    }),
  );
  const ids = new Set(events.map((e) => e.eventId));
  await until(() => [...seen, ...dispatched.map((d) => d.eventId)].filter((id) => ids.has(id)), (l) => l.length >= 4, 5000);
  await new Promise((r) => setTimeout(r, 300));
  const all = [...seen, ...dispatched.map((d) => d.eventId)].filter((id) => ids.has(id));
  assert.deepEqual([...ids].map((id) => all.filter((x) => x === id).length), [1, 1, 1, 1]);
});
