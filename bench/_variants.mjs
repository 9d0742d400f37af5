import { fork } from 'node:child_process';
const child = fork(new URL('./send.mjs', import.meta.url), ['--server'], { stdio: 'inherit' });
const port = await new Promise((r) => child.once('message', r));
const url = `http://127.0.0.1:${port}/open-api/suite/v1/timline/sendRobotMsg`;
const body = '{"a":1}';
const headers = { 'content-type': 'application/json' };
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const variants = {
  plain: async () => { const r = await fetch(url, { method: 'POST', headers, body }); JSON.parse(await r.text()); },
  signal: async () => { const c = new AbortController(); const r = await fetch(url, { method: 'POST', headers, body, signal: c.signal }); JSON.parse(await r.text()); },
  signalTimer: async () => { const c = new AbortController(); const t = setTimeout(() => c.abort(), 10000); const r = await fetch(url, { method: 'POST', headers, body, signal: c.signal }); JSON.parse(await r.text()); clearTimeout(t); },
  reader: async () => { const r = await fetch(url, { method: 'POST', headers, body }); const rd = r.body.getReader(); const ch = []; for (;;) { const { done, value } = await rd.read(); if (done) break; ch.push(value); } JSON.parse(Buffer.concat(ch).toString()); },
};
for (let round = 0; round < 3; round++) for (const [name, f] of Object.entries(variants)) {
  for (let i = 0; i < 50; i++) await f();
  const t = cpu(); for (let i = 0; i < 300; i++) await f();
  console.log(round, name, ((cpu() - t) / 300).toFixed(0), 'µs');
}
child.disconnect();
