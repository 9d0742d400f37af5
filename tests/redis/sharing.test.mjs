// What several instances share through RedisStore: webhook eventIds and access tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RedisStore, TokenCache, createJdmeWebhook, encryptJdmeEvent, signJdmeToken } from 'robotwire';
import { startRedis, sleep } from './helpers.mjs';

const VT = 'fake-verification-token-for-tests';
const KEY = 'fake-encrypt-key-for-tests';

let redis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

function event(eventId) {
  const timeStamp = Date.now();
  return {
    timeStamp,
    eventId,
    robotApp: 'robot.dd',
    eventType: 'chat_message',
    event: {
      sender: { app: 'ee', clientType: 'pc', pin: 'fake.user1' },
      groupId: '10000000001',
      msgId: '352829272',
      body: { type: 'text', content: '@robot hello', atUsers: [] },
      chatType: 2,
    },
    robotPin: 'app.fake',
    token: signJdmeToken(VT, timeStamp),
  };
}

test('webhook eventId dedupe across two instances: the same event delivered to both is dispatched once', async () => {
  const seen = [];
  const pending = [];
  // Two "instances": each its own webhook, RedisStore and connection, one Redis.
  const hooks = ['A', 'B'].map((name) =>
    createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store: new RedisStore({ client: redis.client(), keyPrefix: 'hook:' }) }).on(
      'chat_message',
      (ev, ctx) => seen.push([name, ctx.eventId]),
    ),
  );
  const deliver = (hook, ev) =>
    hook.fetch(new Request('http://robot.invalid/hook', { method: 'POST', body: JSON.stringify({ encrypt: encryptJdmeEvent(KEY, ev) }) }), {
      waitUntil: (p) => pending.push(p),
    });
  const ids = Array.from({ length: 20 }, (_, i) => `evt-redis-${process.pid}-${i}`);
  for (const id of ids) {
    const ev = event(id);
    // The load balancer sends the delivery to A and the platform's retry to B at once, and a
    // late retry to A again.
    const answers = await Promise.all([deliver(hooks[0], ev), deliver(hooks[1], ev)]);
    answers.push(await deliver(hooks[0], ev));
    for (const r of answers) assert.equal(r.status, 200, id);
  }
  await Promise.all(pending);
  await sleep(20);
  assert.equal(seen.length, ids.length, JSON.stringify(seen));
  assert.deepEqual(seen.map(([, id]) => id).sort(), [...ids].sort());
  // Remembered in Redis for the dedupe window (default 3600 s).
  const probe = redis.client();
  const ttl = await probe.pttl(`hook:robotwire:jdme:event:${ids[0]}`);
  assert.ok(ttl > 3_590_000 && ttl <= 3_600_000, String(ttl));
});

test('TokenCache on RedisStore: 10 concurrent get() from two instances, exactly one token fetch', async () => {
  let calls = 0;
  const source = async () => {
    calls += 1;
    await sleep(150); // the platform takes a while; everyone else must wait, not fetch too
    return { token: `fake-team-token-${calls}`, lifetimeMs: 7_200_000 };
  };
  const caches = ['A', 'B'].map(
    () => new TokenCache(source, { store: new RedisStore({ client: redis.client(), keyPrefix: 'tok:' }), key: 'jdme:token:fake-app-key' }),
  );
  const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => caches[i % 2].get()));
  assert.equal(calls, 1);
  assert.equal(caches[0].fetches + caches[1].fetches, 1);
  assert.deepEqual(new Set(tokens), new Set(['fake-team-token-1']));
  const probe = redis.client();
  assert.equal(await probe.exists('tok:jdme:token:fake-app-key:lock'), 0, 'lock released');
  const shared = JSON.parse(await probe.get('tok:jdme:token:fake-app-key'));
  assert.equal(shared.token, 'fake-team-token-1');
  // A third instance starting later reads the shared token without fetching.
  const late = new TokenCache(source, { store: new RedisStore({ client: redis.client(), keyPrefix: 'tok:' }), key: 'jdme:token:fake-app-key' });
  assert.equal(await late.get(), 'fake-team-token-1');
  assert.equal(calls, 1);
});

test('TokenCache: a refresher that outlives its lock does not release the lock another instance took since', async () => {
  const store = new RedisStore({ client: redis.client(), keyPrefix: 'slow:' });
  const key = 'jdme:token:fake-slow-app';
  let release;
  const slow = new TokenCache(
    async () => {
      await new Promise((r) => (release = r));
      return { token: 'fake-slow-token', lifetimeMs: 7_200_000 };
    },
    { store, key, lockMs: 100 },
  );
  const pending = slow.get();
  await sleep(250); // slow's lock expired
  assert.equal(await store.setIfAbsent(`${key}:lock`, 'other-instance', 10_000), true, 'another instance took the expired lock');
  release();
  assert.equal(await pending, 'fake-slow-token');
  assert.equal(await store.get(`${key}:lock`), 'other-instance', 'the other instance still holds its lock');
});
