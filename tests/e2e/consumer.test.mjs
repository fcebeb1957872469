// consumer.test.mjs: what a consumer's phone shows for each case of a
// genuine code (all well, recalled, a failed inspection), with a "what to
// do" box that matches it, the brand's own links, the count explained, and
// every word in the page's language, whichever way the language is asked
// for. Screenshots of each case are saved for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newBatch, launchBrowser, screenshot, latinWords } from './harness.mjs';

let srv;
let browser;
let lot;
let phone;

async function api(path, body) {
  const r = await fetch(`${srv.url}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${lot.ent.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 201, await r.text());
}

const local = (code) => code.replace(/^https?:\/\/[^/]+/, srv.url);

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 8);
  await api('/api/v1/links', { gtin: lot.gtin, type: 'gs1:recallStatus', href: 'https://brand.example.com/recall', title: '召回公告', lang: 'zh' });
  await api('/api/v1/links', { gtin: lot.gtin, type: 'gs1:pip', href: 'https://brand.example.com/item', title: '产品介绍', lang: 'zh' });
  browser = await launchBrowser();
  phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 }, isMobile: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function open(code, query = '') {
  const page = await phone.newPage();
  const res = await page.goto(local(code) + query);
  assert.equal(res.status(), 200);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 412, `the page is ${width}px wide on a phone`);
  return page;
}

test('all well: the verdict, how it was reached, what the count means and what to do', async () => {
  const page = await open(lot.codes[0]);
  assert.equal(await page.getAttribute('#verdict', 'data-case'), 'genuine');
  assert.match(await page.textContent('#verdict-how'), /数字签名有效/);
  assert.match(await page.textContent('#scans-explain'), /第一位购买者而次数大于 1/);
  assert.equal(await page.locator('#todo li').count(), 3);
  assert.match(await page.textContent('#todo'), /保留订单/);
  assert.equal(await page.getAttribute('#todo-12315', 'href'), 'tel:12315');
  // The brand's links, by what they are.
  assert.match(await page.textContent('#links [data-type="gs1:pip"]'), /产品信息/);
  assert.equal(await page.getAttribute('#links [data-type="gs1:pip"] a', 'href'), 'https://brand.example.com/item');
  assert.deepEqual(await latinWords(page), []);
  await screenshot(page, 'consumer-genuine-zh');
  await page.close();
  // The same in English, asked for as a phone's settings say it.
  const en = await open(lot.codes[0], '?lang=en-US');
  assert.match(await en.textContent('#todo h2'), /What to do/);
  assert.match(await en.textContent('#links'), /Product information/);
  await screenshot(en, 'consumer-genuine-en');
  await en.close();
  const hans = await open(lot.codes[0], '?lang=zh-Hans');
  assert.match(await hans.textContent('#todo h2'), /下一步怎么做/);
  await hans.close();
});

test('a recall says to stop, since when in Beijing time, and whom to contact', async () => {
  const r = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/status`, {
    method: 'POST', headers: { Authorization: `Bearer ${lot.ent.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: 2, to: 4, status: 'recalled', reason: '批次抽检不合格，主动召回', reason_en: 'Lot failed sampling; recalled by the importer' }),
  });
  assert.equal(r.status, 201, await r.text());
  const page = await open(lot.codes[2]);
  assert.equal(await page.getAttribute('#verdict', 'data-case'), 'recalled');
  assert.match(await page.textContent('#verdict h2'), /已召回：请停止使用/);
  assert.match(await page.textContent('#status-since'), /^自 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）起生效；批次抽检不合格，主动召回/);
  assert.match(await page.textContent('#verdict-how'), /登记了对该批商品的召回/);
  assert.match(await page.textContent('#todo'), /退货、退款/);
  assert.equal(await page.getAttribute('#todo-care', 'href'), 'https://brand.example.com/recall');
  assert.deepEqual(await latinWords(page), []);
  await screenshot(page, 'consumer-recalled-zh');
  await page.close();
  const en = await open(lot.codes[2], '?lang=en');
  assert.match(await en.textContent('#verdict h2'), /recalled: stop using it/);
  assert.match(await en.textContent('#status-since'), /Beijing time.*Lot failed sampling; recalled by the importer/);
  assert.doesNotMatch(await en.textContent('main'), /批次抽检不合格/, 'the English page has the English reason');
  await en.close();
  // The codes outside the range are not recalled.
  const other = await open(lot.codes[5]);
  assert.notEqual(await other.getAttribute('#verdict', 'data-case'), 'recalled');
  await other.close();
});

test('a failed inspection is the headline, and its record is marked', async () => {
  await api('/api/v1/inspections', { gtin: lot.gtin, lab: '宁波海关技术中心', report_no: `F${Date.now() % 1e9}`,
    tested_on: '2026-11-22', items: '蛋白质含量', passed: false });
  const page = await open(lot.codes[6], '?lang=zh'); // the last test chose English
  assert.equal(await page.getAttribute('#verdict', 'data-case'), 'failed_inspection');
  assert.match(await page.textContent('#verdict h2'), /检验不合格/);
  assert.equal(await page.locator('#inspections li.failed').count(), 1);
  assert.match(await page.textContent('#todo'), /停止使用并联系卖家退货退款/);
  assert.deepEqual(await latinWords(page), []);
  await screenshot(page, 'consumer-failed-inspection-zh');
  await page.close();
});

test('a code we did not issue, and a page that does not exist, answer in the page\'s language', async () => {
  const page = await phone.newPage();
  const forged = local(lot.codes[7]).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  assert.equal((await page.goto(`${forged}?lang=zh`)).status(), 404);
  assert.match(await page.textContent('#reason'), /序列号并非为该商品签发|此码/);
  assert.deepEqual(await latinWords(page), []);
  await screenshot(page, 'consumer-not-genuine-zh');
  assert.equal((await page.goto(`${srv.url}/no/such/page`)).status(), 404);
  assert.match(await page.textContent('#error h1'), /找不到页面/);
  assert.equal((await page.textContent('#error-message')).trim(), '此地址没有页面');
  assert.equal((await page.goto(`${srv.url}/no/such/page?lang=en`)).status(), 404);
  assert.match(await page.textContent('#error h1'), /Page not found/);
  await page.close();
});
