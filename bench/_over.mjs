import { JdmeClient } from 'robotwire';
const ok = JSON.stringify({ code: 0, msg: 'success', data: { success: true } });
const tok = (k) => JSON.stringify({ code: 0, msg: 'success', data: { [k]: 'fake-token', expireIn: 7200 } });
const fakeFetch = async (url) => new Response(url.endsWith('app_access_token') ? tok('appAccessToken') : url.endsWith('team_access_token') ? tok('teamAccessToken') : ok, { headers: { 'content-type': 'application/json', 'content-length': '60' } });
let app = 0;
const mk = async () => { app++; const c = new JdmeClient({ appKey: `fake-app-${app}`, appSecret: 's', openTeamId: 't', robotId: `00_r${app}`, baseUrl: 'http://x', tenantId: 'CN.JD.GROUP', fetch: fakeFetch }); await c.request('isGroupExist', { groupId: '1' }); return c; };
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (let r = 0; r < 5; r++) {
  const cs = []; for (let i = 0; i < 50; i++) cs.push(await mk());
  const t = cpu();
  for (let i = 0; i < 1000; i++) await cs[Math.floor(i / 20)].sendText({ erp: `u${i % 20}` }, '早会 10 点开始');
  const a = (cpu() - t) / 1000;
  const t2 = cpu();
  for (let i = 0; i < 1000; i++) { const res = await fakeFetch('http://x/s', { method: 'POST', body: 'x' }); JSON.parse(await res.text()); }
  const b = (cpu() - t2) / 1000;
  console.log('sendText', a.toFixed(0), 'fake fetch', b.toFixed(0), 'overhead', (a - b).toFixed(0), 'µs');
}
