// Pacing under contention: requests held back by the same rate key wait in line and only the
// head asks the store again (js/src/core/lanes.ts). Before, every waiter woke when a slot
// opened and asked at once: with answers spread out (slots opening one by one) that was one
// decision per waiter per slot. Real timers, a fake fetch that answers after a few ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JdmeClient, JdmeError, MemoryStore } from 'robotwire';

class CountingStore extends MemoryStore {
  decisions = 0;
  async rateDecide(...args) {
    this.decisions += 1;
    return super.rateDecide(...args);
  }
}

const ok = (data) => new Response(JSON.stringify({ code: 0, msg: 'ok', data }));
// Answers one request at a time, 4 ms each: the records settle 4 ms apart, so slots reopen one by one.
let busyUntil = 0;
const fetch = async (url) => {
  const u = String(url);
  if (u.endsWith('app_access_token')) return ok({ appAccessToken: 'fake-a', expireIn: 7200 });
  if (u.endsWith('team_access_token')) return ok({ teamAccessToken: 'fake-t', expireIn: 7200 });
  busyUntil = Math.max(Date.now(), busyUntil) + 4;
  await new Promise((r) => setTimeout(r, busyUntil - Date.now()));
  return ok({ packetId: 'p' });
};

test('60 concurrent sends at 20 per second: every one sent, and only about one store decision per send', async () => {
  const store = new CountingStore();
  const c = new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot', tenantId: 'CN.JD.GROUP', store, fetch, profile: 'todo' });
  await c.request('isGroupExist', { groupId: '1' });
  store.decisions = 0;
  const t0 = Date.now();
  const r = await Promise.all(Array.from({ length: 60 }, (_, i) => c.sendText({ erp: `fake.user${i}` }, `通知 ${i}`)));
  const ms = Date.now() - t0;
  assert.equal(r.length, 60);
  assert.ok(ms >= 2000, `60 sends at 20/s take at least 2 s, took ${ms} ms`);
  // 60 allowed decisions, plus about one refused one per line head per reopened slot.
  assert.ok(store.decisions <= 150, `${store.decisions} store decisions for 60 sends`);
});

test('a waiter in line leaves it on cancel and on maxWaitMs, and the line goes on', async () => {
  const store = new MemoryStore();
  const c = new JdmeClient({ appKey: 'fake-app2', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot2', tenantId: 'CN.JD.GROUP', store, fetch, profile: 'todo', maxWaitMs: 1500 });
  await c.request('isGroupExist', { groupId: '1' });
  const ac = new AbortController();
  const sends = Array.from({ length: 45 }, (_, i) => c.sendText({ erp: `fake.user${i}` }, `通知 ${i}`, {}, i === 30 ? { signal: ac.signal } : {}).then(() => 'sent', (e) => e));
  setTimeout(() => ac.abort(new Error('caller gave up')), 300);
  const out = await Promise.all(sends);
  assert.equal(out[30].message, 'caller gave up');
  const sent = out.filter((x) => x === 'sent').length;
  const late = out.filter((x) => x instanceof JdmeError && /maxWaitMs/.test(x.message));
  // 20 at once, 20 more after a second; the rest cannot go within 1.5 s and say so.
  assert.ok(sent >= 39 && sent <= 41, `${sent} sent`);
  assert.equal(sent + late.length + 1, 45, JSON.stringify(out.map((x) => (typeof x === 'string' ? x : x.message))));
});
