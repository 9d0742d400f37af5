// The examples run as documented: the main job's echo bot drives one conversation through the
// simulator with zero interceptions, and the webhook demo shows each outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const run = (file, args = []) => spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 60_000 });

test('echo bot (the main job) answers, @-mentions in groups, and updates its card on a click', () => {
  const r = run('examples/echo-bot.mjs', ['--once']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /chat_message from sim\.alice: "你好"/);
  assert.match(r.stdout, /chat_message from sim\.bob in group \d{11}: "在吗？"/);
  assert.match(r.stdout, /toast: 收到第 1 次点击/);
  // cardData keeps the order the handler wrote its members in (said, clicks).
  assert.match(r.stdout, /card data now: \{"said":"在吗？","clicks":1\}/);
  assert.match(r.stdout, /robot texts: \["你说：你好","@sim\.bob\u2005你说：在吗？"\]/);
  // 2 chat messages, 2 card callbacks and robot_enter_group when the bot creates its group.
  assert.match(r.stdout, /interceptions: 0, event deliveries: 5 \(5 delivered\)/);
  assert.ok(!r.stdout.includes('echo-demo-encrypt-key') && !r.stdout.includes('echo-demo-verification-token'));
});

test('webhook demo: accepted, deduplicated, refused, card answered', () => {
  const r = run('examples/webhook-demo.mjs');
  assert.equal(r.status, 0, r.stderr);
  const statuses = [...r.stdout.matchAll(/← HTTP (\d+)/g)].map((m) => m[1]);
  assert.deepEqual(statuses, ['200', '200', '401', '200']);
  assert.equal((r.stdout.match(/listener: chat_message/g) ?? []).length, 1);
  assert.match(r.stdout, /event_not_verified/, 'the answer to a failure after decryption');
  assert.match(r.stdout, /onError: \[verify\] invalid_padding/, 'the reason, for the logs');
  assert.match(r.stdout, /"code":1/);
});
