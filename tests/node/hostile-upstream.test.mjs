// Issue 11 part 4: hostile or broken answers from upstream. Before: an endless body reached
// 1.6 GB RSS in 10 s, a 50 MB answer was downloaded four times, a 200 with a non-JSON body was
// retried four times on sendRobotMsg (a sent message could go again), and
// {"code":0,"data":"garbage"} resolved as success.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { JdmeClient, JdmeError } from 'robotwire';
import { YjiyunClient, YjiyunProtocolError } from 'robotwire/yjiyun';

const hits = new Map();
let mode = 'ok';
let server;
let base;

before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url.split('?')[0];
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path.includes('access_token')) {
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ code: 0, msg: 'ok', data: { appAccessToken: 'fake-app-token', teamAccessToken: 'fake-team-token', expireIn: 7200 } }));
      }
      if (path.endsWith('/client/auth')) {
        return res.end(JSON.stringify({ code: '0', msg: 'OK', data: { createTime: Date.now(), expireMinutes: 60, accessToken: 'fake-yjiyun-token', username: 'u' } }));
      }
      switch (mode) {
        case 'endless': {
          // As fast as the socket takes it, until the client hangs up (bounded: 2 GB or 20 s).
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let sent = 0;
          const started = Date.now();
          const pump = () => {
            while (sent < 2 ** 31 && Date.now() - started < 20_000) {
              sent += chunk.length;
              if (!res.write(chunk)) return res.once('drain', pump);
            }
            res.end();
          };
          res.on('close', () => res.destroy());
          return pump();
        }
        case 'big':
          return res.end(`{"code":0,"msg":"ok","data":{"pad":"${'x'.repeat(50 * 1024 * 1024)}"}}`);
        case 'html':
          return res.end('<html>maintenance</html>');
        case 'string-code':
          return res.end('{"code":"0","msg":"ok","data":{}}');
        case 'garbage-data':
          return res.end('{"code":0,"msg":"ok","data":"garbage"}');
        default:
          return res.end('{"code":0,"msg":"ok","data":{"packetId":"p1"}}');
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => server.close(r)));

// Both carriers: node:http (the Node default) and fetch (given explicitly, as on the edge).
for (const carrier of ['node:http', 'fetch']) {
const via = carrier === 'fetch' ? { fetch: globalThis.fetch } : {};
const client = () => new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot000001', baseUrl: base, tenantId: 'CN.JD.GROUP', backoff: { baseMs: 5, maxMs: 10 }, ...via });
const sends = () => [...hits].filter(([p]) => p.endsWith('/sendRobotMsg')).reduce((n, [, c]) => n + c, 0);

test(`${carrier}: an endless answer is cut at maxResponseBytes: typed error, bounded memory, no retry`, async (t) => {
  mode = 'endless';
  hits.clear();
  const rss0 = process.memoryUsage().rss;
  const t0 = Date.now();
  const e = await client().sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
  assert.ok(e instanceof JdmeError);
  assert.equal(e.transport, 'too_large');
  assert.equal(e.outcomeUnknown, true);
  assert.equal(sends(), 1, 'never retried');
  const grew = process.memoryUsage().rss - rss0;
  t.diagnostic(`cut after ${Date.now() - t0} ms, RSS +${Math.round(grew / 1e6)} MB`);
  assert.ok(grew < 200e6, `RSS grew ${grew} B`);
  // The 有机云 client too.
  const yj = new YjiyunClient({ accessKey: 'fake-key', accessSecret: 'fake-secret', baseUrl: base, maxResponseBytes: 1 << 20, ...via });
  await assert.rejects(yj.robots(), (x) => x instanceof YjiyunProtocolError && x.code === 'response_too_large');
  assert.equal(hits.get('/wxworkapi/robot/list'), 1);
});

test(`${carrier}: a 50 MB answer is read once, refused, and not downloaded again`, async () => {
  mode = 'big';
  hits.clear();
  const e = await client().request('isGroupExist', { groupId: '1' }).catch((x) => x);
  assert.equal(e.transport, 'too_large');
  assert.equal([...hits].filter(([p]) => p.endsWith('/isGroupExist'))[0][1], 1);
});

test(`${carrier}: a 200 that is not the envelope, or a wrongly typed code, is a precise protocol error, never a retried send`, async () => {
  for (const m of ['html', 'string-code']) {
    mode = m;
    hits.clear();
    const e = await client().sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
    assert.ok(e instanceof JdmeError, m);
    assert.equal(e.transport, 'invalid_answer', m);
    assert.equal(e.outcomeUnknown, true, m);
    assert.equal(e.category, 'other', m);
    assert.match(e.message, m === 'html' ? /without a JSON answer/ : /code of type string/);
    assert.equal(sends(), 1, `${m}: sent once`);
  }
});

test(`${carrier}: {"code":0,"data":"garbage"} is not a success`, async () => {
  mode = 'garbage-data';
  hits.clear();
  const e = await client().sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
  assert.ok(e instanceof JdmeError);
  assert.equal(e.transport, 'invalid_answer');
  assert.match(e.message, /data is string/);
  assert.equal(sends(), 1);
  mode = 'ok';
  assert.equal((await client().sendText({ erp: 'fake.user' }, 'hi')).packetId, 'p1');
});
}
