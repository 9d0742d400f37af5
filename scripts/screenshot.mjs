// Regenerates docs/sim.png (the README screenshot) from a populated simulator in Chromium.
import { chromium } from 'playwright-core';
import { populatedSimulator, CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/fixture.mjs';

const { sim, srv } = await populatedSimulator();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 640 } });
await page.goto(sim.url + '/');
await page.waitForSelector('.card');
await page.screenshot({ path: 'docs/sim.png' });
await browser.close();
await sim.close();
await srv.close();
console.log('wrote docs/sim.png');
