// browser.test.mjs: a person opens a demo code's page in headless Chromium,
// reads the product name and switches the language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, launchBrowser } from './harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// A demo code that was sold (declared and bound, see app/demo.c): the
// first demo batch is the Koala Valley formula.
function demoCode() {
  const i = String(Math.floor(Math.random() * 2));
  const r = cli('batch', 'export', '--batch', '1', '--from', i, '--to', String(Number(i) + 1),
    '--public-url', srv.url);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('a demo code opens its product page', async () => {
  // A phone set to Chinese, as most consumers' are.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const res = await page.goto(demoCode());
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('#product h1').innerText(), '考拉谷 婴幼儿配方奶粉 3段 900克');
  // Genuine at first; caution, then suspect, as the demo code is queried
  // again and again (this test runs on every make test).
  assert.match(await page.locator('#verdict').innerText(), /正品码验证通过|请注意核实|疑似假冒或问题商品/);
  assert.match(await page.locator('#declaration').innerText(), /保税电商（1210）/);
  assert.match(await page.locator('#inspections').innerText(), /宁波海关技术中心/);
  // The stylesheet loaded: the verdict banner is coloured.
  const bg = await page.locator('#verdict').evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.locator('#product h1').innerText(), 'Koala Valley Toddler Formula Stage 3, 900 g');
  assert.match(await page.locator('#importer').innerText(), /Ningbo Bonded Zone Global Select/);
  await page.close();
});

test('a forged code shows the not-genuine advice', async () => {
  const page = await browser.newPage({ locale: 'zh-CN' });
  const code = demoCode();
  const res = await page.goto(code.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
  assert.equal(res.status(), 404);
  assert.match(await page.locator('#verdict').innerText(), /此码不是平台签发的正品码/);
  assert.equal(await page.locator('ol li').count(), 3);
  await page.close();
});
