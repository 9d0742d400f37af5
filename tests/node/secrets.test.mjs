// Issue 11 part 6: "no secret anywhere", kept as a test. Every error path we can provoke, with
// known fake secrets, against a server that echoes what it receives (headers and body) into its
// answers: every log line, message, stack, util.inspect and JSON.stringify of every error (and
// its causes) is searched for every secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { inspect } from 'node:util';
import { createJdmeWebhook, JdmeClient, RedisStore, signJdmeToken, encryptJdmeEvent } from 'robotwire';
import { YjiyunClient } from 'robotwire/yjiyun';

const S = {
  appSecret: 'fake-app-secret-9f8e7d6c5b4a',
  appToken: 'fake-app-token-1a2b3c4d5e6f',
  teamToken: 'fake-team-token-6f5e4d3c2b1a',
  userToken: 'fake-user-token-0a9b8c7d6e5f',
  verificationToken: 'fake-verification-token-secrets-77aa',
  encryptKey: 'fake-encrypt-key-secrets-密钥-88bb',
  accessSecret: 'fake-yjiyun-secret-secrets-99cc',
  yjiyunToken: 'fake-yjiyun-token-secrets-00dd',
  redisPassword: 'fake-redis-password-11ee',
};
const SECRETS = Object.values(S);

const lines = [];
const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((l) => [l, (message, meta) => lines.push(`${l} ${message} ${inspect(meta, { depth: 8 })}`)]));

/** Every text an error exposes: message, stack, inspect, JSON, and the same for its causes. */
function texts(e, depth = 0) {
  if (e === undefined || e === null || depth > 4) return [];
  const out = [String(e?.message), String(e?.stack), inspect(e, { depth: 8, showHidden: true })];
  try {
    out.push(JSON.stringify(e));
  } catch {
    /* circular */
  }
  return [...out, ...texts(e?.cause, depth + 1)];
}

function assertClean(what, list) {
  for (const text of list) for (const secret of SECRETS) assert.ok(!text.includes(secret), `${what} leaks ${secret.slice(0, 12)}…: ${text.slice(0, 300)}`);
}

let mode = 'ok';
let server;
let base;
let deadPort;
before(async () => {
  // Echoes the request (headers and body) into every answer's msg.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const echo = `${JSON.stringify(req.headers)} ${body}`;
      const path = req.url.split('?')[0];
      if (path.endsWith('app_access_token')) return res.end(JSON.stringify({ code: 0, data: { appAccessToken: S.appToken, expireIn: 7200 } }));
      if (path.endsWith('team_access_token')) return res.end(JSON.stringify({ code: 0, data: { teamAccessToken: S.teamToken, expireIn: 7200 } }));
      if (path.endsWith('/client/auth')) {
        if (mode === 'auth-fail') return res.end(JSON.stringify({ code: '1000', msg: `用户认证失败 ${echo}` }));
        return res.end(JSON.stringify({ code: '0', data: { createTime: Date.now(), expireMinutes: 60, accessToken: S.yjiyunToken } }));
      }
      switch (mode) {
        case 'refuse':
          return res.end(JSON.stringify({ code: 99990041, msg: `bad request ${echo}` }));
        case 'expired':
          return res.end(JSON.stringify({ code: 99990001, msg: `token expired ${echo}` }));
        case 'busy':
          return res.end(JSON.stringify({ code: '5000', msg: `服务器繁忙 ${echo}` }));
        case 'html':
          res.statusCode = 502;
          return res.end(`<html>${echo}</html>`);
        case 'hang':
          return setTimeout(() => res.end('{}'), 400);
        default:
          return res.end(JSON.stringify({ code: 0, data: {} }));
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  deadPort = s.address().port;
  await new Promise((r) => s.close(r));
});
after(() => new Promise((r) => server.close(r)));

test('JdmeClient: refused, expired, 502, timeout, unreachable, user token, validation: no secret anywhere', async () => {
  const errors = [];
  const make = (over = {}) => new JdmeClient({ appKey: 'fake-app', appSecret: S.appSecret, openTeamId: 'fake-team', robotId: '00_fakerobot000001', baseUrl: base, tenantId: 'CN.JD.GROUP', logger, timeoutMs: 200, retries: 1, backoff: { baseMs: 1, maxMs: 2 }, ...over });
  for (const m of ['refuse', 'expired', 'html', 'hang']) {
    mode = m;
    errors.push(await make().sendText({ erp: 'fake.u' }, 'hi').catch((e) => e));
    errors.push(await make().request('isGroupExist', { groupId: '1' }).catch((e) => e));
    errors.push(await make().call('/open-api/suite/v1/joyspace/createPage', { title: 't' }, { token: 'user', userToken: S.userToken }).catch((e) => e));
  }
  errors.push(await make({ baseUrl: `http://127.0.0.1:${deadPort}` }).sendText({ erp: 'fake.u' }, 'hi').catch((e) => e));
  errors.push(await make().sendText({ erp: 'fake.u' }, '').catch((e) => e));
  const client = make();
  assertClean('inspect(client)', [inspect(client, { depth: 8, showHidden: true }), JSON.stringify(client)]);
  assert.ok(errors.every((e) => e instanceof Error), 'every path failed');
  assert.ok(errors.some((e) => /bad request/.test(e.message) && /\[redacted\]/.test(e.message)), 'the echo arrived, scrubbed');
  assertClean('JdmeClient errors', errors.flatMap((e) => texts(e)));
  assertClean('logs', lines);
});

test('webhook: mismatch, wrong key, scheme function, listener, card handler and store failures: no secret anywhere', async () => {
  const captured = [];
  // What user code throws is passed on as the `cause` untouched (it is theirs): these throw
  // without secrets, so anything found was added by robotwire. (A listener's message in the log
  // line is scrubbed: tests/node/webhook.test.mjs.)
  const failingStore = { get: async () => null, set: async () => {}, delete: async () => {}, setIfAbsent: async () => { throw new Error('store down'); } };
  const hooks = [
    createJdmeWebhook({ verificationToken: S.verificationToken, encryptKey: S.encryptKey, logger }),
    createJdmeWebhook({ verificationToken: S.verificationToken, encryptKey: S.encryptKey, logger, store: failingStore }),
    createJdmeWebhook({ verificationToken: S.verificationToken, logger, tokenScheme: () => { throw new Error('scheme failed'); } }),
  ];
  for (const h of hooks) {
    h.onError((e, info) => captured.push(...texts(e), JSON.stringify(info)));
    h.onAny(() => { throw new Error('listener failed'); });
    h.onCard(() => { throw new Error('card failed'); });
  }
  const ts = Date.now();
  const ev = { eventId: 'sec-1', eventType: 'chat_quit', timeStamp: ts, token: signJdmeToken(S.verificationToken, ts) };
  const bodies = [
    JSON.stringify({ encrypt: encryptJdmeEvent(S.encryptKey, ev) }),
    JSON.stringify({ encrypt: encryptJdmeEvent('fake-other-key', ev) }),
    JSON.stringify({ ...ev, token: 'wrong' }),
    JSON.stringify(ev),
    JSON.stringify({ reqType: 1, token: S.verificationToken, datetime: ts, body: {} }),
    JSON.stringify({ reqType: 2, token: 'nope', datetime: ts }),
  ];
  for (const h of hooks) {
    for (const b of bodies) {
      const r = await h.handleBody(b);
      await r.done;
      captured.push(r.body);
    }
  }
  assertClean('webhook answers and onError', captured);
  assertClean('logs', lines);
});

test('YjiyunClient and RedisStore: refused credentials, busy, unreachable, timeout, store down: no secret anywhere', async () => {
  const errors = [];
  const yj = (over = {}) => new YjiyunClient({ accessKey: 'fake-key', accessSecret: S.accessSecret, baseUrl: base, logger, timeoutMs: 200, busyRetry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 }, ...over });
  mode = 'auth-fail';
  errors.push(await yj().robots().catch((e) => e));
  for (const m of ['busy', 'hang', 'html']) {
    mode = m;
    errors.push(await yj().robots().catch((e) => e));
    errors.push(await yj().bridge({ type: 'robot.phone.contact.add', robotKey: 'rk', phone: '10000000000' }).catch((e) => e));
  }
  errors.push(await yj({ baseUrl: `http://127.0.0.1:${deadPort}` }).robots().catch((e) => e));
  const store = new RedisStore({ url: `redis://:${S.redisPassword}@127.0.0.1:${deadPort}`, logger, commandTimeoutMs: 300 });
  errors.push(await store.setIfAbsent('k', 'v', 1000).catch((e) => e));
  errors.push(await store.rateDecide([{ rule: 'r', key: 'k', algorithm: 'gcra', limit: 1, windowMs: 1000, platformCode: 1 }], Date.now()).catch((e) => e));
  await store.close();
  assert.ok(errors.every((e) => e instanceof Error), 'every path failed');
  assertClean('有机云 and store errors', errors.flatMap((e) => texts(e)));
  assertClean('logs', lines);
});
