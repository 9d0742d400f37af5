#!/usr/bin/env node
// Per-send CPU of `JdmeClient.sendText` against a plain `fetch` of the same prebuilt body, to
// the same local server, in the same run (issue 12's goal: ≤ 1.2×). Four sides: sendText as a
// Node user gets it (node:http carrier), sendText given `fetch` (the carrier on the edge, or
// with a test double), and the two plain alternatives of the same request: fetch and a
// node:http request with a keep-alive agent.
//
//   node bench/send.mjs            15 rotated rounds of 200 sends per side (≈ 1 min)
//   node bench/send.mjs --quick    3 rounds of 100
//
// The server runs in a child process (its CPU is not ours) and answers every POST with the
// documented success envelope; the token endpoints answer tokens. Both sides await each send
// before the next (one in flight), read and JSON.parse the answer. sendText does its whole job:
// build and check the body, plan and decide every rate key (all three profiles' rules: no
// profile set), the token from its cache, the request with its timeout, the envelope check, settling the rate
// record. Every client is warmed (tokens fetched, wasm compiled) before timing; the
// platform's own limits (20 per second per app) are kept by giving each block of 20 sends its
// own app, robot and users, so pacing never waits and the CPU measured is the work itself.
// Reported: per-send CPU (user + system, µs) medians with min–max over rounds, and the median
// of the per-round paired ratios. A last table isolates robotwire's own work: the same sends
// with an in-process `fetch` that answers at once, against that fetch alone.
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { JdmeClient } from 'robotwire';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 15;
const PER_ROUND = QUICK ? 100 : 200;
const BLOCK = 20; // sends per client: inside every per-second limit of one app and robot

if (process.argv[2] === '--server') {
  const http = await import('node:http');
  const ok = JSON.stringify({ code: 0, msg: 'success', data: { success: true, msgId: 'fake-msg-id' } });
  const token = (k) => JSON.stringify({ code: 0, msg: 'success', data: { [k]: 'fake-bench-token', expireIn: 7200 } });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = req.url.endsWith('/app_access_token') ? token('appAccessToken') : req.url.endsWith('/team_access_token') ? token('teamAccessToken') : ok;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: 'inherit' });
  const port = await new Promise((r) => child.once('message', r));
  const base = `http://127.0.0.1:${port}`;
  let app = 0;
  const newClient = (extra) => {
    app += 1;
    return new JdmeClient({ appKey: `fake-bench-app-${app}`, appSecret: 'fake-bench-secret', openTeamId: 'fake-team', robotId: `00_fakebench${app}`, baseUrl: base, tenantId: 'CN.JD.GROUP', ...extra });
  };
  // Clients for a whole round, warmed (tokens fetched) before the clock starts.
  const clients = async (n, extra = {}) => {
    const out = [];
    for (let i = 0; i < n / BLOCK; i++) {
      const c = newClient(extra);
      await c.request('isGroupExist', { groupId: '10000000001' });
      out.push(c);
    }
    return out;
  };
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };

  // The plain side: the body sendText would send, built once.
  const body = JSON.stringify({ appId: 'fake-bench-app', requestId: '00000000-0000-4000-8000-000000000000', dateTime: Date.now(), erp: 'fake.user', tenantId: 'CN.JD.GROUP', params: { robotId: '00_fakebench', body: { type: 'text', content: '早会 10 点开始' } } });
  const headers = { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer fake-bench-token' };
  const plain = async (n) => {
    const t = cpu();
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/open-api/suite/v1/timline/sendRobotMsg`, { method: 'POST', headers, body });
      const j = JSON.parse(await res.text());
      if (j.code !== 0) throw new Error('unexpected answer');
    }
    return (cpu() - t) / n;
  };
  // The same request through node:http with a keep-alive agent: what robotwire's Node carrier does.
  const agent = new http.Agent({ keepAlive: true });
  const target = new URL(`${base}/open-api/suite/v1/timline/sendRobotMsg`);
  const viaHttp = () =>
    new Promise((resolve, reject) => {
      const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const plainHttp = async (n) => {
    const t = cpu();
    for (let i = 0; i < n; i++) if ((await viaHttp()).code !== 0) throw new Error('unexpected answer');
    return (cpu() - t) / n;
  };
  const robotwire = (extra) => async (n) => {
    const cs = await clients(n, extra);
    const t = cpu();
    for (let i = 0; i < n; i++) await cs[Math.floor(i / BLOCK)].sendText({ erp: `fake.user${i % BLOCK}` }, '早会 10 点开始');
    return (cpu() - t) / n;
  };

  const sides = {
    'JdmeClient.sendText (Node default: node:http)': robotwire({}),
    'JdmeClient.sendText with `fetch: globalThis.fetch` (as on the edge)': robotwire({ fetch: globalThis.fetch }),
    'fetch of the prebuilt body': plain,
    'node:http request of the prebuilt body (keep-alive agent)': plainHttp,
  };
  const names = Object.keys(sides);
  // Warm-up: JIT, wasm compile, keep-alive sockets.
  for (const f of Object.values(sides)) await f(40);
  const cpuOf = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order so no side always runs on a warmer process.
    for (let i = 0; i < names.length; i++) {
      const k = names[(i + r) % names.length];
      cpuOf[k].push(await sides[k](PER_ROUND));
    }
  }
  const med = (v) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)];
  const fmt = (v) => `${med(v).toFixed(0)} µs (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
  const paired = (a, b) => {
    const r = cpuOf[a].map((x, i) => x / cpuOf[b][i]);
    return `${med(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
  };

  // robotwire's own work: no network, an answer object made in-process.
  const answer = JSON.stringify({ code: 0, msg: 'success', data: { success: true } });
  const tokenAnswer = (k) => JSON.stringify({ code: 0, msg: 'success', data: { [k]: 'fake-bench-token', expireIn: 7200 } });
  const fakeFetch = async (url) =>
    new Response(String(url).endsWith('app_access_token') ? tokenAnswer('appAccessToken') : String(url).endsWith('team_access_token') ? tokenAnswer('teamAccessToken') : answer, {
      headers: { 'content-type': 'application/json', 'content-length': '48' },
    });
  const ownRounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const cs = [];
    for (let i = 0; i < PER_ROUND / BLOCK; i++) {
      app += 1;
      const c = new JdmeClient({ appKey: `fake-bench-app-${app}`, appSecret: 'fake-bench-secret', openTeamId: 'fake-team', robotId: `00_fakebench${app}`, baseUrl: base, tenantId: 'CN.JD.GROUP', fetch: fakeFetch });
      await c.request('isGroupExist', { groupId: '10000000001' });
      cs.push(c);
    }
    let t = cpu();
    for (let i = 0; i < PER_ROUND; i++) await cs[Math.floor(i / BLOCK)].sendText({ erp: `fake.user${i % BLOCK}` }, '早会 10 点开始');
    const a = (cpu() - t) / PER_ROUND;
    t = cpu();
    for (let i = 0; i < PER_ROUND; i++) JSON.parse(await (await fakeFetch(`${base}/x`, { method: 'POST', body })).text());
    ownRounds.push(a - (cpu() - t) / PER_ROUND);
  }

  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${ROUNDS} rounds × ${PER_ROUND} sends per side\n`);
  console.log('| per send, CPU (user+system) | median (min–max) |');
  console.log('|---|---|');
  for (const k of names) console.log(`| ${k} | ${fmt(cpuOf[k])} |`);
  console.log(`| **sendText ÷ fetch** (issue 12's goal: ≤ 1.2×), paired per round | ${paired(names[0], names[2])} |`);
  console.log(`| sendText over fetch ÷ fetch, paired | ${paired(names[1], names[2])} |`);
  console.log(`| sendText ÷ node:http request, paired | ${paired(names[0], names[3])} |`);
  console.log(`| robotwire's own work (in-process answer, minus that answer alone) | ${fmt(ownRounds)} |`);
  child.disconnect();
}
