// The simulator's page in real headless Chromium (Debian's package via playwright-core):
// conversations, a card with its toast, an interception and deliveries with retries render,
// and the page refreshes live when something new happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
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
    // Live refresh: a new message shows up without reloading.
    await post('/open-api/suite/v1/timline/sendRobotMsg', env({ robotId, body: { type: 'text', content: '实时刷新测试' } }, { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }), team);
    await page.waitForFunction(() => document.querySelector('#msgs').textContent.includes('实时刷新测试'), null, { timeout: 5000 });
  } finally {
    await browser.close();
    await sim.close();
    await srv.close();
  }
});
