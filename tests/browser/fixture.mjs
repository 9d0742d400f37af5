// A populated simulator for the page test and the README screenshot.
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { createJdmeWebhook } from 'robotwire';
import { serve } from '../node/helpers.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A simulator with one conversation of each kind, a card, an interception and a retried delivery. */
export async function populatedSimulator() {
  const VT = 'fake-page-verification-token';
  const KEY = 'fake-page-encrypt-key';
  let failOnce = true;
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onCard(() => ({ promptInfo: { style: 'success', content: '已确认' } }));
  const srv = await serve(async (req, res) => {
    if (failOnce && req.headers['content-type']?.startsWith('application/json') && req.url === '/events') {
      failOnce = false;
      for await (const _ of req);
      res.statusCode = 500;
      return res.end();
    }
    return hook.node(req, res);
  });
  const sim = await startSimulator({
    robots: [{ robotId: '00_simpage0000001', nickname: '值班机器人', eventUrl: srv.url + 'events', cardUrl: srv.url + 'cards', verificationToken: VT, encryptKey: KEY, sendScope: ['sim.alice', 'sim.bob'] }],
    delivery: { retryIntervalMs: 100, timeoutMs: 500 },
  });
  const post = async (path, body, token) =>
    (await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json();
  const a = await post('/open-api/auth/v1/app_access_token', { appKey: DEFAULT_APP.appKey, appSecret: DEFAULT_APP.appSecret });
  const t = await post('/open-api/auth/v1/team_access_token', { appAccessToken: a.data.appAccessToken, openTeamId: DEFAULT_APP.openTeamId });
  const team = t.data.teamAccessToken;
  const env = (params, extra) => ({ appId: DEFAULT_APP.appKey, requestId: crypto.randomUUID(), dateTime: Date.now(), ...extra, params });
  const robotId = '00_simpage0000001';
  await (await sim.say({ pin: 'sim.alice', text: '服务器告警了吗？' })).done;
  await post('/open-api/suite/v1/timline/sendRobotMsg', env({ robotId, body: { type: 'text', content: '一切正常 ✅' } }, { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }), team);
  const card = await post('/open-api/suite/v1/timline/sendJUEMsg', env({ robotId, data: { cardData: { templateCardId: 'alarm-card', templateCardVersion: '1.0.0', templateCardVariable: { title: 'CPU 92%', host: 'web-01' } } } }, { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }), team);
  await sim.click({ cardMsgId: card.data.cardMsgId, pin: 'sim.alice', reqType: 2, actionData: { button: 'ack' } });
  await post('/open-api/suite/v1/timline/sendRobotMsg', env({ robotId, body: { type: 'text', content: 'hi' } }, { erp: 'sim.carol', tenantId: 'CN.JD.GROUP' }), team);
  // A group with a member's question and an approval card with its own buttons.
  const group = await post('/open-api/suite/v1/timline/createGroup', env({ name: '发布值班群', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }], uniqueKey: 'page-fixture' }, { robotId }), team);
  const groupId = group.data.groupId;
  await sim.say({ pin: 'sim.bob', groupId, text: '今晚 20:00 发布 v2.3，可以吗？' })?.done;
  await post('/open-api/suite/v1/timline/sendJUEMsg', env({ robotId, data: { cardData: { templateCardId: 'release-card', templateCardVersion: '1.2.0', templateCardVariable: {
    title: '发布审批 v2.3', 申请人: '鲍勃', 时间: '今晚 20:00', 变更: '[PR #128](https://example.invalid/pr/128)', 风险: '**中**', buttons: [{ text: '同意', actionData: { approve: true } }, { text: '驳回', actionData: { approve: false } }],
  } } } }, { groupId }), team);
  return { sim, srv, team, post, env, robotId };
}


/**
 * Whether the page draws Chinese with real glyphs, in its body font: without a CJK font every
 * Han character is the same box (tofu), so two different characters drawn on a canvas give the
 * same pixels. Returns `{ inked, distinct }` for '爱' and '丽' (and '有' vs '云').
 */
export async function cjkGlyphs(page) {
  return page.evaluate(() => {
    const font = `32px ${getComputedStyle(document.body).fontFamily}`;
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = c.height = 48;
      const g = c.getContext('2d');
      g.font = font;
      g.fillStyle = '#000';
      g.fillText(ch, 4, 38);
      return Array.from(g.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3));
    };
    const pairs = [['爱', '丽'], ['有', '云']].map(([a, b]) => [draw(a), draw(b)]);
    return {
      inked: pairs.every(([a, b]) => a.some((x) => x > 0) && b.some((x) => x > 0)),
      distinct: pairs.every(([a, b]) => a.some((x, i) => x !== b[i])),
    };
  });
}
