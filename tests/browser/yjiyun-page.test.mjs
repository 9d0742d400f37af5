// The 有机云 simulator's page in real headless Chromium: chats, messages sent over the realtime
// channel, the "say as the customer" box, socket frames, REST requests and tag operations, and
// live refresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startYjiyunSimulator } from 'robotwire/sim';
import { YjiyunClient, YjiyunRealtime } from 'robotwire/yjiyun';
import { CHROMIUM, CHROMIUM_ARGS, cjkGlyphs } from './fixture.mjs';

const SKIP = !existsSync(CHROMIUM) && !process.env.CI && 'chromium not installed (CI fails instead)';

/** A 有机云 simulator, a realtime client of its first robot and Chromium, closed after `fn`. */
async function withYjiyun(fn) {
  const sim = await startYjiyunSimulator();
  const client = new YjiyunClient({ accessKey: sim.accessKey, accessSecret: sim.accessSecret, baseUrl: sim.url });
  const rt = new YjiyunRealtime({ client, socketOptions: { transports: ['websocket'] } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await fn({ sim, rt, browser, robot: sim.robots[0] });
  } finally {
    await browser.close();
    await rt.close();
    await sim.close();
  }
}

test('the yjiyun simulator page shows chats, frames and requests, accepts a message and refreshes live', { skip: SKIP }, () =>
  withYjiyun(async ({ sim, rt, browser, robot }) => {
    const g = 'R:10696000000000001';
    await rt.sendText({ chatId: `S:${robot.wxid}_${g}`, content: '页面测试：大家好', atUserList: ['7881300000000001'] });
    await rt.tagCustomer({ robotKey: robot.robotKey, userId: '7881300000000001', tags: ['14073750000000003'] });
    const page = await browser.newPage();
    await page.goto(sim.url + '/');
    await page.waitForSelector('.conv');
    // The shared sheet (js/src/sim/pages/sim.css) applies with this page's accent and layout.
    assert.equal(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(11, 138, 90)');
    assert.match(await page.locator('body').evaluate((el) => getComputedStyle(el).fontFamily), /Noto Sans CJK SC/);
    // Real glyphs, not boxes: different characters draw differently (tofu draws them all alike).
    assert.deepEqual(await cjkGlyphs(page), { inked: true, distinct: true });
    const convs = await page.locator('.conv').allTextContents();
    assert.ok(convs[0].includes('有机云体验群'), convs.join('|'));
    const msgs = await page.locator('#msgs').textContent();
    assert.match(msgs, /页面测试：大家好/);
    assert.match(msgs, /@ 7881300000000001/);
    assert.match(await page.locator('#frames').textContent(), /robot\.cust\.tags/);
    assert.match(await page.locator('#requests').textContent(), /robot\/list|client\/auth/);
    assert.match(await page.locator('#tags').textContent(), /OK 7881300000000001/);
    assert.match(await page.locator('#overlaps').textContent(), /无冲突/);
    // The box writes into the selected chat as a group member; the robot receives it.
    const received = rt.next('message', (m) => m.content.content === '页面发来的消息', { timeoutMs: 5000 });
    await page.fill('#text', '页面发来的消息');
    await page.check('#at');
    await page.click('form.say button');
    const [m] = await received;
    assert.deepEqual(m.content.atUserList, [robot.wxid]);
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('页面发来的消息'), null, { timeout: 5000 });
    // Live refresh from the SDK side.
    await rt.sendImage({ chatId: `S:${robot.wxid}_${g}`, pic: 'https://media.example.invalid/live.png' });
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('live.png'), null, { timeout: 5000 });
  }));

test('at 420 px the yjiyun page fits one column, pushes a friend request and a member join from its buttons, and filters frames and requests', { skip: SKIP }, () =>
  withYjiyun(async ({ sim, rt, browser, robot }) => {
    const g = 'R:10696000000000001';
    await rt.sendText({ chatId: `S:${robot.wxid}_${g}`, content: '窄屏测试' });
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(sim.url + '/');
    await page.waitForSelector('.conv');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 420, 'no horizontal scrolling at 420 px');
    await page.locator('.conv', { hasText: '有机云体验群' }).click();

    // A member joins (3.22): the robot hears robot.group.members.changed for the open group.
    const joined = rt.next('membersChanged', () => true, { timeoutMs: 5000 });
    await page.click('#a-join');
    await page.waitForFunction(() => /robot\.group\.members\.changed/.test(document.querySelector('#frames').textContent), null, { timeout: 5000 });
    const [change] = await joined;
    assert.equal(change.conversationId ?? change.content?.conversationId ?? g, g);
    // A friend request (3.8) for the open chat's robot.
    await page.click('#a-friend');
    await page.waitForFunction(() => /robot\.on\.new\.friend\.request/.test(document.querySelector('#frames').textContent), null, { timeout: 5000 });
    await page.waitForFunction(() => /好友申请已推送/.test(document.querySelector('#notice').textContent), null, { timeout: 5000 });

    // Filters: one frame type; only frames that name the open group.
    await page.selectOption('#f-type', 'robot.group.members.changed');
    const typed = await page.locator('#frames .row').allTextContents();
    assert.ok(typed.length >= 1 && typed.every((t) => t.includes('robot.group.members.changed')), typed.join('|'));
    await page.selectOption('#f-type', '');
    await page.check('#f-conv');
    const here = await page.locator('#frames .row').allTextContents();
    assert.ok(here.length >= 2 && here.every((t) => t.includes(g)), here.join('|'));
    await page.uncheck('#f-conv');
    // REST requests with their latency; failed ones only.
    await page.click('[data-tab="requests"]');
    const rows = await page.locator('#requests .row').allTextContents();
    assert.ok(rows.some((t) => /client\/auth/.test(t) && /\d+(\.\d+)? ms/.test(t)), rows.join('|'));
    await page.selectOption('#f-status', 'failed');
    assert.equal(await page.locator('#requests .row').count(), 0, 'no failed requests: the empty state instead');
    assert.match(await page.locator('#requests').textContent(), /没有符合筛选的请求/);
    assert.deepEqual(pageErrors, []);
  }));
