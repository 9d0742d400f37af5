// The webhook token scheme (issue: survive the seed's ambiguity on the first real event).
// Events and card callbacks signed each way by the simulator, over real HTTP on loopback,
// through the webhook as users configure it; the expected tokens of the custom schemes are
// computed with node:crypto / WebCrypto, never with robotwire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { createJdmeWebhook, jdmeTokenSchemes, signJdmeToken, RobotwireError, WebhookError } from 'robotwire';
import { spawn, spawnSync } from 'node:child_process';
import { serve } from './helpers.mjs';
import { CLI } from './spawn.mjs';

const VT = 'fake-scheme-verification-token';
const KEY = 'fake-scheme-encrypt-key';
const NAMED = ['sha256', 'plain', 'sha256-hex', 'hmac-sha256', 'hmac-sha256-hex', 'sha1', 'sha1-hex', 'hmac-sha1', 'hmac-sha1-hex', 'md5', 'md5-hex'];

/** node:crypto's reading of each named scheme: an implementation robotwire did not write. */
function nodeSign(scheme, vt, stamp) {
  if (scheme === 'plain') return vt;
  const hex = scheme.endsWith('-hex');
  const name = scheme.replace(/-hex$/, '');
  const raw = name.startsWith('hmac-')
    ? createHmac(name.slice(5), vt).update(stamp).digest()
    : createHash(name).update(`${vt}\n${stamp}`).digest();
  return raw.toString(hex ? 'hex' : 'base64');
}

/** A derivation robotwire has no name for: hex(SHA-512(timeStamp + ":" + verificationToken)). */
const sha512Sign = (vt, stamp) => createHash('sha512').update(`${stamp}:${vt}`).digest('hex');
/** The same, as an edge user would write it: async, WebCrypto. */
async function sha512WebCrypto(vt, stamp) {
  const d = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(`${stamp}:${vt}`));
  return Buffer.from(d).toString('hex');
}

/** A webhook behind a loopback server, recording what it dispatched and refused. */
async function receiver(options) {
  const seen = [];
  const cards = [];
  const errors = [];
  const logs = [];
  const log = (level) => (msg, meta) => logs.push(`${level} ${msg} ${JSON.stringify(meta ?? {})}`);
  const hook = createJdmeWebhook({ verificationToken: VT, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, ...options })
    .onAny((ev) => seen.push(ev))
    .onCard((cb) => (cards.push(cb), cb.reqType === 2 ? { promptInfo: { style: 'success', content: 'ok' } } : undefined))
    .onError((err, info) => errors.push({ err, info }));
  const bodies = [];
  const srv = await serve(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    req.rawBody = Buffer.concat(chunks);
    bodies.push(req.rawBody.toString('utf8'));
    return hook.node(req, res);
  });
  return { hook, srv, seen, cards, errors, logs, bodies };
}

/** One simulated robot per scheme, all posting to `url`. */
function robots(url, schemes, extra = {}) {
  return schemes.map((tokenScheme, i) => ({ robotId: `00_scheme${String(i).padStart(7, '0')}`, eventUrl: url, verificationToken: VT, tokenScheme, ...extra }));
}

async function push(sim, robotId) {
  const { done } = sim.push('chat_quit', { operator: { app: 'ee', pin: 'sim.alice' }, groupId: 'g-1' }, { robotId });
  const d = await done;
  return d.attempts.at(-1).status;
}

/** Asserts nothing secret is in an error, its inspection or serialisation, or the log lines. */
function assertNoSecret(things, secrets) {
  for (const thing of things) {
    const text = typeof thing === 'string' ? thing : `${inspect(thing, { depth: 5, showHidden: true })} ${JSON.stringify(thing)} ${thing?.stack ?? ''}`;
    for (const s of secrets) assert.ok(!text.includes(s), `a secret leaked into: ${text.slice(0, 200)}`);
  }
}

test('default: the SHA-256 form is accepted, the plain form refused with a mismatch that names sha256', async () => {
  const r = await receiver({});
  const sim = await startSimulator({ robots: robots(r.srv.url, ['sha256', 'plain']), delivery: { retries: 0 } });
  try {
    assert.equal(await push(sim, '00_scheme0000000'), 200);
    assert.equal(r.seen.length, 1);
    assert.equal(await push(sim, '00_scheme0000001'), 401);
    assert.equal(r.seen.length, 1, 'the plain-signed event was not dispatched');
    const [{ err, info }] = r.errors;
    assert.ok(err instanceof WebhookError && err instanceof RobotwireError);
    assert.equal(err.code, 'token_mismatch');
    assert.equal(err.status, 401);
    assert.equal(err.target, 'event');
    assert.deepEqual(err.triedSchemes, ['sha256']);
    assert.deepEqual({ stage: info.stage, target: info.target, triedSchemes: info.triedSchemes }, { stage: 'verify', target: 'event', triedSchemes: ['sha256'] });
    assert.match(err.message, /tried sha256 = Base64\(SHA-256\(verificationToken \+ "\\n" \+ timeStamp\)\)/);
    assert.match(err.message, /tokenScheme/);
    assert.match(err.message, /token-probe/);
    const body = JSON.parse(sim.deliveries.at(-1).response);
    assert.deepEqual(body, { code: 'token_mismatch', msg: 'token does not match' }, 'the caller is not told which schemes are accepted');
    assertNoSecret([err, body.msg, ...r.logs], [VT]);
    assert.deepEqual(r.hook.tokenStats().event, { matched: { sha256: 1 }, mismatched: { sha256: 1 } });
  } finally {
    await sim.close();
    await r.srv.close();
  }
});

test("'either' accepts the SHA-256 and the plain form (encrypted), and counts which one matched", async () => {
  const r = await receiver({ encryptKey: KEY, tokenScheme: 'either' });
  const sim = await startSimulator({ robots: robots(r.srv.url, ['sha256', 'plain', 'md5-hex'], { encryptKey: KEY }), delivery: { retries: 0 } });
  try {
    assert.equal(await push(sim, '00_scheme0000000'), 200);
    assert.equal(await push(sim, '00_scheme0000001'), 200);
    assert.equal(await push(sim, '00_scheme0000001'), 200);
    assert.equal(r.seen.length, 3);
    assert.ok(r.seen.every((ev) => !('token' in ev)), 'listeners never see the token (under plain it is the secret)');
    assert.ok(sim.deliveries.every((d) => d.encrypted));
    assert.equal(await push(sim, '00_scheme0000002'), 401, 'md5-hex is neither');
    assert.deepEqual(r.errors.at(-1).err.triedSchemes, ['sha256', 'plain']);
    assert.match(r.errors.at(-1).err.message, /sha256 = .*; plain = the verification token itself/);
    assert.deepEqual(r.hook.tokenStats().event, { matched: { sha256: 1, plain: 2 }, mismatched: { 'sha256,plain': 1 } });
    assertNoSecret([...r.errors.map((e) => e.err), ...r.logs], [VT, KEY]);
  } finally {
    await sim.close();
    await r.srv.close();
  }
});

test('every named scheme: the simulator signs with it, the webhook configured with it accepts, the default refuses', async () => {
  const strict = await receiver({ tokenScheme: 'sha256' });
  const each = await Promise.all(NAMED.map((s) => receiver({ tokenScheme: s })));
  const sim = await startSimulator({
    robots: NAMED.flatMap((s, i) => [
      { robotId: `00_named${String(i).padStart(2, '0')}0000a`, eventUrl: each[i].srv.url, verificationToken: VT, tokenScheme: s },
      { robotId: `00_named${String(i).padStart(2, '0')}0000b`, eventUrl: strict.srv.url, verificationToken: VT, tokenScheme: s },
    ]),
    delivery: { retries: 0 },
  });
  try {
    for (const [i, s] of NAMED.entries()) {
      assert.equal(await push(sim, `00_named${String(i).padStart(2, '0')}0000a`), 200, s);
      assert.deepEqual(each[i].hook.tokenStats().event.matched, { [s]: 1 }, s);
      assert.equal(await push(sim, `00_named${String(i).padStart(2, '0')}0000b`), s === 'sha256' ? 200 : 401, `default vs ${s}`);
    }
    // The simulator's tokens are node:crypto's.
    for (const [i, s] of NAMED.entries()) {
      assert.equal(each[i].bodies.length, 1, s);
      const ev = JSON.parse(each[i].bodies[0]);
      assert.equal(ev.token, nodeSign(s, VT, String(ev.timeStamp)), s);
    }
  } finally {
    await sim.close();
    await Promise.all([strict, ...each].map((r) => r.srv.close()));
  }
});

test('a custom function (async, WebCrypto) for a derivation robotwire has no name for', async () => {
  const calls = [];
  const r = await receiver({
    encryptKey: KEY,
    tokenScheme: async (vt, stamp) => {
      calls.push([vt === VT, typeof stamp]);
      return sha512WebCrypto(vt, stamp);
    },
  });
  const sim = await startSimulator({ robots: robots(r.srv.url, [sha512Sign, 'sha256'], { encryptKey: KEY }), delivery: { retries: 0 } });
  try {
    assert.equal(await push(sim, '00_scheme0000000'), 200);
    assert.equal(r.seen.length, 1);
    assert.deepEqual(calls, [[true, 'string']]);
    assert.equal(await push(sim, '00_scheme0000001'), 401, 'the SHA-256 form is not what the function computes');
    const { err } = r.errors.at(-1);
    assert.equal(err.code, 'token_mismatch');
    assert.deepEqual(err.triedSchemes, ['custom']);
    assert.match(err.message, /custom = the tokenScheme function/);
    assert.deepEqual(r.hook.tokenStats().event, { matched: { custom: 1 }, mismatched: { custom: 1 } });
    assertNoSecret([err, ...r.logs], [VT, KEY]);
    assert.equal(sim.state.snapshot().robots[0].tokenScheme, 'custom', 'the page shows the scheme, not the function');
  } finally {
    await sim.close();
    await r.srv.close();
  }
});

test('a custom function that throws or returns a non-string: 500 (the platform retries), typed, nothing leaked', async () => {
  let mode = 'throw';
  const r = await receiver({
    tokenScheme: (vt) => {
      if (mode === 'throw') throw new Error(`toolkit unavailable for ${vt}`);
      return mode === 'number' ? 42 : sha512Sign(vt, 'x');
    },
  });
  const sim = await startSimulator({ robots: robots(r.srv.url, [sha512Sign]), delivery: { retries: 2, retryIntervalMs: 20 } });
  try {
    const { done } = sim.push('chat_quit', { groupId: 'g' }, { robotId: '00_scheme0000000' });
    const d = await done;
    assert.deepEqual(d.attempts.map((a) => a.status), [500, 500, 500]);
    const { err, info } = r.errors[0];
    assert.equal(err.code, 'token_scheme_failed');
    assert.equal(err.status, 500);
    assert.equal(info.target, 'event');
    mode = 'number';
    assert.equal(await push(sim, '00_scheme0000000'), 500);
    assert.match(r.errors.at(-1).err.message, /must return a non-empty string, not number/);
    assert.equal(r.seen.length, 0);
    assertNoSecret([...r.errors.map((e) => e.err), ...r.logs], [VT]);
  } finally {
    await sim.close();
    await r.srv.close();
  }
});

test("a placeholder function returning '' accepts nothing: an empty token is refused before it, an empty result is a 500", async () => {
  let calls = 0;
  const r = await receiver({ tokenScheme: () => (calls++, '') });
  const sim = await startSimulator({ robots: robots(r.srv.url, [() => '', sha512Sign]), delivery: { retries: 0 } });
  try {
    assert.equal(await push(sim, '00_scheme0000000'), 401, 'a forged "token": "" is a mismatch');
    assert.equal(calls, 0, 'the function is not consulted for an empty token');
    assert.equal(await push(sim, '00_scheme0000001'), 500);
    assert.match(r.errors.at(-1).err.message, /not an empty string/);
    assert.equal(r.seen.length, 0);
  } finally {
    await sim.close();
    await r.srv.close();
  }
});

async function sendCard(sim, robotId) {
  const post = async (path, body, token) =>
    (await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json();
  const a = await post('/open-api/auth/v1/app_access_token', { appKey: DEFAULT_APP.appKey, appSecret: DEFAULT_APP.appSecret });
  const t = await post('/open-api/auth/v1/team_access_token', { appAccessToken: a.data.appAccessToken, openTeamId: DEFAULT_APP.openTeamId });
  const sent = await post(
    '/open-api/suite/v1/timline/sendJUEMsg',
    {
      appId: DEFAULT_APP.appKey,
      requestId: crypto.randomUUID(),
      dateTime: Date.now(),
      erp: 'sim.bob',
      tenantId: 'CN.JD.GROUP',
      params: { robotId, data: { cardData: { templateCardId: 'tpl', templateCardVersion: '0.0.1', templateCardVariable: { s: 1 } }, reload: false } },
    },
    t.data.teamAccessToken,
  );
  assert.equal(sent.code, 0);
  return sent.data.cardMsgId;
}

test('card callbacks use the same option: default either (plain or signed datetime); sha256 refuses the plain token', async () => {
  const lenient = await receiver({});
  const strict = await receiver({ tokenScheme: { card: 'sha256' } });
  const custom = await receiver({ tokenScheme: { card: (vt, stamp) => nodeSign('hmac-sha256-hex', vt, stamp) } });
  const sim = await startSimulator({
    robots: [
      { robotId: '00_cardplain00001', eventUrl: lenient.srv.url, verificationToken: VT },
      { robotId: '00_cardsigned0001', eventUrl: lenient.srv.url, verificationToken: VT, cardTokenScheme: 'sha256' },
      { robotId: '00_cardstrict0001', eventUrl: strict.srv.url, verificationToken: VT },
      { robotId: '00_cardstrict0002', eventUrl: strict.srv.url, verificationToken: VT, cardTokenScheme: 'sha256' },
      { robotId: '00_cardcustom0001', eventUrl: custom.srv.url, verificationToken: VT, cardTokenScheme: 'hmac-sha256-hex' },
    ],
  });
  try {
    const click = async (robotId) => sim.click({ cardMsgId: await sendCard(sim, robotId), pin: 'sim.bob', reqType: 2 });
    for (const id of ['00_cardplain00001', '00_cardsigned0001']) {
      const r = await click(id);
      assert.equal(r.status, 200, id);
      assert.equal(r.answer.code, 1, id);
    }
    assert.deepEqual(lenient.hook.tokenStats().card.matched, { plain: 1, sha256: 1 });
    assert.equal(lenient.cards.length, 2);
    assert.ok(lenient.cards.every((cb) => !('token' in cb) && cb.datetime > 0), 'the card handler never sees the token');
    const refused = await click('00_cardstrict0001');
    assert.equal(refused.status, 401);
    const { err } = strict.errors[0];
    assert.equal(err.code, 'token_mismatch');
    assert.equal(err.target, 'card');
    assert.deepEqual(err.triedSchemes, ['sha256']);
    assert.match(err.message, /datetime/);
    assert.equal((await click('00_cardstrict0002')).answer.code, 1);
    assert.equal((await click('00_cardcustom0001')).answer.code, 1);
    assert.deepEqual(custom.hook.tokenStats().card.matched, { custom: 1 });
    assertNoSecret([err, ...strict.logs], [VT]);
  } finally {
    await sim.close();
    await Promise.all([lenient, strict, custom].map((r) => r.srv.close()));
  }
});

test('options are checked up front: unknown names, empty lists, either in a list, stray keys; the simulator refuses either', async () => {
  for (const tokenScheme of ['SHA256', 'sha256,plain', 'custom', ['custom'], { card: ['custom'] }, [], ['either'], ['sha256', 'nope'], 42, null, { events: 'plain' }, { event: 'bogus' }]) {
    assert.throws(() => createJdmeWebhook({ verificationToken: VT, tokenScheme }), (e) => e instanceof RobotwireError && e.code === 'invalid_argument', inspect(tokenScheme));
  }
  assert.ok(createJdmeWebhook({ verificationToken: VT, tokenScheme: ['md5-hex', 'plain'] }));
  assert.throws(() => createJdmeWebhook({ verificationToken: null, tokenScheme: 'plain' }), /no effect without a verificationToken/);
  await assert.rejects(startSimulator({ robots: [{ verificationToken: VT, tokenScheme: 'either' }] }), /'either' is a webhook option/);
  await assert.rejects(startSimulator({ robots: [{ verificationToken: VT, cardTokenScheme: 'sha3' }] }), /unknown token scheme/);
  assert.throws(() => signJdmeToken(VT, 1, 'either'), { code: 'invalid_argument' });
});

test('jdmeTokenSchemes is the Rust table: every documented name, with a formula, in probe order', () => {
  const list = jdmeTokenSchemes();
  assert.deepEqual(list.map((s) => s.id), NAMED);
  for (const s of list) {
    assert.ok(s.formula.length > 10, s.id);
    assert.equal(signJdmeToken(VT, '1700000000000', s.id), nodeSign(s.id, VT, '1700000000000'), s.id);
  }
});

test('robotwire sim --token-scheme / --card-token-scheme: the CLI simulator signs as told', async () => {
  const r = await receiver({ tokenScheme: 'hmac-sha1-hex' });
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0', '--event-url', r.srv.url, '--verification-token', VT, '--token-scheme', 'hmac-sha1-hex', '--card-token-scheme', 'sha256'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  try {
    const url = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`sim did not start: ${out}`)), 15_000);
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*token: /.exec(out);
        if (m && out.includes('(--token-scheme')) {
          clearTimeout(t);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`sim exited ${code}`)));
    });
    assert.match(out, /token:\s+events hmac-sha1-hex, card callbacks sha256/);
    assert.ok(!out.includes(VT));
    const pushed = await fetch(`${url}/__sim/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventType: 'chat_quit', event: { groupId: 'g' } }) });
    assert.equal(pushed.status, 202);
    for (let i = 0; i < 100 && r.seen.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(r.seen.length, 1);
    const ev = JSON.parse(r.bodies[0]);
    assert.equal(ev.token, nodeSign('hmac-sha1-hex', VT, String(ev.timeStamp)));
    const robots = (await (await fetch(`${url}/__sim/state`)).json()).robots;
    assert.deepEqual([robots[0].tokenScheme, robots[0].cardTokenScheme], ['hmac-sha1-hex', 'sha256']);
  } finally {
    child.kill('SIGTERM');
    await r.srv.close();
  }
  const bad = spawnSync(process.execPath, [CLI, 'sim', '--verification-token', VT, '--token-scheme', 'either'], { encoding: 'utf8', timeout: 15_000 });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /'either' is a webhook option/);
});
