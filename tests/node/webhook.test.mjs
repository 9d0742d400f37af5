// The JD ME webhook as an ESM user imports it, over real HTTP on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createJdmeWebhook,
  MemoryStore,
  WebhookError,
  RobotwireError,
  JDME_EVENT_TYPES,
  cardUpdateAnswer,
  cardInteractionAnswer,
  signJdmeToken,
} from 'robotwire';
import * as jdme from 'robotwire/jdme';
import { VT, KEY, chatEvent, encryptedBody, serve, post, tick } from './helpers.mjs';

test('robotwire/jdme subpath exposes the same API', () => {
  assert.equal(jdme.createJdmeWebhook, createJdmeWebhook);
  assert.equal(JDME_EVENT_TYPES.length, 16);
});

test('encrypted, signed event over node:http reaches the typed listener once', async () => {
  const seen = [];
  const any = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY })
    .on('chat_message', (ev, ctx) => seen.push([ev, ctx]))
    .onAny((ev) => any.push(ev.eventType));
  const srv = await serve(hook.node);
  try {
    const ev = chatEvent();
    const body = encryptedBody(ev);
    const r1 = await post(srv.url, body);
    assert.equal(r1.status, 200);
    assert.deepEqual(JSON.parse(r1.text), { code: 0, msg: 'success' });
    await tick();
    assert.equal(seen.length, 1);
    const { token, ...withoutToken } = ev;
    assert.deepEqual(seen[0][0], withoutToken, 'the event as sent, less its checked token');
    assert.ok(token);
    assert.deepEqual(seen[0][1], { eventId: ev.eventId, eventType: 'chat_message', possibleDuplicate: false });
    assert.equal(seen[0][0].event.body.content, '@robot hello');
    // The platform redelivers when it misses our 200: answered 200, not dispatched again.
    const r2 = await post(srv.url, encryptedBody(ev));
    assert.equal(r2.status, 200);
    await tick();
    assert.equal(seen.length, 1);
    assert.deepEqual(any, ['chat_message']);
  } finally {
    await srv.close();
  }
});

test('the Web handler works with Request/Response and waitUntil', async () => {
  const seen = [];
  const pending = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).on('chat_quit', (ev) => seen.push(ev));
  const ev = chatEvent({ eventType: 'chat_quit', event: { operator: { app: 'ee', pin: 'fake.u' }, groupId: 'g1' } });
  const res = await hook.fetch(new Request('http://robot.invalid/hook', { method: 'POST', body: encryptedBody(ev) }), {
    waitUntil: (p) => pending.push(p),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(pending.length, 1);
  await Promise.all(pending);
  assert.equal(seen[0].event.groupId, 'g1');
  const get = await hook.fetch(new Request('http://robot.invalid/hook'));
  assert.equal(get.status, 405);
});

test('replay window: default 300 s, both directions, configurable, disableable', async () => {
  let now = 1_800_000_000_000;
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => now });
  const errors = [];
  hook.onError((e, info) => errors.push([e, info]));
  const at = (ts) => hook.handleBody(encryptedBody(chatEvent({ timeStamp: ts })));
  assert.equal((await at(now - 300_000)).status, 200);
  assert.equal((await at(now + 300_000)).status, 200);
  const stale = await at(now - 300_001);
  assert.equal(stale.status, 401);
  // Encrypted: the answer is the one for every failure after decryption; onError has the reason.
  assert.equal(JSON.parse(stale.body).code, 'event_not_verified');
  assert.equal((await at(now + 300_001)).status, 401);
  const last = errors.at(-1);
  assert.ok(last[0] instanceof WebhookError);
  assert.equal(last[0].code, 'timestamp_out_of_window');
  assert.equal(last[0].publicCode, 'event_not_verified');
  assert.equal(last[0].status, 401);
  assert.equal(last[1].stage, 'verify');

  // The platform's own retries (3 more at 10 s after a 5 s timeout) are far inside the window.
  const original = now;
  now += 3 * 15_000;
  assert.equal((await at(original)).status, 200);

  const strict = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, toleranceSeconds: 10, now: () => now });
  assert.equal((await strict.handleBody(encryptedBody(chatEvent({ timeStamp: now - 11_000 })))).status, 401);
  const off = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, toleranceSeconds: false, now: () => now });
  assert.equal((await off.handleBody(encryptedBody(chatEvent({ timeStamp: 1 })))).status, 200);
});

test('bad signature, wrong key, plaintext downgrade and oversize are refused with codes', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, maxBodyBytes: 4096 });
  const dispatched = [];
  const reasons = [];
  hook.onAny((e) => dispatched.push(e));
  hook.onError((e) => reasons.push([e.code, e.publicCode]));
  const srv = await serve(hook.node);
  try {
    // [body, status, answered code, the reason onError gets]
    const cases = [
      [encryptedBody(chatEvent({ vt: 'some-other-token' })), 401, 'event_not_verified', 'token_mismatch'],
      // A wrong key decrypts to noise: its padding fails, except about 1 time in 256 when the
      // noise ends in valid padding and the UTF-8 or JSON check refuses it instead. The answer
      // is the same either way (no padding oracle).
      [encryptedBody(chatEvent(), 'some-other-key'), 401, 'event_not_verified', /^invalid_(padding|utf8|json)$/],
      [JSON.stringify(chatEvent()), 401, 'encryption_required', 'encryption_required'],
      ['{"encrypt":"' + 'A'.repeat(5000) + '"}', 413, 'body_too_large', 'body_too_large'],
      ['not json', 400, 'invalid_json', 'invalid_json'],
      ['', 400, 'invalid_json', 'invalid_json'],
    ];
    for (const [body, status, code, reason] of cases) {
      const r = await post(srv.url, body);
      assert.equal(r.status, status, String(code));
      const parsed = JSON.parse(r.text);
      assert.equal(parsed.code, code);
      const [got, answered] = reasons.at(-1);
      if (reason instanceof RegExp) assert.match(got, reason);
      else assert.equal(got, reason);
      assert.equal(answered, code);
      assert.ok(!r.text.includes(VT) && !r.text.includes(KEY));
    }
    // Chunked upload past the cap (no content-length): stopped at the cap.
    const big = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        c.close();
      },
    });
    const r = await fetch(srv.url, { method: 'POST', body: big, duplex: 'half' });
    assert.equal(r.status, 413);
    const get = await fetch(srv.url);
    assert.equal(get.status, 405);
    await tick();
    assert.equal(dispatched.length, 0);
  } finally {
    await srv.close();
  }
});

test('plain (unencrypted) robots: token checked on the body itself', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT });
  const seen = [];
  hook.on('chat_add_member', (e) => seen.push(e));
  const ev = chatEvent({ eventType: 'chat_add_member', event: { operator: { app: 'ee', pin: 'a' }, groupId: 'g', users: [{ app: 'ee', pin: 'b' }] } });
  assert.equal((await hook.handleBody(JSON.stringify(ev))).status, 200);
  await tick();
  assert.equal(seen[0].event.users[0].pin, 'b');
  // An encrypted body without a configured key is refused, not guessed at.
  const r = await hook.handleBody(encryptedBody(chatEvent()));
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).code, 'encrypt_key_missing');
});

test('unknown event types are delivered untyped, never rejected', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  const named = [];
  const any = [];
  hook.on('brand_new_event', (e) => named.push(e)).onAny((e) => any.push(e));
  const ev = chatEvent({ eventType: 'brand_new_event', event: { whatever: [1, 2] } });
  const r = await hook.handleBody(encryptedBody(ev));
  assert.equal(r.status, 200);
  await r.done;
  assert.deepEqual(named[0].event, { whatever: [1, 2] });
  assert.equal(any.length, 1);
});

test("ack 'after-listeners': a failing listener gets 500 and the retry is dispatched again", async () => {
  let fail = true;
  let calls = 0;
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, ack: 'after-listeners' });
  const errors = [];
  hook.onError((e, info) => errors.push(info.stage));
  hook.on('chat_message', () => {
    calls++;
    if (fail) throw new Error('database down');
  });
  const ev = chatEvent();
  const r1 = await hook.handleBody(encryptedBody(ev));
  assert.equal(r1.status, 500);
  assert.deepEqual(errors, ['listener']);
  fail = false;
  const r2 = await hook.handleBody(encryptedBody(ev));
  assert.equal(r2.status, 200);
  assert.equal(calls, 2);
  const r3 = await hook.handleBody(encryptedBody(ev));
  assert.equal(r3.status, 200);
  assert.equal(calls, 2);
});

test("ack 'immediate' (default): 200 before a slow listener finishes", async () => {
  let finished = false;
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  hook.on('chat_message', async () => {
    await new Promise((r) => setTimeout(r, 300));
    finished = true;
  });
  const started = Date.now();
  const r = await hook.handleBody(encryptedBody(chatEvent()));
  assert.equal(r.status, 200);
  assert.equal(finished, false);
  assert.ok(Date.now() - started < 250);
  await r.done;
  assert.equal(finished, true);
});

test('a failing store still dispatches (at-least-once) and reports it', async () => {
  const broken = {
    get: async () => null,
    set: async () => {},
    setIfAbsent: async () => {
      throw new Error('redis unreachable');
    },
    delete: async () => {},
  };
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store: broken });
  const stages = [];
  let calls = 0;
  const flags = [];
  hook.onError((_, info) => stages.push(info.stage)).on('chat_message', (_, ctx) => {
    calls++;
    flags.push(ctx.possibleDuplicate);
  });
  const r = await hook.handleBody(encryptedBody(chatEvent()));
  assert.equal(r.status, 200);
  await r.done;
  assert.equal(calls, 1);
  assert.deepEqual(stages, ['store']);
  assert.deepEqual(flags, [true], 'listeners are told the event could not be deduplicated');
});

test('Express-style pre-parsed JSON body and NestJS rawBody are both accepted', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  let calls = 0;
  hook.on('chat_message', () => calls++);
  const res = () => {
    const r = { statusCode: 0, headers: {}, body: '', setHeader: (k, v) => (r.headers[k] = v), end: (b) => (r.body = b) };
    return r;
  };
  const parsed = JSON.parse(encryptedBody(chatEvent()));
  const r1 = res();
  await hook.node({ method: 'POST', headers: {}, body: parsed, [Symbol.asyncIterator]: async function* () {} }, r1);
  assert.equal(r1.statusCode, 200);
  const r2 = res();
  await hook.node({ method: 'POST', headers: {}, rawBody: Buffer.from(encryptedBody(chatEvent())), [Symbol.asyncIterator]: async function* () {} }, r2);
  assert.equal(r2.statusCode, 200);
  assert.equal(r2.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(calls, 2);
});

test('card callbacks: reqType 1 updates the card, reqType 2 answers with a toast (code 1)', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  hook.onCard((cb) =>
    cb.reqType === 1
      ? { cardMsgId: cb.body.cardMsgId, cardData: { count: (cb.body.actionData?.count ?? 0) + 1 } }
      : { promptInfo: { style: 'success', content: 'thanks' }, action: { linkInfo: { default: 'jdme://', pc: 'http://example.invalid' } } },
  );
  const srv = await serve(hook.node);
  try {
    const base = { from: { app: 'ee', pin: 'fake.u', clientType: 'pc' }, to: { app: 'robot.dd', pin: 'app.fake' }, datetime: Date.now(), lang: 'zh_cn' };
    const body = { templateId: 't', cardMsgId: 'card-1', sessionType: 1, sessionId: 's', actionData: { count: 41 } };
    const r1 = await post(srv.url, JSON.stringify({ reqType: 1, ...base, token: VT, body }));
    assert.equal(r1.status, 200);
    assert.deepEqual(JSON.parse(r1.text), { code: 1, msg: '操作成功！', data: { cardMsgId: 'card-1', cardData: { count: 42 } } });
    // Signed form of the token is accepted too (see src/jdme/webhook.rs), and so is an encrypted callback.
    const signed = { reqType: 2, ...base, token: signJdmeToken(VT, base.datetime), body };
    const r2 = await post(srv.url, encryptedBody(signed));
    const a2 = JSON.parse(r2.text);
    assert.equal(a2.code, 1);
    assert.deepEqual(a2.data.promptInfo, { type: 'toast', style: 'success', content: 'thanks' });
    assert.equal(a2.data.action.type, 'link');
    const r3 = await post(srv.url, JSON.stringify({ reqType: 2, ...base, token: 'wrong', body }));
    assert.equal(r3.status, 401);
  } finally {
    await srv.close();
  }
});

test('card handler errors and bad answers become a failure answer (code ≠ 1), reported to onError', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, cardTimeoutMs: 100 });
  const stages = [];
  hook.onError((_, i) => stages.push(i.stage));
  const cb = (reqType) => JSON.stringify({ reqType, token: VT, datetime: 1, from: {}, to: {}, body: { cardMsgId: 'c' } });
  hook.onCard(() => ({ promptInfo: { style: 'loud', content: 'x' } }));
  let r = await hook.handleBody(cb(2));
  assert.equal(JSON.parse(r.body).code, 0);
  hook.onCard(() => new Promise(() => {}));
  r = await hook.handleBody(cb(1));
  assert.equal(JSON.parse(r.body).code, 0);
  assert.deepEqual(stages, ['card', 'card']);
  // No handler: reqType 2 is an empty success, reqType 1 a failure (there is no new data).
  const bare = createJdmeWebhook({ verificationToken: VT });
  assert.equal(JSON.parse((await bare.handleBody(cb(2))).body).code, 1);
  assert.equal(JSON.parse((await bare.handleBody(cb(1))).body).code, 0);
});

test('card answer builders validate and never return code 0 on success', () => {
  assert.equal(JSON.parse(cardUpdateAnswer({ cardMsgId: 'x', cardData: {} })).code, 1);
  assert.equal(JSON.parse(cardInteractionAnswer()).code, 1);
  assert.throws(() => cardUpdateAnswer({ cardMsgId: '', cardData: {} }), (e) => e.code === 'invalid_argument');
  assert.throws(() => cardInteractionAnswer({ action: { linkInfo: {} } }), /linkInfo/);
  assert.throws(() => cardInteractionAnswer({ surprise: 1 }), (e) => e.code === 'invalid_argument');
});

test('options are checked up front and secrets never appear in errors', () => {
  assert.throws(() => createJdmeWebhook({}), TypeError);
  assert.throws(() => createJdmeWebhook({ verificationToken: '' }), TypeError);
  assert.throws(() => createJdmeWebhook({ verificationToken: VT, encryptKey: '' }), TypeError);
  assert.throws(() => createJdmeWebhook({ verificationToken: VT, toleranceSeconds: -1 }), RangeError);
  assert.throws(() => createJdmeWebhook({ verificationToken: VT, ack: 'later' }), TypeError);
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  assert.ok(!JSON.stringify(hook).includes(VT));
  assert.ok(!require_inspect(hook).includes(VT) && !require_inspect(hook).includes(KEY));
});

import { inspect } from 'node:util';
function require_inspect(v) {
  return inspect(v, { depth: 5, showHidden: true });
}

test('MemoryStore: TTL, setIfAbsent atomic per key, a full store refuses instead of forgetting', async () => {
  let now = 0;
  const s = new MemoryStore({ maxEntries: 3, now: () => now });
  assert.equal(await s.setIfAbsent('a', '1', 100), true);
  assert.equal(await s.setIfAbsent('a', '2', 100), false);
  now = 100;
  assert.equal(await s.get('a'), null);
  assert.equal(await s.setIfAbsent('a', '3', 100), true);
  await s.set('b', 'x', 1_000);
  await s.set('c', 'x');
  // Full, nothing expired: refused loudly, and every promise kept.
  await assert.rejects(s.set('d', 'x'), (e) => e instanceof RobotwireError && e.code === 'store_full');
  await assert.rejects(s.setIfAbsent('d', 'x', 10), (e) => e.code === 'store_full');
  assert.equal(await s.get('a'), '3');
  await s.set('a', 'overwrite', 100); // an existing key needs no room
  // Once 'a' expires there is room again.
  now = 250;
  assert.equal(await s.setIfAbsent('d', 'x', 10), true);
  assert.equal(s.size, 3);
  await s.delete('d');
  assert.equal(await s.get('d'), null);
  assert.throws(() => new MemoryStore({ maxEntries: 0 }), RangeError);
  assert.equal(new MemoryStore().capacity, 500_000);
});

test('dedupe TTL is never shorter than the replay window', async () => {
  let now = 1_800_000_000_000;
  const store = new MemoryStore({ now: () => now });
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store, toleranceSeconds: 7200, dedupeTtlSeconds: 60, now: () => now });
  let calls = 0;
  hook.on('chat_message', () => calls++);
  const ev = chatEvent({ timeStamp: now });
  await (await hook.handleBody(encryptedBody(ev))).done;
  now += 3600_000; // inside the 2 h window, past the requested 60 s TTL
  await (await hook.handleBody(encryptedBody(ev))).done;
  assert.equal(calls, 1);
});

test('onError gets a RobotwireError: foreign listener, card and store errors are wrapped with the original as cause', async () => {
  const seen = [];
  const boom = new TypeError('fake listener failure');
  const storeFailure = new Error('fake store down');
  const failingStore = { setIfAbsent: async () => { throw storeFailure; }, get: async () => null, set: async () => {}, delete: async () => {} };
  const hook = createJdmeWebhook({ verificationToken: VT, store: failingStore })
    .on('chat_message', () => { throw boom; })
    .onCard(() => { throw 'not even an Error'; })
    .onError((err, info) => seen.push({ err, info }));
  const r = await hook.handleBody(JSON.stringify(chatEvent()));
  await r.done;
  await hook.handleBody(JSON.stringify({ reqType: 2, token: VT, datetime: 1, body: { cardMsgId: 'c' } }));
  const by = Object.fromEntries(seen.map((s) => [s.info.stage, s.err]));
  for (const [stage, code, cause] of [['store', 'store_failed', storeFailure], ['listener', 'listener_failed', boom], ['card', 'card_failed', 'not even an Error']]) {
    assert.ok(by[stage] instanceof RobotwireError, stage);
    assert.equal(by[stage].code, code);
    assert.equal(by[stage].cause, cause, stage);
    assert.ok(!by[stage].message.includes('fake'), 'only the class name is repeated, never the message');
  }
  // A RobotwireError from user code is passed on as it is.
  const own = new RobotwireError('my_code', 'mine');
  const again = [];
  const h2 = createJdmeWebhook({ verificationToken: VT }).on('chat_message', () => { throw own; }).onError((e) => again.push(e));
  await (await h2.handleBody(JSON.stringify(chatEvent()))).done;
  assert.equal(again[0], own);
});

test('content the listener reads is not held to stricter rules than JSON.parse: a cut emoji, deep nesting', async () => {
  const seen = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).on('chat_message', (ev) => seen.push(ev));
  // A message cut inside an emoji arrives as a lone surrogate escape; a card payload may nest
  // deeper than serde's recursion limit. Neither is checked content, so neither is refused.
  const ev = chatEvent();
  const json = JSON.stringify(ev).replace('"@robot hello"', '"cut \\ud83d"').replace('"body":{', `"deep":${'['.repeat(500)}${']'.repeat(500)},"body":{`);
  const { encryptJdmeEvent } = await import('robotwire');
  const r = await hook.fetch(new Request('http://robot.invalid/', { method: 'POST', body: JSON.stringify({ encrypt: encryptJdmeEvent(KEY, json) }) }), { waitUntil: (p) => p });
  assert.equal(r.status, 200, await r.clone().text());
  await tick();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].event.body.content, 'cut \ud83d');
  // A checked field is read strictly: a lone surrogate in the token is malformed JSON (400).
  const bad = JSON.stringify({ ...chatEvent(), token: '\ud800' }).replace('"\ud800"', '"\\ud800"');
  const errors = [];
  hook.onError((e) => errors.push(e.code));
  const r2 = await hook.fetch(new Request('http://robot.invalid/', { method: 'POST', body: JSON.stringify({ encrypt: encryptJdmeEvent(KEY, bad) }) }));
  assert.equal(r2.status, 401);
  assert.equal((await r2.json()).code, 'event_not_verified');
  assert.deepEqual(errors, ['invalid_json']);
});

test('a failed listener is logged with its class, code and message, never a secret (issue 11 part 5)', async () => {
  const lines = [];
  const logger = { error: (message, meta) => lines.push({ message, meta }), warn() {}, info() {}, debug() {} };
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, logger, ack: 'after-listeners' });
  hook.on('chat_message', () => {
    throw Object.assign(new TypeError(`db down while using ${VT} and ${KEY}`), { code: 'E_DB' });
  });
  hook.on('chat_message', () => {
    throw Object.create(null); // not printable: still logged
  });
  const r = await hook.handleBody(encryptedBody(chatEvent()));
  assert.equal(r.status, 500);
  const failed = lines.filter((l) => l.message === 'jdme webhook: listener failed');
  assert.equal(failed.length, 2);
  assert.equal(failed[0].meta.error, 'TypeError');
  assert.equal(failed[0].meta.code, 'E_DB');
  assert.match(failed[0].meta.message, /^db down while using \[redacted\] and \[redacted\]$/);
  assert.equal(failed[1].meta.message, '[unprintable]');
  const all = JSON.stringify(lines);
  assert.ok(!all.includes(VT) && !all.includes(KEY));
});
