// console.test.mjs: an enterprise clerk signs in with the API key in the
// browser and does the daily work with forms alone: registers a product,
// issues codes (warned that unbound codes scan as "not declared"), binds
// them to a declaration, records a recall, a lot, a shipment and an
// inspection, adds and deletes a GS1 link, handles an alert. A refused
// form comes back filled in with the reason in the page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startServer, newEnterprise, randomGtin13, inventoryXml, launchBrowser, screenshot, latinWords } from './harness.mjs';

let srv;
let browser;
let ent;
let page;

before(async () => {
  srv = await startServer();
  ent = newEnterprise();
  browser = await launchBrowser();
  const desk = await browser.newContext({ locale: 'zh-CN' });
  page = await desk.newPage();
  await page.goto(`${srv.url}/login`);
  await page.fill('input[name=api_key]', ent.key);
  await page.locator('input[name=api_key]').press('Enter');
  await page.waitForURL(/\/account/);
  await page.click('#console-link');
  await page.waitForURL(/\/console$/);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const done = async (what) => {
  await page.waitForSelector(`#done[data-done="${what}"]`);
  return (await page.textContent('#done')).trim();
};

test('register a product, issue codes, bind them, recall some, all from forms', async () => {
  const gtin = `0${randomGtin13()}`;
  // A wrong GTIN comes back with the reason in Chinese, the form kept.
  await page.fill('#product-form input[name=gtin]', '12345');
  await page.fill('#product-form input[name=name_zh]', '控制台奶粉');
  await page.fill('#product-form input[name=name_en]', 'Console formula');
  await page.fill('#product-form input[name=brand]', '考拉谷');
  await page.fill('#product-form input[name=origin_country]', 'AU');
  await page.click('#product-form button[type=submit]');
  const refused = (await page.textContent('#error-product')).trim();
  assert.match(refused, /商品条码/);
  assert.equal(await page.inputValue('#product-form input[name=name_zh]'), '控制台奶粉');
  await page.fill('#product-form input[name=gtin]', gtin);
  await page.click('#product-form button[type=submit]');
  assert.match(await done('product'), /商品已登记/);
  assert.ok(await page.$(`#product-list tr[data-gtin="${gtin}"]`));

  // Codes: the warning first, then 20 of them.
  assert.match(await page.textContent('#unbound-warning'), /尚未关联海关申报/);
  await page.selectOption('#batch-form select[name=gtin]', gtin);
  await page.fill('#batch-form input[name=count]', '20');
  await page.click('#batch-form button[type=submit]');
  assert.match(await done('batch'), /已签发/);
  const row = page.locator('#batch-list tr').first();
  const batch = await row.getAttribute('data-batch');
  assert.equal(await row.getAttribute('data-bound'), '0');
  assert.match(await row.textContent(), /部分码尚未关联申报/);
  assert.ok(await row.locator('a[href$="format=pdf"]').count());

  // A declaration (as the customs message comes), then the binding form.
  const copNo = `C${batch}x${randomInt(1e6)}`;
  const d = await fetch(`${srv.url}/api/v1/declarations`, {
    method: 'POST', headers: { Authorization: `Bearer ${ent.key}`, 'Content-Type': 'application/xml' },
    body: inventoryXml(ent, gtin, 20, { copNo }),
  });
  assert.equal(d.status, 201, await d.text());
  await page.fill('#binding-form input[name=batch]', batch);
  await page.fill('#binding-form input[name=from]', '0');
  await page.fill('#binding-form input[name=to]', '20');
  await page.fill('#binding-form input[name=inventory]', copNo);
  await page.fill('#binding-form input[name=gnum]', '1');
  await page.click('#binding-form button[type=submit]');
  assert.match(await done('binding'), /已关联/);
  assert.equal(await page.locator(`#batch-list tr[data-batch="${batch}"]`).getAttribute('data-bound'), '20');

  // A recall of five codes, and the scan page says so.
  const recall = page.locator(`#batch-list tr[data-batch="${batch}"] details`);
  await recall.locator('summary').click();
  await recall.locator('select[name=status]').selectOption('recalled');
  await recall.locator('input[name=from]').fill('0');
  await recall.locator('input[name=to]').fill('5');
  await recall.locator('input[name=reason]').fill('抽检不合格，主动召回');
  await recall.locator('button[type=submit]').click();
  assert.match(await done('status'), /已登记/);
  const codes = await (await fetch(`${srv.url}/api/v1/batches/${batch}/codes`, { headers: { Authorization: `Bearer ${ent.key}` } })).text();
  const first = codes.trim().split('\n')[0].replace(/^https?:\/\/[^/]+/, srv.url);
  const scan = await (await fetch(first, { headers: { Accept: 'application/json' } })).json();
  assert.equal(scan.status.status, 'recalled');
  assert.deepEqual(await latinWords(page, ['Console', 'formula', 'PDF', 'CSV', 'ZPL']), []);
  await screenshot(page, 'console-zh');
});

test('provenance records and links from forms; a refused link keeps what was typed', async () => {
  const gtin = await page.locator('#product-list tr').first().getAttribute('data-gtin');
  await page.fill('#lot-form input[name=gtin]', gtin);
  await page.fill('#lot-form input[name=lot]', 'L2611');
  await page.fill('#lot-form input[name=production_date]', '2026-10-01');
  await page.fill('#lot-form input[name=expiry_date]', '2028-09-30');
  await page.click('#lot-form button[type=submit]');
  assert.match(await done('lot'), /已保存/);
  await page.fill('#shipment-form input[name=bill_no]', `B${randomInt(1e9)}`);
  await page.fill('#shipment-form input[name=departure_country]', '601');
  await page.fill('#shipment-form input[name=port]', '3105');
  await page.fill('#shipment-form input[name=arrival_date]', '2026-11-02');
  await page.fill('#shipment-form input[name=warehouse]', '宁波保税仓');
  await page.fill('#shipment-form input[name=lot_gtin]', gtin);
  await page.fill('#shipment-form input[name=lot_lot]', 'L2611');
  await page.fill('#shipment-form input[name=lot_quantity]', '100');
  await page.click('#shipment-form button[type=submit]');
  assert.equal(await page.$('#error-shipment'), null, await page.textContent('#provenance'));
  assert.match(await done('shipment'), /入区记录已保存/);
  await page.fill('#inspection-form input[name=gtin]', gtin);
  await page.fill('#inspection-form input[name=lab]', '宁波海关技术中心');
  await page.fill('#inspection-form input[name=report_no]', `R${randomInt(1e9)}`);
  await page.fill('#inspection-form input[name=tested_on]', '2026-11-05');
  await page.fill('#inspection-form input[name=items]', '微生物、重金属');
  await page.click('#inspection-form button[type=submit]');
  assert.match(await done('inspection'), /检验记录已保存/);

  await page.fill('#link-form input[name=gtin]', gtin);
  await page.selectOption('#link-form select[name=type]', 'gs1:recallStatus');
  await page.fill('#link-form input[name=href]', 'javascript:alert(1)');
  await page.fill('#link-form input[name=title]', '召回公告');
  // The browser checks type=url itself; send the form as a script would.
  await page.$eval('#link-form', (f) => { f.noValidate = true; });
  await page.click('#link-form button[type=submit]');
  await page.waitForSelector('#error-link');
  assert.equal(await page.inputValue('#link-form input[name=title]'), '召回公告');
  await page.fill('#link-form input[name=href]', 'https://brand.example.com/recall');
  await page.click('#link-form button[type=submit]');
  assert.match(await done('link'), /链接已添加/);
  assert.equal(await page.locator('#link-list tr').count(), 1);
  await page.locator('#link-list tr button').click();
  assert.match(await done('link_delete'), /链接已删除/);
  assert.equal(await page.locator('#link-list tr').count(), 0);
});

test('the console in English, and only for enterprises', async () => {
  await page.goto(`${srv.url}/console?lang=en`);
  assert.match(await page.textContent('#console h1'), /Enterprise console/);
  await page.goto(`${srv.url}/console?lang=zh`);
  const anonymous = await fetch(`${srv.url}/console`, { redirect: 'manual' });
  assert.ok([303, 401].includes(anonymous.status), `anonymous: ${anonymous.status}`);
  const forged = await fetch(`${srv.url}/console/product`, { method: 'POST', headers: { Authorization: `Bearer ${ent.key}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'gtin=1' });
  assert.equal(forged.status, 400, 'a console form meets the checks of the API: a bad GTIN is refused');
});
