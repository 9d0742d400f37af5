// The simulator's page in real headless Chromium (Debian's package via playwright-core):
// conversations, a card with its toast, an interception and deliveries with retries render,
// the page refreshes live when something new happens, and it drives a bot (type as a user,
// click a card).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { createJdmeWebhook, JdmeClient } from 'robotwire';
import { serve } from '../node/helpers.mjs';
import { populatedSimulator, CHROMIUM, CHROMIUM_ARGS, cjkGlyphs } from './fixture.mjs';

test('the simulator page renders conversations, cards, interceptions and retries, and refreshes live', { skip: !existsSync(CHROMIUM) && !process.env.CI && 'chromium not installed (CI fails instead)' }, async () => {
  const { sim, srv, team, post, env, robotId } = await populatedSimulator();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(sim.url + '/');
    await page.waitForSelector('.conv');
    // The shared sheet (js/src/sim/pages/sim.css) applies with this page's accent and layout.
    assert.equal(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(20, 86, 240)');
    assert.match(await page.locator('body').evaluate((el) => getComputedStyle(el).fontFamily), /Noto Sans CJK SC/);
    // Real glyphs, not boxes: different characters draw differently (tofu draws them all alike).
    assert.deepEqual(await cjkGlyphs(page), { inked: true, distinct: true });
    const convs = await page.locator('.conv').allTextContents();
    assert.ok(convs.some((c) => c.includes('爱丽丝')), convs.join('|'));
    await page.waitForSelector('.card');
    const text = await page.locator('#msgs').textContent();
    assert.match(text, /服务器告警了吗/);
    assert.match(text, /一切正常/);
    assert.match(text, /CPU 92%/);
    assert.match(text, /toast \[success\] 已确认/);
    assert.match(await page.locator('#interceptions').textContent(), /20100012/);
    const deliveries = await page.locator('.delivery').allTextContents();
    assert.ok(deliveries.some((d) => /#1 HTTP 500/.test(d) && /#2 HTTP 200/.test(d)), deliveries.join('|'));
    // Each delivery shows what was sent (the event before encryption, the token redacted).
    const request = await page.locator('.delivery details pre').first().textContent({ timeout: 1000 }).catch(() => '');
    assert.match(request, /\[redacted\]/);
    // Live refresh: a new message shows up without reloading.
    await post('/open-api/suite/v1/timline/sendRobotMsg', env({ robotId, body: { type: 'text', content: '实时刷新测试' } }, { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }), team);
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('实时刷新测试'), null, { timeout: 5000 });
  } finally {
    await browser.close();
    await sim.close();
    await srv.close();
  }
});

test('the page drives a bot: a user types a message, the bot answers with text and a card, a click on the card shows the bot\'s toast', { skip: !existsSync(CHROMIUM) && !process.env.CI && 'chromium not installed (CI fails instead)' }, async () => {
  const VT = 'fake-drive-verification-token';
  const ROBOT = '00_simdrive000001';
  let client;
  const hook = createJdmeWebhook({ verificationToken: VT })
    .on('chat_message', async (ev) => {
      const said = String(ev.event.body.content ?? '');
      await client.sendText({ erp: ev.event.sender.pin }, `机器人收到：${said}`);
      await client.sendCard({ erp: ev.event.sender.pin }, { templateCardId: 'drive-card', templateCardVersion: '1.0.0', templateCardVariable: { said } });
    })
    .onCard((cb) => ({ promptInfo: { style: 'success', content: `点击来自 ${cb.from.pin}` } }));
  const srv = await serve(hook.node);
  const sim = await startSimulator({ robots: [{ robotId: ROBOT, nickname: '驾驶机器人', eventUrl: srv.url, cardUrl: srv.url, verificationToken: VT }] });
  client = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url, tenantId: 'CN.JD.GROUP' });
  // One message so the conversation with sim.alice exists (the page opens the first one).
  await sim.say({ pin: 'sim.alice', text: '开始' }).done;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(sim.url + '/');
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('机器人收到：开始'), null, { timeout: 5000 });
    assert.equal(await page.locator('#as').inputValue(), 'sim.alice', 'the speaker is the conversation\'s user');
    await page.fill('#text', '页面发来的消息');
    await page.press('#text', 'Enter');
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('机器人收到：页面发来的消息'), null, { timeout: 5000 });
    assert.ok(sim.state.chat.some((c) => c.from.pin === 'sim.alice' && c.body?.content === '页面发来的消息'), 'the message went in as sim.alice');
    // Click the newest card's button: the bot's toast appears on it.
    await page.locator('.card button.click').last().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.card')].at(-1).textContent.includes('点击来自 sim.alice'), null, { timeout: 5000 });
  } finally {
    await browser.close();
    await sim.close();
    await srv.close();
  }
});
