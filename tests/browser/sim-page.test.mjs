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

test('at 420 px the page manages a group, draws a card as a card, pushes any event and lists the bot\'s API calls with filters', { skip: !existsSync(CHROMIUM) && !process.env.CI && 'chromium not installed (CI fails instead)' }, async () => {
  const VT = 'fake-group-verification-token';
  const ROBOT = '00_simgroup000001';
  const events = [];
  const clicks = [];
  const hook = createJdmeWebhook({ verificationToken: VT })
    .onAny((ev) => void events.push(ev))
    .onCard((cb) => {
      clicks.push(cb.body.actionData);
      return { promptInfo: { style: 'info', content: `收到 ${JSON.stringify(cb.body.actionData)}` } };
    });
  const srv = await serve(hook.node);
  const sim = await startSimulator({ robots: [{ robotId: ROBOT, pin: 'app.groupbot', nickname: '群机器人', eventUrl: srv.url, cardUrl: srv.url, verificationToken: VT, sendScope: ['sim.alice', 'sim.bob'] }] });
  const client = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url, tenantId: 'CN.JD.GROUP' });
  const until = async (pred, what) => {
    for (let i = 0; i < 100; i++) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${what} reached the bot: ${events.map((e) => e.eventType).join(',')}`);
  };
  const g = await client.createGroup({ name: '值班群', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }], uniqueKey: 'page-group' });
  const groupId = g.groupId;
  await client.sendCard({ groupId }, {
    templateCardId: 'approve-card',
    templateCardVersion: '2.0.1',
    templateCardVariable: { title: '请假审批', applicant: '鲍勃', days: 3, link: '[详情](https://example.invalid/leave/1)', buttons: [{ text: '同意', actionData: { approve: true } }, { text: '拒绝', actionData: { approve: false } }] },
  });
  // A call the platform refuses: sim.carol is outside the robot's 可用范围.
  await assert.rejects(client.sendText({ erp: 'sim.carol' }, '越界'), /20100012/);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(sim.url + '/');
    await page.locator('.conv', { hasText: '群 值班群' }).click();
    // One column at 420 px: nothing wider than the screen.
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 420, 'no horizontal scrolling at 420 px');
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('section')].map((s) => s.getBoundingClientRect().right)));
    assert.ok(widest <= 420, `sections fit: ${widest}`);

    // The card as a card: title, fields (with the variable's Markdown link), its own buttons, JSON behind a click.
    const card = page.locator('.card').last();
    assert.equal((await card.locator('.t').textContent()).trim(), '请假审批');
    assert.match(await card.locator('.fields').textContent(), /applicant\s*鲍勃/);
    assert.equal(await card.locator('.fields a').getAttribute('href'), 'https://example.invalid/leave/1');
    assert.deepEqual(await card.locator('button.click').allTextContents(), ['同意', '拒绝']);
    assert.equal(await card.locator('details.json pre').isVisible(), false);
    await card.locator('details.json summary').click();
    assert.match(await card.locator('details.json pre').textContent(), /"templateCardVariable"|"applicant"/);
    await page.selectOption('#as', 'sim.bob');
    await card.locator('button.click', { hasText: '拒绝' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.card')].at(-1).textContent.includes('收到 {"approve":false}'), null, { timeout: 5000 });
    assert.deepEqual(clicks.at(-1), { approve: false });

    // Members: add sim.carol (the owner adds: chat_add_member), remove sim.bob (chat_remove_member).
    await page.selectOption('#add-pin', 'sim.carol');
    await page.click('#add-member button');
    const added = await until((e) => e.eventType === 'chat_add_member', 'chat_add_member');
    assert.deepEqual(added.event, { operator: { app: 'ee', pin: 'sim.alice' }, groupId, users: [{ app: 'ee', pin: 'sim.carol' }] });
    await page.waitForFunction(() => [...document.querySelectorAll('#group .member')].some((m) => m.textContent.includes('卡罗尔')), null, { timeout: 5000 });
    await page.locator('.member', { hasText: '鲍勃' }).locator('button.kick').click();
    const removed = await until((e) => e.eventType === 'chat_remove_member', 'chat_remove_member');
    assert.deepEqual(removed.event.users, [{ app: 'ee', pin: 'sim.bob' }]);
    await page.waitForFunction(() => ![...document.querySelectorAll('#group .member')].some((m) => m.textContent.includes('鲍勃')), null, { timeout: 5000 });
    // The owner cannot be removed: the page offers no button for them.
    assert.equal(await page.locator('.member', { hasText: '爱丽丝' }).locator('button.kick').count(), 0);

    // Push any event type, prefilled from the open group, edited by hand.
    await page.click('[data-tab="push"]');
    await page.selectOption('#push-type', 'chat_update_title');
    const prefilled = JSON.parse(await page.inputValue('#push-event'));
    assert.equal(prefilled.groupId, groupId, 'the template names the open group');
    await page.fill('#push-event', JSON.stringify({ ...prefilled, title: '页面改的群名' }));
    await page.click('#push button');
    const titled = await until((e) => e.eventType === 'chat_update_title', 'chat_update_title');
    assert.equal(titled.event.title, '页面改的群名');
    // Bad JSON is refused on the page, in words.
    await page.click('[data-tab="push"]');
    await page.fill('#push-event', '{ not json');
    await page.click('#push button');
    await page.waitForFunction(() => /不是合法 JSON/.test(document.querySelector('#notice').textContent), null, { timeout: 2000 });

    // The bot's API calls: endpoint, requestId, latency, and the rule that refused one.
    await page.click('[data-tab="calls"]');
    const calls = page.locator('#calls .call');
    await page.waitForFunction(() => document.querySelectorAll('#calls .call').length >= 3, null, { timeout: 5000 });
    const all = await calls.allTextContents();
    assert.ok(all.some((t) => /sendJUEMsg/.test(t) && /requestId [0-9a-f-]{36}/.test(t) && /\d+(\.\d+)? ms/.test(t)), all.join('|'));
    assert.ok(all.some((t) => /20100012/.test(t) && /sendRobotMsg/.test(t) && /jdme\.scope/.test(t)), all.join('|'));
    // Filters: failed calls only, then one endpoint only.
    await page.selectOption('#f-status', 'failed');
    const failed = await calls.allTextContents();
    assert.equal(failed.length, 1, failed.join('|'));
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-type', 'createGroup');
    assert.deepEqual((await calls.allTextContents()).map((t) => /createGroup/.test(t)), [true]);
    await page.selectOption('#f-type', '');
    // Deliveries of this conversation only: the card click and the group events, not others.
    await page.click('[data-tab="deliveries"]');
    await page.check('#f-conv');
    const here = await page.locator('#deliveries .delivery').allTextContents();
    assert.ok(here.length >= 4 && here.every((t) => t.includes('群 值班群')), here.join('|'));
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await sim.close();
    await srv.close();
  }
});
