// portal.test.mjs: the disclosure portal in headless Chromium, as a
// member of the public and as a regulator uses it: search, open a profile,
// read the rating's reasons, switch language, see the lists and charts on
// a phone-sized screen; record a penalty and decide a repair through forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { startServer, cli, newEnterprise, newBatch, launchBrowser, BIN } from './harness.mjs';

let srv;
let browser;
let good;
let bad;
let regKey;

async function post(path, body, bearer) {
  const r = await fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const k = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e portal');
  assert.equal(k.status, 0, k.stderr);
  regKey = k.stdout;
  good = newEnterprise();
  bad = newEnterprise();
  await post('/api/v1/commitments', { text_zh: '正品保障，假一赔十', text_en: 'Genuine or ten times back', since: '2025-01-01' }, good.key);
  await post('/api/v1/enterprises/' + good.id + '/customs-class', { customs_class: 'advanced_certified' }, regKey);
  const today = new Date().toISOString().slice(0, 10);
  await post('/api/v1/penalties', {
    enterprise_id: bad.id, decision_no: `甬测罚〔2026〕${randomInt(1e9)}号`, violation: '销售过期食品',
    legal_basis: '《食品安全法》第一百二十四条', penalty: '罚款', amount_fen: 5000000, decided_on: today,
    authority: '宁波保税区市场监督管理局', severity: 'serious',
  }, regKey);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a consumer searches, opens a profile, reads why, and switches to English', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/`);
  await page.fill('#q', good.uscc);
  await page.click('form.search button');
  assert.match(page.url(), /\/enterprises\?q=/);
  assert.match(await page.locator('#found').innerText(), /1/);
  await page.click(`a[href="/enterprises/${good.id}"]`);
  assert.match(await page.locator('h1').first().innerText(), /测试进口商/);
  assert.equal(await page.locator('#rating .grade').innerText(), 'B');
  const reasons = await page.locator('#reasons li').allInnerTexts();
  assert.ok(reasons.some((r) => /\+60\s*海关高级认证企业/.test(r)), reasons.join(' | '));
  assert.ok(reasons.some((r) => /\+10\s*公开的售后服务承诺/.test(r)), reasons.join(' | '));
  // the six categories, each with its source
  for (const id of ['entity', 'operating', 'regulatory', 'service', 'rewards-penalties', 'complaints'])
    assert.equal(await page.locator(`#${id}`).count(), 1, id);
  assert.ok((await page.locator('.source').count()) >= 5);
  // the full breakdown opens
  await page.click('#breakdown summary');
  assert.ok(await page.locator('#breakdown tr[data-code="customs_advanced"]').isVisible());
  // switch language; it stays for the next page
  await page.click('a[hreflang="en"]');
  assert.equal(await page.locator('#rating h2').innerText(), 'Credit rating');
  assert.match(await page.locator('#reasons').innerText(), /Customs advanced certified/);
  await page.click('nav.sections a[href="/lists"]');
  assert.match(await page.locator('#black h1').innerText(), /Black list/);
  const entry = page.locator(`#black a[href="/enterprises/${bad.id}"]`);
  assert.equal(await entry.count(), 1);
  assert.match(await page.locator('#black').innerText(), /A serious penalty is being published/);
  // nothing is wider than the phone
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page is ${wide}px wide`);
  await ctx.close();
});

test("the product page shows the importer's grade and links its profile", async () => {
  const lot = await newBatch(srv.url, 2);
  await post('/api/v1/commitments', { text_zh: '破损包赔', text_en: 'Damage covered', since: '2025-06-01' }, lot.ent.key);
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto(lot.codes[0]);
  assert.match(await page.locator('#importer-grade').innerText(), /B\s*score 710/);
  await page.click('#importer-profile');
  assert.match(page.url(), new RegExp(`/enterprises/${lot.ent.id}$`));
  assert.match(await page.locator('#reasons').innerText(), /Public after-sales commitments/);
  await ctx.close();
});

test('the statistics page draws its charts as SVG that fit a phone', async () => {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/statistics`);
  for (const id of ['chart-scans', 'chart-verdicts', 'chart-value', 'chart-grades']) {
    const box = await page.locator(`svg#${id}`).boundingBox();
    assert.ok(box && box.width > 200 && box.width <= 360, `${id}: ${JSON.stringify(box)}`);
  }
  assert.equal(await page.locator('svg#chart-scans rect.bar').count(), 30);
  assert.equal(await page.locator('svg#chart-value rect.bar').count(), 12);
  assert.match(await page.locator('#enterprises').innerText(), /^\d+$/);
  await ctx.close();
});

test('a regulator records a penalty through the form and it is published at once', async () => {
  const user = `reg${randomInt(1e9)}`;
  const password = `pw-${randomInt(1e12)}-long`;
  const made = spawnSync(BIN, ['account', 'add', '--username', user, '--role', 'regulator'],
    { input: `${password}\n`, encoding: 'utf8', env: process.env });
  assert.equal(made.status, 0, made.stderr);
  const target = newEnterprise();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/regulator`);
  assert.match(page.url(), /\/login\?next=\/regulator$/);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  assert.match(page.url(), /\/regulator$/);
  // from the enterprise's profile, the desk opens with it filled in
  await page.goto(`${srv.url}/enterprises/${target.id}`);
  await page.click('#record-penalty');
  const no = `甬浏罚〔2026〕${randomInt(1e9)}号`;
  const form = page.locator('#penalty-form form');
  assert.equal(await form.locator('input[name=enterprise]').inputValue(), target.uscc);
  await form.locator('input[name=decision_no]').fill(no);
  await form.locator('textarea[name=violation]').fill('虚假宣传商品原产地');
  await form.locator('textarea[name=legal_basis]').fill('《广告法》第五十五条');
  await form.locator('input[name=penalty]').fill('警告，罚款');
  // The English version, for the English page, under its own heading.
  await form.locator('#penalty-english summary').click();
  await form.locator('textarea[name=violation_en]').fill('Advertised a false country of origin');
  await form.locator('textarea[name=penalty_en]').fill('Warning and a fine');
  await form.locator('input[name=authority_en]').fill('Ningbo Bonded Zone Administration for Market Regulation');
  await form.locator('input[name=amount]').fill('30000');
  await form.locator('input[name=authority]').fill('宁波保税区市场监督管理局');
  await form.locator('select[name=severity]').selectOption('general');
  await form.locator('button[type=submit]').click();
  assert.match(page.url(), new RegExp(`/enterprises/${target.id}$`));
  const shown = page.locator(`#rewards-penalties dl[data-decision="${no}"]`);
  assert.equal(await shown.count(), 1);
  assert.match(await shown.innerText(), /¥30,000\.00/);
  assert.match(await page.locator('#reasons').innerText(), /-60\s*公示中的一般行政处罚/);
  assert.doesNotMatch(await shown.innerText(), /Advertised/);
  // In English: the English texts, and the Chinese legal basis where no
  // English was given.
  await page.goto(`${srv.url}/enterprises/${target.id}?lang=en`);
  const english = await shown.innerText();
  assert.match(english, /Advertised a false country of origin/);
  assert.match(english, /Warning and a fine/);
  assert.match(english, /《广告法》第五十五条/);
  assert.doesNotMatch(english, /虚假宣传/);
  assert.match(english, /Ningbo Bonded Zone Administration for Market Regulation/);
  assert.doesNotMatch(english, /宁波保税区市场监督管理局/);
  await ctx.close();
});
