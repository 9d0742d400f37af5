// Issue 11 part 6: the mutation fuzzer of bench/fuzz.mjs, 10^4 bodies through one handler in
// the suite (the bench runs 10^6): no trap, no throw, no 5xx, and the instance still verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as robotwire from 'robotwire';
import { fuzz } from '../../bench/fuzz.mjs';

test('10^4 mutated bodies through one webhook: no trap, no untyped error, no 5xx', async (t) => {
  const r = await fuzz({ robotwire, count: 10_000, seed: Number(process.env.FUZZ_SEED ?? 0x5eed) });
  t.diagnostic(`${r.count} bodies in ${r.seconds.toFixed(1)} s, slowest ${r.slowestMs.toFixed(1)} ms, statuses ${JSON.stringify(r.statuses)}`);
  assert.equal(r.count, 10_000);
  assert.deepEqual(r.failures, []);
  assert.ok(Object.keys(r.codes).length >= 8, `the mutations reach many paths: ${Object.keys(r.codes)}`);
  assert.ok((r.statuses[200] ?? 0) > 0, 'some mutated events are still valid and dispatched');
});
