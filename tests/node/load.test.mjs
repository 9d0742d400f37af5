// Issue 11 part 6: 20 000 events, each delivered 4 times out of order over loopback HTTP at
// ≥ 500 requests/s, into one receiver with the default MemoryStore: none lost, none twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJdmeWebhook } from 'robotwire';
import { serve } from './helpers.mjs';
import { drive, VT, KEY } from './load.mjs';

test('20 000 events × 4 deliveries, shuffled, ≥ 500 req/s, MemoryStore: 0 lost, 0 duplicated', { timeout: 180_000 }, async (t) => {
  const seen = new Map();
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onAny((ev, ctx) => {
    const flags = seen.get(ev.eventId) ?? [];
    flags.push(ctx.possibleDuplicate);
    seen.set(ev.eventId, flags);
  });
  const srv = await serve(hook.node);
  try {
    const r = await drive({ urls: [srv.url], events: 20_000, copies: 4 });
    t.diagnostic(`${r.delivered} deliveries in ${r.seconds.toFixed(1)} s (${Math.round(r.perSecond)}/s), statuses ${JSON.stringify(r.statuses)}`);
    assert.equal(r.delivered, 80_000);
    assert.deepEqual(r.statuses, { 200: 80_000 });
    assert.ok(r.perSecond >= 500, `${r.perSecond}/s`);
    assert.equal(seen.size, 20_000, 'none lost');
    assert.equal([...seen.values()].filter((f) => f.length > 1).length, 0, 'none dispatched twice');
  } finally {
    await srv.close();
  }
});
