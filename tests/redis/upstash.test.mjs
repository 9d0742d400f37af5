// UpstashStore specifics, through @upstash/redis and the Upstash REST protocol
// (./upstash-bridge.mjs) in front of a real redis-server: exact strings, what goes on the
// wire, scrubbed errors, and one shared state with RedisStore on the same Redis. The shared
// vectors and the differential run in upstash-vectors / upstash-differential.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Redis } from '@upstash/redis';
import { MemoryStore, RedisStore, UpstashStore, RobotwireError } from 'robotwire';
import { startRedis, plannedKey } from './helpers.mjs';
import { startUpstashBridge } from './upstash-bridge.mjs';

let redis;
let bridge;
let client;
before(async () => {
  redis = await startRedis();
  bridge = await startUpstashBridge(redis.client());
  client = new Redis({ url: bridge.url, token: bridge.token, automaticDeserialization: false, retry: false, enableTelemetry: false });
});
after(async () => {
  await bridge?.close();
  await redis?.stop();
});

test('constructor: a @upstash/redis client, created with automaticDeserialization: false', () => {
  assert.throws(() => new UpstashStore(undefined), TypeError);
  assert.throws(() => new UpstashStore({}), /needs \.exec/);
  assert.throws(() => new UpstashStore({ client: {} }), /needs \.exec/);
  // The default client JSON-parses replies: refused, saying what to set.
  const parsing = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false });
  assert.throws(() => new UpstashStore({ client: parsing }), /automaticDeserialization: false/);
  assert.throws(() => new UpstashStore({ client, commandTimeoutMs: 0 }), RangeError);
  assert.throws(() => new UpstashStore({ client, expiryMarginMs: -1 }), RangeError);
});

test('values come back exactly as stored, JSON-looking ones included', async () => {
  const s = new UpstashStore({ client, keyPrefix: 'exact:' });
  const values = ['null', '123', 'true', '"q"', '{"accessToken":"fake-token-value","expiresAt":1700000000000}', '中文 🔐 ✅', '', ' 01 ', 'OK'];
  for (const [i, v] of values.entries()) {
    await s.set(`k${i}`, v, 60_000);
    assert.equal(await s.get(`k${i}`), v, JSON.stringify(v));
  }
  assert.equal(await s.get('absent'), null);
  assert.equal(await s.setIfAbsent('nx', 'null', 60_000), true);
  assert.equal(await s.setIfAbsent('nx', 'other', 60_000), false);
  assert.equal(await s.get('nx'), 'null');
  assert.equal(await s.deleteIfEquals('nx', 'other'), false);
  assert.equal(await s.deleteIfEquals('nx', 'null'), true);
  assert.equal(await s.get('nx'), null);
  await s.set('ttl', 'x', 50);
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(await s.get('ttl'), null, 'PX expiry');
});

test('on the wire: one POST / per call, Base64 replies, the bearer token; scripts by EVALSHA once loaded', async () => {
  const s = new UpstashStore({ client, keyPrefix: 'wire:' });
  await redis.client().call('SCRIPT', 'FLUSH');
  const from = bridge.requests.length;
  const pk = plannedKey('k', { algorithm: 'log', limit: 5, windowMs: 1000 });
  await s.rateDecide([pk], 1_000);
  await s.rateDecide([pk], 1_001);
  await s.get('k2');
  const sent = bridge.requests.slice(from);
  assert.ok(sent.every((r) => r.path === '/'), `paths: ${sent.map((r) => r.path)}`);
  assert.ok(sent.every((r) => r.headers['upstash-encoding'] === 'base64' && r.headers.authorization === `Bearer ${bridge.token}`));
  // NOSCRIPT after the flush, then EVAL; the second decision finds the script loaded.
  assert.deepEqual(sent.map((r) => JSON.parse(r.body)[0]), ['EVALSHA', 'EVAL', 'EVALSHA', 'GET']);
});

test('errors are typed and never show a value, a token or the script', async () => {
  const s = new UpstashStore({ client, keyPrefix: 'err:' });
  await redis.client().zadd('err:z', 1, 'm');
  const SECRET = 'fake-secret-owner-token-1234';
  // GET inside the lock script on a sorted set: WRONGTYPE, with the whole command in the driver's message.
  const e = await s.deleteIfEquals('z', SECRET).then(() => assert.fail('no error'), (x) => x);
  assert.ok(e instanceof RobotwireError);
  assert.equal(e.code, 'store_unavailable');
  assert.match(e.message, /WRONGTYPE/);
  for (const text of [e.message, e.cause?.message, inspect(e, { depth: 5 }), JSON.stringify(e)]) {
    assert.ok(!String(text).includes(SECRET), `a value leaked: ${text}`);
    assert.ok(!String(text).includes(bridge.token), 'the token leaked');
    assert.ok(!String(text).includes('redis.call'), 'the script leaked');
  }
  // A script's own refusal keeps its code.
  const bad = plannedKey('r', { algorithm: 'log', limit: 1_000_001, windowMs: 1000 });
  await assert.rejects(s.rateDecide([bad], 1), (x) => x instanceof RobotwireError && x.code === 'invalid_argument');
  // Nothing listening: store_unavailable, no token in it.
  const gone = new UpstashStore({ client: new Redis({ url: 'http://127.0.0.1:9', token: bridge.token, automaticDeserialization: false, retry: false, enableTelemetry: false }) });
  const u = await gone.get('k').then(() => assert.fail('no error'), (x) => x);
  assert.equal(u.code, 'store_unavailable');
  assert.ok(!inspect(u, { depth: 5 }).includes(bridge.token));
});

test('RedisStore (ioredis) and UpstashStore (REST) on one Redis share eventIds, tokens and quotas', async () => {
  const viaTcp = new RedisStore({ client: redis.client(), keyPrefix: 'shared:' });
  const viaRest = new UpstashStore({ client, keyPrefix: 'shared:' });
  assert.equal(await viaTcp.setIfAbsent('robotwire:jdme:event:e1', '1', 60_000), true);
  assert.equal(await viaRest.setIfAbsent('robotwire:jdme:event:e1', '1', 60_000), false, 'the same eventId, seen once');
  await viaRest.set('token', '{"t":"fake"}', 60_000);
  assert.equal(await viaTcp.get('token'), '{"t":"fake"}');
  // Limit 5 per second on one key, 8 callers on each side at the same instant: exactly 5 pass.
  const pk = plannedKey('quota', { algorithm: 'log', limit: 5, windowMs: 1000 });
  const decisions = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? viaTcp : viaRest).rateDecide([pk], 5_000)));
  assert.equal(decisions.filter((d) => d.allowed).length, 5);
  // Both read the state MemoryStore would hold after the same five decisions.
  const ms = new MemoryStore();
  for (let i = 0; i < 5; i++) await ms.rateDecide([pk], 5_000);
  assert.deepEqual(JSON.parse(await viaRest.rateState('quota')), JSON.parse(ms.rateState('quota')));
  assert.deepEqual(JSON.parse(await viaTcp.rateState('quota')), JSON.parse(ms.rateState('quota')));
});
