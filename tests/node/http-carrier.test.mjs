// The two carriers of a request (js/src/core/http.ts): node:http, the Node default, and fetch
// (given as `fetch`, or chosen by the default whenever fetch would behave differently: a test
// double on globalThis.fetch, an undici global dispatcher). Both must end every exchange the same
// way, because the retry policy reads only that outcome. Every server is on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { MockAgent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { JdmeClient, JdmeError } from 'robotwire';
import { YjiyunClient, YjiyunHttpError, YjiyunTimeoutError } from 'robotwire/yjiyun';

const TOKEN = (k) => JSON.stringify({ code: 0, msg: 'ok', data: { [k]: 'fake-token', expireIn: 7200 } });
let mode = 'ok';
const seen = [];
let server;
let base;
const sockets = new Set();

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url;
      if (path.endsWith('/app_access_token')) return res.end(TOKEN('appAccessToken'));
      if (path.endsWith('/team_access_token')) return res.end(TOKEN('teamAccessToken'));
      if (path.endsWith('/client/auth')) return res.end(JSON.stringify({ code: '0', msg: 'OK', data: { createTime: Date.now(), expireMinutes: 60, accessToken: 'fake-yj-token' } }));
      seen.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString() });
      switch (mode) {
        case 'bom':
          res.setHeader('content-type', 'application/json; charset=utf-8');
          return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"code":0,"msg":"ok","data":{"packetId":"bom"}}')]));
        case 'chunked':
          res.write('{"code":0,"msg":"ok",');
          return setTimeout(() => res.end('"data":{"packetId":"chunked"}}'), 20);
        case 'hang':
          return undefined; // never answers (closed when the test ends)
        case 'stall-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.write('{"code":0,');
        case 'drop':
          return req.socket.destroy();
        case 'drop-mid-body':
          res.writeHead(200, { 'content-length': '100' });
          res.write('{"code":0');
          return setTimeout(() => req.socket.destroy(), 10);
        default:
          return res.end('{"code":0,"msg":"ok","data":{"packetId":"p1"}}');
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

/** A loopback port with nothing listening. */
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const jdme = (via, extra = {}) =>
  new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot000001', baseUrl: base, tenantId: 'CN.JD.GROUP', backoff: { baseMs: 1, maxMs: 2 }, ...via, ...extra });
const sends = () => seen.filter((s) => s.path.endsWith('/sendRobotMsg')).length;

for (const carrier of ['node:http', 'fetch']) {
  const via = carrier === 'fetch' ? { fetch: globalThis.fetch } : {};

  test(`${carrier}: an answer with a BOM, and a chunked answer without content-length, are read as fetch's text() reads them`, async () => {
    for (const [m, id] of [
      ['bom', 'bom'],
      ['chunked', 'chunked'],
    ]) {
      mode = m;
      assert.equal((await jdme(via).sendText({ erp: 'fake.user' }, 'hi')).packetId, id, m);
    }
    mode = 'ok';
  });

  test(`${carrier}: a refused connection never left: retried with the same body, then 'unreachable', outcome known`, async () => {
    const c = jdme(via, { baseUrl: `http://127.0.0.1:${await closedPort()}`, retries: 2 });
    const e = await c.request('isGroupExist', { groupId: '1' }).catch((x) => x);
    assert.ok(e instanceof JdmeError, String(e));
    assert.equal(e.transport, 'unreachable');
    assert.equal(e.outcomeUnknown, false);
    assert.match(e.message, /ECONNREFUSED/);
    const yj = new YjiyunClient({ accessKey: 'fake-key', accessSecret: 'fake-secret', baseUrl: `http://127.0.0.1:${await closedPort()}`, ...via });
    await assert.rejects(yj.robots(), (x) => x instanceof YjiyunHttpError && x.httpStatus === 0 && /ECONNREFUSED/.test(x.message));
  });

  test(`${carrier}: a connection dropped after the request arrived: 'connection_lost', a send is not repeated`, async () => {
    for (const m of ['drop', 'drop-mid-body']) {
      mode = m;
      seen.length = 0;
      const e = await jdme(via).sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
      assert.ok(e instanceof JdmeError, `${m}: ${e}`);
      assert.equal(e.transport, 'connection_lost', m);
      assert.equal(e.outcomeUnknown, true, m);
      assert.equal(sends(), 1, `${m}: sent once`);
    }
    mode = 'ok';
  });

  test(`${carrier}: no answer, or an answer that stalls, within timeoutMs: 'timeout'; a read is retried, a send is not`, async () => {
    for (const m of ['hang', 'stall-body']) {
      mode = m;
      seen.length = 0;
      const t0 = Date.now();
      const e = await jdme(via, { timeoutMs: 150 }).sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
      assert.ok(e instanceof JdmeError, `${m}: ${e}`);
      assert.equal(e.transport, 'timeout', m);
      assert.equal(e.outcomeUnknown, true, m);
      assert.equal(sends(), 1, `${m}: sent once`);
      assert.ok(Date.now() - t0 < 2000, `${m}: took ${Date.now() - t0} ms`);
      const reads = seen.length;
      await jdme(via, { timeoutMs: 100, retries: 1 }).request('isGroupExist', { groupId: '1' }).catch((x) => x);
      assert.equal(seen.length - reads, 2, `${m}: a read is tried twice`);
    }
    mode = 'hang';
    const yj = new YjiyunClient({ accessKey: 'fake-key', accessSecret: 'fake-secret', baseUrl: base, timeoutMs: 150, ...via });
    await assert.rejects(yj.robots(), (x) => x instanceof YjiyunTimeoutError);
    mode = 'ok';
  });

  test(`${carrier}: the caller's signal cancels a request in flight at once, as an unknown outcome`, async () => {
    mode = 'ok';
    const ac = new AbortController();
    const c = jdme(via, { timeoutMs: 10_000 });
    await c.request('isGroupExist', { groupId: '1' }); // tokens first
    mode = 'hang';
    setTimeout(() => ac.abort(new Error('caller gave up')), 50);
    const t0 = Date.now();
    const e = await c.sendText({ erp: 'fake.user' }, 'hi', {}, { signal: ac.signal }).catch((x) => x);
    assert.ok(e instanceof JdmeError, String(e));
    assert.equal(e.outcomeUnknown, true);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    mode = 'ok';
  });
}

test('the default carrier is node:http; a test double installed on globalThis.fetch later is used instead', async () => {
  mode = 'ok';
  seen.length = 0;
  const c = jdme({});
  await c.sendText({ erp: 'fake.user' }, 'hi 1');
  // undici's fetch always sends sec-fetch-mode; node:http sends only what the client set.
  assert.equal(seen.at(-1).headers['sec-fetch-mode'], undefined);
  assert.equal(seen.at(-1).headers['content-type'], 'application/json; charset=utf-8');
  assert.match(seen.at(-1).headers.authorization, /^Bearer fake-token$/);
  const real = globalThis.fetch;
  const calls = [];
  globalThis.fetch = (url, init) => {
    calls.push(String(url));
    return real(url, init);
  };
  try {
    await c.sendText({ erp: 'fake.user' }, 'hi 2');
    assert.equal(calls.filter((u) => u.endsWith('/sendRobotMsg')).length, 1);
    assert.equal(seen.at(-1).headers['sec-fetch-mode'], 'cors');
  } finally {
    globalThis.fetch = real;
  }
  await c.sendText({ erp: 'fake.user' }, 'hi 3');
  assert.equal(seen.at(-1).headers['sec-fetch-mode'], undefined, 'back on node:http once the double is gone');
});

test('an undici global dispatcher (MockAgent here; ProxyAgent alike) is honoured: the default carrier goes through fetch', async () => {
  const previous = getGlobalDispatcher();
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get('http://jdme.test');
  pool.intercept({ path: '/open-api/auth/v1/app_access_token', method: 'POST' }).reply(200, TOKEN('appAccessToken'));
  pool.intercept({ path: '/open-api/auth/v1/team_access_token', method: 'POST' }).reply(200, TOKEN('teamAccessToken'));
  pool.intercept({ path: /sendRobotMsg$/, method: 'POST' }).reply(200, '{"code":0,"msg":"ok","data":{"packetId":"mocked"}}');
  setGlobalDispatcher(agent);
  try {
    const c = jdme({}, { baseUrl: 'http://jdme.test', retries: 0 });
    assert.equal((await c.sendText({ erp: 'fake.user' }, 'hi')).packetId, 'mocked');
  } finally {
    setGlobalDispatcher(previous);
    await agent.close();
  }
});

test('node:http keeps connections alive across requests and between clients', async () => {
  mode = 'ok';
  // Let sockets of earlier tests go idle-closed or stay: count only the new ones.
  let opened = 0;
  const count = () => void (opened += 1);
  server.on('connection', count);
  try {
    for (let k = 0; k < 2; k++) {
      const c = jdme({});
      for (let i = 0; i < 5; i++) await c.sendText({ erp: `fake.user${i}` }, 'hi');
    }
  } finally {
    server.off('connection', count);
  }
  assert.ok(opened <= 1, `${opened} new connections for 10 sends and 4 token fetches`);
});
