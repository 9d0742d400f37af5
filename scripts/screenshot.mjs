// Regenerates the README screenshots from a populated simulator in Chromium: docs/sim.png (the
// JD ME page, a group open), docs/sim-narrow.png (the same at 420 px) and docs/sim-yjiyun.png.
import { chromium } from 'playwright-core';
import { startYjiyunSimulator } from 'robotwire/sim';
import { YjiyunClient, YjiyunRealtime } from 'robotwire/yjiyun';
import { populatedSimulator, CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/fixture.mjs';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

const { sim, srv } = await populatedSimulator();
for (const [file, viewport] of [['docs/sim.png', { width: 1280, height: 720 }], ['docs/sim-narrow.png', { width: 420, height: 860 }]]) {
  const page = await browser.newPage({ viewport });
  await page.goto(sim.url + '/');
  await page.locator('.conv', { hasText: '发布值班群' }).click();
  await page.waitForSelector('.card .buttons');
  await page.click('[data-tab="calls"]');
  await page.screenshot({ path: file });
  console.log('wrote', file);
}
await sim.close();
await srv.close();

const yj = await startYjiyunSimulator();
const client = new YjiyunClient({ accessKey: yj.accessKey, accessSecret: yj.accessSecret, baseUrl: yj.url });
const rt = new YjiyunRealtime({ client, socketOptions: { transports: ['websocket'] } });
const robot = yj.robots[0];
await rt.sendText({ chatId: `S:${robot.wxid}_R:10696000000000001`, content: '大家好，我是值班机器人 👋' });
await rt.tagCustomer({ robotKey: robot.robotKey, userId: '7881300000000001', tags: ['14073750000000003'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(yj.url + '/');
await page.waitForSelector('.conv');
await page.screenshot({ path: 'docs/sim-yjiyun.png' });
console.log('wrote docs/sim-yjiyun.png');
await rt.close();
await yj.close();
await browser.close();
