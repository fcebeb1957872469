// console.test.mjs: an enterprise clerk signs in with the API key in the
// browser and does the daily work with forms alone: registers a product,
// issues codes (warned that unbound codes scan as "not declared"), binds
// them to a declaration, records a recall, a lot, a shipment and an
// inspection, adds and deletes a GS1 link, handles an alert. A refused
// form comes back filled in with the reason in the page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import { startServer, newEnterprise, randomGtin13, inventoryXml, launchBrowser, screenshot, latinWords, get, account } from './harness.mjs';

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

// A new regulator account, signed in in a browser of the given locale.
async function signInRegulator(locale) {
  const { name: user, pw } = account('regulator');
  const ctx = await browser.newContext({ locale });
  const reg = await ctx.newPage();
  await reg.goto(`${srv.url}/login`);
  await reg.fill('input[name=username]', user);
  await reg.fill('input[name=password]', pw);
  await reg.click('button[type=submit]');
  await reg.waitForURL(/\/account/);
  return { user, ctx, page: reg };
}

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

  // A declaration pasted as the customs message comes: a broken one is
  // refused with the reason, a good one accepted and its receipt listed;
  // then the binding form.
  const copNo = `C${batch}x${randomInt(1e6)}`;
  await page.fill('#declaration-form textarea[name=xml]', '<ceb:CEB621Message');
  await page.click('#declaration-form button[type=submit]');
  assert.match(await page.textContent('#error-declaration'), /XML 格式不正确：.*line 1/);
  // A message customs would refuse comes back with the element and the
  // reason in Chinese, the value as sent.
  const badCop = `C${batch}b${randomInt(1e6)}`;
  await page.fill('#declaration-form textarea[name=xml]',
    inventoryXml(ent, gtin, 20, { copNo: badCop }).replace('<ceb:currency>142</ceb:currency>', '<ceb:currency>999</ceb:currency>'));
  await Promise.all([page.waitForNavigation(), page.click('#declaration-form button[type=submit]')]);
  assert.match(await page.textContent('#error-declaration'), /currency.*不是海关币制代码表中的代码：999/);
  await page.fill('#declaration-form textarea[name=xml]', inventoryXml(ent, gtin, 20, { copNo }));
  await page.click('#declaration-form button[type=submit]');
  assert.match(await done('declaration'), /报文已接收/);
  assert.match(await page.textContent('#receipt-list tr[data-status="accepted"]'), new RegExp(copNo));
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
  assert.deepEqual(await latinWords(page, ['Console', 'formula']), []);
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
  // A warehouse name too long comes back with the field and the limit in
  // Chinese, the form kept.
  await page.fill('#shipment-form input[name=warehouse]', '仓'.repeat(101));
  await page.click('#shipment-form button[type=submit]');
  assert.match(await page.textContent('#error-shipment'), /保税仓：应为 1 至 100 个字符的文字/);
  assert.equal(await page.inputValue('#shipment-form input[name=lot_quantity]'), '100');
  await page.fill('#shipment-form input[name=warehouse]', '宁波保税仓');
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

test('licences and commitments from the console; a regulator records class, commendation, a broken commitment and a recall', async () => {
  await page.fill('#licence-form input[name=kind]', '食品经营许可证');
  await page.fill('#licence-form input[name=number]', `JY${randomInt(1e9)}`);
  await page.fill('#licence-form input[name=authority]', '宁波市市场监督管理局');
  await page.fill('#licence-form input[name=issued_on]', '2025-01-10');
  await page.click('#licence-form button[type=submit]');
  assert.match(await done('licence'), /许可证照已登记/);
  await page.fill('#commitment-form input[name=text_zh]', '七天无理由退货');
  await page.fill('#commitment-form input[name=text_en]', 'Seven-day returns');
  await page.fill('#commitment-form input[name=since]', '2026-01-01');
  await page.click('#commitment-form button[type=submit]');
  assert.match(await done('commitment'), /承诺已公开/);
  const batch = await page.locator('#batch-list tr').first().getAttribute('data-batch');
  const profile = await (await fetch(`${srv.url}/api/v1/enterprises/${ent.id}`)).json();
  const commitmentId = String(profile.service.commitments.find((c) => c.text_zh === '七天无理由退货').id);

  // A regulator, at the same console.
  const { user, ctx, page: reg } = await signInRegulator('zh-CN');
  await reg.click('#console-link');
  assert.match(await reg.textContent('#console h1'), /监管工作台/);
  await reg.fill('#pick-form input[name=enterprise]', String(ent.id));
  await reg.fill('#pick-form input[name=batch]', batch);
  await reg.fill('#pick-form input[name=commitment]', commitmentId);
  await reg.click('#pick-form button[type=submit]');
  await reg.selectOption('#customs-class-form select[name=customs_class]', 'certified');
  await reg.click('#customs-class-form button[type=submit]');
  await reg.waitForSelector('#done[data-done="customs_class"]');
  await reg.fill('#commendation-form input[name=title_zh]', '诚信经营示范企业');
  await reg.fill('#commendation-form input[name=title_en]', 'Model of honest trading');
  await reg.fill('#commendation-form input[name=authority]', '宁波市市场监督管理局');
  await reg.fill('#commendation-form input[name=decided_on]', '2026-11-01');
  await reg.click('#commendation-form button[type=submit]');
  await reg.waitForSelector('#done[data-done="commendation"]');
  await reg.fill('#broken-form input[name=broken_on]', '2026-11-15');
  await reg.fill('#broken-form input[name=broken_reason]', '拒绝为消费者办理七天无理由退货');
  await reg.click('#broken-form button[type=submit]');
  await reg.waitForSelector('#done[data-done="broken"]');
  // A range beyond the batch is refused, with the reason in Chinese.
  await reg.fill('#status-form input[name=from]', '10');
  await reg.fill('#status-form input[name=to]', '99999');
  await reg.fill('#status-form input[name=reason]', '监管抽检不合格');
  await reg.click('#status-form button[type=submit]');
  assert.match(await reg.textContent('#error-status'), /超出了该批次的数量|批次数量/);
  assert.equal(await reg.inputValue('#status-form input[name=reason]'), '监管抽检不合格');
  await reg.fill('#status-form input[name=to]', '15');
  await reg.click('#status-form button[type=submit]');
  await reg.waitForSelector('#done[data-done="status"]');
  await screenshot(reg, 'console-regulator-zh');
  // The profile shows what the regulator recorded.
  const after = JSON.stringify(await (await fetch(`${srv.url}/api/v1/enterprises/${ent.id}`)).json());
  assert.match(after, /诚信经营示范企业/);
  assert.match(after, /certified/);
  assert.match(after, /拒绝为消费者办理七天无理由退货/);
  // The regulator's penalty form: refused with the reason in Chinese, the
  // form kept; then recorded.
  await reg.goto(`${srv.url}/regulator`);
  await reg.fill('#penalty input[name=enterprise]', ent.uscc);
  await reg.fill('#penalty input[name=decision_no]', `甬市监罚〔2026〕${randomInt(1e6)}号`);
  await reg.fill('#penalty textarea[name=violation]', '销售标签不符合规定的进口食品');
  await reg.fill('#penalty textarea[name=legal_basis]', '《中华人民共和国食品安全法》第一百二十五条');
  await reg.fill('#penalty input[name=penalty]', '警告并罚款');
  await reg.fill('#penalty input[name=amount]', '5000');
  await reg.fill('#penalty input[name=decided_on]', '2099-01-01');
  await reg.fill('#penalty input[name=authority]', '宁波市市场监督管理局');
  await reg.click('#penalty button[type=submit]');
  assert.match(await reg.textContent('#error-penalty'), /处罚决定日期：不能晚于今天/);
  assert.equal(await reg.inputValue('#penalty textarea[name=violation]'), '销售标签不符合规定的进口食品');
  assert.equal(await reg.inputValue('#penalty input[name=enterprise]'), ent.uscc);
  await reg.fill('#penalty input[name=decided_on]', '2026-11-20');
  await reg.click('#penalty button[type=submit]');
  await reg.waitForURL(new RegExp(`/enterprises/${ent.id}$`));
  // The penalty is found by the portal's filters, and not by others.
  const count = async (q) => {
    const r = await fetch(`${srv.url}/api/v1/penalties?enterprise=${ent.id}&${q}`);
    assert.equal(r.status, 200, q);
    return (await r.json()).total;
  };
  assert.equal(await count(`severity=general&authority=${encodeURIComponent('宁波市市场')}`), 1);
  assert.equal(await count('severity=serious'), 0);
  assert.equal(await count('from=2026-11-21'), 0);
  assert.equal(await count('from=2026-11-01&to=2026-11-30'), 1);
  assert.equal((await fetch(`${srv.url}/api/v1/penalties?severity=grave`)).status, 400);
  await reg.goto(`${srv.url}/penalties?authority=${encodeURIComponent('宁波市市场')}&severity=general`);
  assert.equal(await reg.inputValue('#penalty-filter input[name=authority]'), '宁波市市场');
  assert.equal(await reg.inputValue('#penalty-filter select[name=severity]'), 'general');
  // Every change the regulator made is in the audit log, with who and what.
  await reg.goto(`${srv.url}/account`);
  await reg.click('#audit-link');
  await reg.fill('#audit-filter input[name=actor]', user);
  await reg.click('#audit-filter button[type=submit]');
  const routes = await reg.$$eval('#audit-list tr[data-route]', (rows) => rows.map((r) => r.dataset.route));
  for (const r of ['console_enterprise_act', 'console_act', 'console_commitment_act', 'console_batch_act', 'penalty_form']) {
    assert.ok(routes.includes(r), `${r} in ${routes.join()}`);
  }
  const csv = await reg.request.get(`${srv.url}/regulator/audit?actor=${user}&format=csv`);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /^id,at,actor_role,actor,method,path,route,status\r\n/);
  // An enterprise cannot use a regulator's form.
  const denied = await page.request.post(`${srv.url}/console/commendation`, { form: { csrf: await page.inputValue('#product-form input[name=csrf]'), enterprise_id: String(ent.id), title_zh: 'x' } });
  assert.equal(denied.status(), 404);
  await ctx.close();
});

test('an objection to a penalty from the account page; the regulator corrects the penalty and answers, in English', async () => {
  const listed = await (await fetch(`${srv.url}/api/v1/penalties?enterprise=${ent.id}`)).json();
  assert.equal(listed.total, 1);
  const penalty = listed.items[0];
  // The enterprise, in Chinese: the penalty is one of the facts it can
  // object to; a second objection to the same fact is refused in Chinese.
  await page.goto(`${srv.url}/account`);
  await page.selectOption('#objection-form select[name=fact]', `penalty:${penalty.id}`);
  await page.fill('#objection-form textarea[name=grounds]', '罚款金额计算有误，应为三千元');
  await page.click('#objection-form button[type=submit]');
  await page.waitForSelector('#objection-filed');
  assert.equal(await page.getAttribute('#my-objections li', 'data-status'), 'pending');
  await page.selectOption('#objection-form select[name=fact]', `penalty:${penalty.id}`);
  await page.fill('#objection-form textarea[name=grounds]', '再次提出');
  await page.click('#objection-form button[type=submit]');
  assert.match(await page.textContent('#error-objection'), /异议正在等待答复/);
  assert.equal(await page.inputValue('#objection-form textarea[name=grounds]'), '再次提出');
  assert.deepEqual(await latinWords(page, ['Console', 'formula']), []);
  await screenshot(page, 'account-objection-zh');

  // The regulator, in English: the objection waits on the desk, its link
  // fills the correction form with the decision number.
  const { ctx, page: reg } = await signInRegulator('en-US');
  await reg.goto(`${srv.url}/regulator?lang=en`);
  const waiting = reg.locator('#objections .objection', { hasText: penalty.decision_no });
  assert.match(await waiting.textContent(), /罚款金额计算有误/);
  await waiting.locator('a.correct-link').click();
  assert.equal(await reg.inputValue('#revision input[name=decision_no]'), penalty.decision_no);
  // A fine that is not a number is refused in English, the form kept.
  await reg.fill('#revision input[name=amount]', 'three thousand');
  await reg.fill('#revision textarea[name=reason]', 'The fine was miscalculated');
  await reg.click('#revision button[type=submit]');
  assert.match(await reg.textContent('#error-revision'), /fine in yuan/i);
  assert.equal(await reg.inputValue('#revision textarea[name=reason]'), 'The fine was miscalculated');
  await reg.fill('#revision input[name=amount]', '3000');
  await reg.click('#revision button[type=submit]');
  await reg.waitForURL(new RegExp(`/enterprises/${ent.id}`));
  const revision = reg.locator('.revision[data-kind="correction"]');
  assert.match(await revision.textContent(), /The fine was miscalculated/);
  assert.match(await revision.locator('del').textContent(), /5,?000/);
  // Then the answer, published with the fact.
  await reg.goto(`${srv.url}/regulator?lang=en`);
  const form = reg.locator('#objections .objection', { hasText: penalty.decision_no });
  await form.locator('textarea[name=answer]').fill('Upheld: the fine is corrected to 3000 yuan.');
  await form.locator('button[value=uphold]').click();
  await reg.waitForSelector('#objection-answered');
  await screenshot(reg, 'regulator-objections-en');
  await ctx.close();

  // The enterprise sees the answer; the public page shows the corrected
  // fine, the correction and the answered objection.
  await page.goto(`${srv.url}/account`);
  assert.equal(await page.getAttribute('#my-objections li', 'data-status'), 'upheld');
  await page.goto(`${srv.url}/enterprises/${ent.id}`);
  assert.match(await page.textContent('.objection[data-status="upheld"]'), /the fine is corrected/);
  const after = await (await fetch(`${srv.url}/api/v1/penalties?enterprise=${ent.id}`)).json();
  assert.equal(after.items[0].amount_fen, 300000);
});

test("an alert opens the code's scan history, in Chinese and in English", async () => {
  // A copied label: the same code from many networks raises an alert.
  await page.goto(`${srv.url}/console`);
  const batch = await page.locator('#batch-list tr').last().getAttribute('data-batch');
  const codes = await (await fetch(`${srv.url}/api/v1/batches/${batch}/codes`, { headers: { Authorization: `Bearer ${ent.key}` } })).text();
  const uri = codes.trim().split('\n')[7].replace(/^https?:\/\/[^/]+/, srv.url);
  for (let i = 1; i <= 50; i++) {
    await get(uri, { localAddress: `127.0.${(i % 17) + 40}.${i}`, headers: { Accept: 'application/json', 'User-Agent': `Mozilla/5.0 (Linux; Android 14) phone ${i}` } });
  }
  await page.goto(`${srv.url}/console`);
  const link = page.locator(`#alert-list tr a.history-link[href="/console/batches/${batch}/codes/7"]`);
  await link.click();
  await page.waitForURL(new RegExp(`/console/batches/${batch}/codes/7$`));
  assert.match(await page.textContent('#code h1'), /扫码记录/);
  assert.match(await page.textContent('#code-count'), /^\s*50\b/);
  assert.equal(await page.locator('#scan-list tr[data-verdict]').count(), 50);
  assert.equal(await page.locator('#scan-list tr[data-verdict="suspect"]').first().isVisible(), true);
  assert.match(await page.textContent('#scan-list'), /安卓手机 · 接口/);
  assert.equal(await page.locator('#code-alerts [data-state="open"]').count(), 1);
  assert.deepEqual(await latinWords(page, ['http']), [], 'only the code address is Latin');
  await screenshot(page, 'console-code-history-zh');
  await page.goto(`${srv.url}/console/batches/${batch}/codes/7?lang=en`);
  assert.match(await page.textContent('#code-scans h2'), /Latest scans/);
  assert.match(await page.textContent('#scan-list'), /Android phone · API/);
  await page.goto(`${srv.url}/console?lang=zh`);
});

test('a label export shows its progress beside the link until the file is made', async () => {
  await page.goto(`${srv.url}/console`);
  const gtin = await page.locator('#product-list tr').first().getAttribute('data-gtin');
  await page.selectOption('#batch-form select[name=gtin]', gtin);
  await page.fill('#batch-form input[name=count]', '4000');
  await page.click('#batch-form button[type=submit]');
  await done('batch');
  const batch = await page.locator('#batch-list tr').first().getAttribute('data-batch');
  const box = `#export-${batch}`;
  assert.equal(await page.isHidden(box), true);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`#batch-list tr[data-batch="${batch}"] a[data-export][href$="format=pdf"]`),
  ]);
  assert.equal(await page.isVisible(`${box} progress`), true);
  assert.match(download.url(), /&progress=[a-z0-9]+$/);
  assert.ok(statSync(await download.path()).size > 100000, 'the whole file arrived');
  await page.waitForFunction((sel) => /已生成/.test(document.querySelector(`${sel} .export-text`).textContent), box);
  assert.equal(await page.$eval(`${box} progress`, (p) => p.value), 4000);
  await screenshot(page, 'console-export-progress-zh');
});
