// A loopback stand-in for Upstash's REST front: the Upstash REST protocol in front of a real
// redis-server, for UpstashStore's tests. No Upstash-compatible server installs here without
// Docker (serverless-redis-http is Elixir), so this is kept to what the protocol says and
// nothing more (upstash.com/docs/redis/features/restapi):
// - POST / with a JSON array command → 200 {"result": …}; a Redis error → 400 {"error": "…"};
// - POST /pipeline with an array of commands → 200 [{result}|{error}, …];
// - `Authorization: Bearer <token>`, else 401;
// - with `Upstash-Encoding: base64`, every string in a result is Base64 (UTF-8), except the
//   status reply "OK"; numbers and nulls stay as they are.
// It logs every request's path and headers so a test can see what the client really sent.
import http from 'node:http';

function encode(v, base64) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x) => encode(x, base64));
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  return base64 && s !== 'OK' ? Buffer.from(s, 'utf8').toString('base64') : s;
}

/**
 * Starts the bridge on 127.0.0.1 in front of `redis` (an ioredis client); returns
 * `{ url, token, requests, close() }`. `requests` logs `{ path, headers, body }`.
 */
export async function startUpstashBridge(redis, token = 'fake-upstash-token') {
  const requests = [];
  const run = async (cmd, base64) => {
    try {
      return { result: encode(await redis.call(String(cmd[0]), ...cmd.slice(1).map(String)), base64) };
    } catch (e) {
      return { error: String(e.message ?? e) };
    }
  };
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    requests.push({ path: req.url, headers: { ...req.headers }, body: text });
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return answer(405, { error: 'use POST' });
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { error: 'Unauthorized' });
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return answer(400, { error: 'ERR failed to parse command' });
    }
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    if (req.url === '/' || req.url === '') {
      const r = await run(body, base64);
      return answer('error' in r ? 400 : 200, r);
    }
    if (req.url === '/pipeline') {
      const out = [];
      for (const cmd of body) out.push(await run(cmd, base64));
      return answer(200, out);
    }
    return answer(404, { error: 'ERR unknown path' });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    token,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
