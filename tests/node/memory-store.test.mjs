// Issue 11 part 2: MemoryStore keeps every promise until it expires. The old store evicted the
// least recently written entry past 10 000, so dedupe (3600 s) and the duplicate window (1 h)
// were forgotten under load: 20 000 events delivered 4 times gave 19 315 duplicates, and after
// 6 000 other sends the same text to the same user was allowed again. Tested at 10^5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJdmeWebhook, MemoryStore, RobotwireError, planJdmeRate, signJdmeToken } from 'robotwire';
import { VT } from './helpers.mjs';

const N = 100_000;

function shuffled(n, seed = 7) {
  const a = Array.from({ length: n }, (_, i) => i);
  let x = seed;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

test(`10^5 events, each delivered twice out of order, default MemoryStore: each dispatched once`, async (t) => {
  const T0 = 1_790_000_000_000;
  let now = T0;
  const store = new MemoryStore({ now: () => now });
  let dispatched = 0;
  const hook = createJdmeWebhook({ verificationToken: VT, store, now: () => now }).onAny(() => dispatched++);
  // One timeStamp for all (inside the window), so one signature: the test measures the store.
  const head = `{"eventId":"evt-`;
  const tail = `","eventType":"chat_quit","timeStamp":${T0},"token":"${signJdmeToken(VT, T0)}","event":{"groupId":"g"}}`;
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (const i of shuffled(N, 1)) assert.equal((await hook.handleBody(head + i + tail)).status, 200);
  const bytesPerEntry = Math.round((process.memoryUsage().heapUsed - before) / store.size);
  now += 240_000; // the platform's last retry is ~45 s late; a replay 4 minutes later
  for (const i of shuffled(N, 2)) assert.equal((await hook.handleBody(head + i + tail)).status, 200);
  assert.equal(dispatched, N, 'no event dispatched twice');
  assert.equal(store.size, N);
  t.diagnostic(`${N} events × 2 deliveries: ${dispatched} dispatched, ${store.size} entries, ~${bytesPerEntry} B per entry (heap, with the webhook's own garbage)`);
  // After the dedupe TTL (3600 s) the entries are gone, and a full store sweeps them.
  now += 3_600_000;
  assert.equal(await store.get(`robotwire:jdme:event:evt-0`), null);
  const small = new MemoryStore({ maxEntries: 2, now: () => now });
  await small.set('a', '1', 10);
  await small.set('b', '1', 20);
  now += 15;
  await small.set('c', '1', 10); // 'a' expired: swept to make room
  assert.equal(small.size, 2);
});

test(`10^5 targets: the duplicate window of the first is still there after 10^5 other sends`, async (t) => {
  const T0 = 1_790_000_000_000;
  let now = T0;
  const store = new MemoryStore({ now: () => now });
  const planFor = (i) =>
    planJdmeRate({
      endpoint: 'sendRobotMsg',
      body: { appId: 'fake-app-key', requestId: `r${i}`, dateTime: T0, erp: `fake.user${i}`, tenantId: 'CN.JD.GROUP', params: { robotId: '00_fakerobot000001', body: { type: 'text', content: '系统报警 A' } } },
    }).filter((k) => k.rule === 'jdme.intercept.duplicate' || k.rule === 'jdme.intercept.per_target');
  assert.equal((await store.rateDecide(planFor(0), now)).allowed, true);
  for (let i = 1; i <= N; i++) {
    now += 10; // 10^5 sends over ~17 minutes, inside the hour
    assert.equal((await store.rateDecide(planFor(i), now)).allowed, true);
  }
  const again = await store.rateDecide(planFor(0), now);
  assert.equal(again.allowed, false, 'the same text to the same user inside the hour is still refused');
  assert.equal(again.denied[0].rule, 'jdme.intercept.duplicate');
  assert.equal(again.denied[0].platformCode, 20100009);
  t.diagnostic(`${store.size} live entries after ${N + 1} sends`);
});

test('a full store fails loudly: the webhook reports store_full and dispatches flagged; a rate decision records nothing', async () => {
  let now = 1_790_000_000_000;
  const store = new MemoryStore({ maxEntries: 100, now: () => now });
  const errors = [];
  const flags = [];
  const hook = createJdmeWebhook({ verificationToken: VT, store, now: () => now }).onAny((_, ctx) => flags.push(ctx.possibleDuplicate));
  hook.onError((e, info) => errors.push(`${info.stage}:${e.code}`));
  const tok = signJdmeToken(VT, now);
  const body = (i) => `{"eventId":"e${i}","eventType":"chat_quit","timeStamp":${now},"token":"${tok}"}`;
  for (let i = 0; i < 101; i++) {
    const r = await hook.handleBody(body(i));
    assert.equal(r.status, 200);
    await r.done;
  }
  assert.equal(flags.length, 101);
  assert.deepEqual(flags.slice(0, 100), Array(100).fill(false));
  assert.equal(flags[100], true, 'dispatched, and said it may be a duplicate');
  assert.deepEqual(errors, ['store:store_full']);
  // Rate decisions: the limiter states have the same bound (their own 100 here). Full of
  // unexpired windows, a decision needing two new keys records neither and says so.
  const k = (key) => ({ rule: 'r', key, algorithm: 'log', limit: 5, windowMs: 60_000, offsetMs: 0, platformCode: 1 });
  for (let i = 0; i < 100; i++) assert.equal((await store.rateDecide([k(`full${i}`)], now)).allowed, true);
  await assert.rejects(store.rateDecide([k('k1'), k('k2')], now), (e) => e instanceof RobotwireError && e.code === 'store_full');
  assert.equal(store.rateState('k1'), undefined);
  assert.equal(store.rateState('k2'), undefined);
  // A key it already holds is still decided; once the windows have passed, room is made.
  assert.equal((await store.rateDecide([k('full0')], now)).allowed, true);
  assert.equal((await store.rateDecide([k('k1'), k('k2')], now + 60_000)).allowed, true);
  assert.equal(store.rateState('k1'), JSON.stringify({ log: [now + 60_000] }));
});
