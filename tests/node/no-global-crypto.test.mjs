// Node 18 has no global `crypto` (Web Crypto arrived as a global in 19). The Node entries then
// take every id from node:crypto (js/src/core/random-node.ts). Node 20 can be started without
// the global (`--no-experimental-global-webcrypto`), which is Node 18's situation for this code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const script = `
  if (typeof globalThis.crypto !== 'undefined') throw new Error('global crypto is still there');
  const { JdmeClient } = await import('robotwire');
  const { newYjiyunRequestId } = await import('robotwire/yjiyun');
  const bodies = [];
  const ok = (data) => new Response(JSON.stringify({ code: 0, msg: 'ok', data }));
  const fetch = async (url, init) => {
    if (String(url).endsWith('app_access_token')) return ok({ appAccessToken: 'fake-a', expireIn: 7200 });
    if (String(url).endsWith('team_access_token')) return ok({ teamAccessToken: 'fake-t', expireIn: 7200 });
    bodies.push(JSON.parse(init.body));
    return ok({ packetId: 'p1' });
  };
  const c = new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot', tenantId: 'CN.JD.GROUP', fetch });
  await c.sendText({ erp: 'fake.user' }, 'one');
  await c.sendText({ erp: 'fake.user' }, 'two');
  console.log(JSON.stringify({ ids: bodies.map((b) => b.requestId), yj: [newYjiyunRequestId(), newYjiyunRequestId()] }));
`;

test('without a global crypto (Node 18), JD ME requestIds and 有机云 request_ids come from node:crypto', () => {
  // From stdin, not -e: an -e script sees node:crypto as the global \`crypto\`.
  const out = execFileSync(process.execPath, ['--no-experimental-global-webcrypto', '--input-type=module', '-'], { input: script, encoding: 'utf8', cwd: new URL('.', import.meta.url) });
  const { ids, yj } = JSON.parse(out.trim().split('\n').pop());
  assert.equal(ids.length, 2);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(ids[0], ids[1]);
  for (const id of yj) assert.match(id, /^[0-9a-f]{32}$/);
  assert.notEqual(yj[0], yj[1]);
});
