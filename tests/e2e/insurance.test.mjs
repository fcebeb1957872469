// insurance.test.mjs: a consumer claims from a code's page on a phone and
// follows the claim; an insurer's handler signs in, sees the automatic
// checks, records an appraisal, approves and pays; the ledger, the
// recovery and the enterprise's rating show it. A second claim on the item
// is refused, a forged code cannot start one, an advance payment by the
// platform redirects the insurer's payment, and concurrent approvals never
// pass the policy's aggregate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startServer, newBatch, launchBrowser, cli, account } from './harness.mjs';

const BUYER = '13911112222'; // the buyer's phone, as the harness declares it
let srv;
let browser;
let lot;
let regKey;
let user;
let password;
const policyNo = `E2E-${randomInt(1e9)}`;

async function json(method, path, body, headers = {}) {
  const r = await fetch(`${srv.url}${path}`, {
    method, headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let j;
  try { j = JSON.parse(text); } catch { j = undefined; }
  return { status: r.status, json: j, text };
}

// An insurer's session for the API: the cookie and its CSRF token.
async function session(name, pw) {
  const form = await fetch(`${srv.url}/login`);
  const login = form.headers.get('set-cookie').split(';')[0];
  const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const r = await fetch(`${srv.url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: login },
    body: new URLSearchParams({ username: name, password: pw, csrf }),
  });
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const page = await (await fetch(`${srv.url}/desk/policies`, { headers: { Cookie: cookie } })).text();
  return { Cookie: cookie, 'X-CSRF-Token': page.match(/name="csrf" value="([^"]+)"/)[1] };
}

// The insurer's handler, signed in, in Chinese.
async function insurerDesk() {
  const desk = await browser.newContext({ locale: 'zh-CN' });
  const p = await desk.newPage();
  await p.goto(`${srv.url}/login`);
  await p.fill('input[name=username]', user);
  await p.fill('input[name=password]', password);
  await p.click('button[type=submit]');
  return { desk, p };
}

async function claim(code, extra = {}) {
  return json('POST', '/api/v1/claims', {
    code, reason: 'quality_defect', amount_fen: 1000, order_no: 'O-1', description: '包装内有异物，无法使用。',
    phone: BUYER, purchased_on: '2026-11-21', ...extra,
  });
}

before(async () => {
  // On a day of the loaded calendar, a few days after the harness's
  // declarations (imported 2026-11-20), so that every clock has its due
  // date.
  srv = await startServer({ BONDTRACE_RATE_INTAKE: '100000', BONDTRACE_CLOCK: '2026-11-25T02:00:00Z' });
  lot = await newBatch(srv.url, 150);
  const r = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e insurance');
  assert.equal(r.status, 0, r.stderr);
  regKey = r.stdout;
  ({ name: user, pw: password } = account('insurer', ['--insurer', 'picc-nb']));
  // The policy: every product of the enterprise, a small aggregate.
  const p = await json('POST', '/api/v1/policies', {
    insurer: 'picc-nb', number: policyNo, enterprise_id: lot.ent.id, starts_on: '2026-01-01', ends_on: '2099-12-31',
    per_claim_fen: 1000, aggregate_fen: 30000, deductible_fen: 0, claim_days: 3650,
  }, { Authorization: `Bearer ${regKey}` });
  assert.equal(p.status, 201, p.text);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a consumer claims from the product page on a phone; the insurer appraises, approves and pays', async () => {
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto(lot.codes[0].replace(/^https?:\/\/[^/]+/, srv.url));
  assert.match(await page.textContent('#insured-by'), /中国人民财产保险股份有限公司宁波市分公司.*2099-12-31/);
  await page.click('#claim-button');
  assert.match(page.url(), /\/claims\/new\?code=/);
  await page.selectOption('select[name=reason]', 'quality_defect');
  await page.fill('input[name=amount]', '10');
  await page.fill('input[name=order_no]', 'O-1');
  await page.fill('input[name=purchased_on]', '2026-11-21');
  await page.fill('textarea[name=description]', '罐内有异物，无法食用。');
  await page.fill('input[name=phone]', BUYER);
  await page.click('#claim-submit');
  await page.waitForSelector('#filed');
  const url = new URL(page.url());
  const number = (await page.textContent('#claim-number')).trim();
  const token = url.searchParams.get('token');
  assert.match(number, /^LP\d{14}$/);
  assert.equal(await page.getAttribute('#claim-state', 'data-state'), 'checked');
  assert.equal(await page.getAttribute('[data-check="auto.claimant_buyer"]', 'data-ok'), 'true');
  assert.match(await page.textContent('[data-check="auto.claimant_buyer"]'), /申请人与申报的购买人一致/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 412, `the claim page fits a phone (${width}px)`);
  // The same claim in English, and what the claimant may do.
  await page.goto(`${srv.url}/claims/${number}?token=${token}&lang=en`);
  assert.match(await page.textContent('#claim-state'), /Waiting for the insurer/);
  assert.ok(await page.$('#act-withdrawn'));
  assert.equal(await page.$('#act-accepted'), null);
  await phone.close();

  // The insurer's handler, at the desk.
  const { desk, p } = await insurerDesk();
  await p.goto(`${srv.url}/desk/claims?view=new`);
  assert.ok(await p.$(`tr[data-number="${number}"]`), 'the new claim waits on the insurer desk');
  const csv = await p.request.get(`${srv.url}${await p.getAttribute('#queue-csv', 'href')}`);
  assert.equal(csv.status(), 200);
  const rows = await csv.text();
  assert.match(rows, /^number,state,reason,amount_fen,/);
  assert.ok(rows.includes(number));
  assert.ok(!rows.includes(BUYER), 'no claimant contact in the export');
  await p.click(`a[href="/claims/${number}"]`);
  assert.match(await p.textContent('#checks'), /auto\.declared/);
  assert.match(await p.textContent('#contact'), new RegExp(BUYER));
  await p.click('#act-accepted button');
  assert.equal(await p.getAttribute('#claim-state', 'data-state'), 'accepted');
  assert.equal(await p.getAttribute('[data-clock="decision"]', 'data-state'), 'running');
  await p.fill('#act-appraisal_started input[name=lab]', '宁波检验检疫科学技术研究院');
  await p.click('#act-appraisal_started button');
  await p.selectOption('#act-appraisal_recorded select[name=result]', 'defect_confirmed');
  await p.click('#act-appraisal_recorded button');
  // Above the claim: refused, and said so on the form in Chinese.
  await p.fill('#act-approved input[name=amount]', '12');
  await p.click('#act-approved button');
  assert.match(await p.textContent('#act-approved .error'), /不能超过申请金额/);
  await p.fill('#act-approved input[name=amount]', '10');
  await p.click('#act-approved button');
  assert.equal(await p.getAttribute('#claim-state', 'data-state'), 'approved');
  assert.equal(await p.getAttribute('#ledger', 'data-payable'), '1000');
  assert.equal(await p.getAttribute('[data-clock="payment"]', 'data-state'), 'running');
  await p.click('#act-paid button');
  assert.equal(await p.getAttribute('#claim-state', 'data-state'), 'paid');
  assert.equal(await p.getAttribute('#recovery', 'data-balance'), '1000');
  assert.equal(await p.getAttribute('.payee', 'data-payee'), 'consumer');
  await p.click('#act-closed button');
  assert.equal(await p.getAttribute('#claim-state', 'data-state'), 'closed');
  await desk.close();

  // The claimant follows it; the rating and profile show it.
  const mine = await json('GET', `/api/v1/claims/${number}?token=${token}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.json.paid_fen, 1000);
  assert.equal(mine.json.contact, undefined, 'no contact data for the claimant view');
  assert.equal(mine.json.events.find((e) => e.kind === 'accepted').actor, null, 'no handler names for the claimant');
  const rating = (await json('GET', `/api/v1/enterprises/${lot.ent.id}/rating`)).json;
  assert.equal(rating.facts.insured, 1);
  assert.equal(rating.facts.claims_paid, 1);
  assert.ok(rating.result.factors.find((f) => f.code === 'claims_paid').points < 0, 'a paid claim costs points, with its reason');
  const profile = (await json('GET', `/api/v1/enterprises/${lot.ent.id}`)).json;
  assert.equal(profile.service.insurance[0].policy_no, policyNo);
  assert.equal(profile.service.claims.claims_paid, 1);
  assert.deepEqual(profile.policies.map((x) => x.policy_no), [policyNo], 'the profile lists its active policies');
  assert.doesNotMatch(JSON.stringify(profile), new RegExp(BUYER));
});

test('one live claim per item; forged codes, bad input and wrong tokens are refused', async () => {
  const first = await claim(lot.codes[1]);
  assert.equal(first.status, 201, first.text);
  const again = await claim(lot.codes[1], { phone: '13800000001' });
  assert.equal(again.status, 409);
  assert.match(again.json.message, new RegExp(first.json.number));
  // Two at once on a fresh item: exactly one wins.
  const both = await Promise.all([claim(lot.codes[2]), claim(lot.codes[2])]);
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  const forged = lot.codes[3].slice(0, -1) + (lot.codes[3].endsWith('0') ? '1' : '0');
  assert.equal((await claim(forged)).status, 404);
  const page = await fetch(`${srv.url}/claims/new?code=${encodeURIComponent(forged)}`);
  assert.equal(page.status, 404);
  assert.match(await page.text(), /not_genuine|不是|not issued/);
  assert.match((await claim(lot.codes[3], { amount_fen: 1001 })).json.message, /declared price/);
  assert.match((await claim(lot.codes[3], { reason: 'bored' })).json.message, /^reason:/);
  assert.match((await claim(lot.codes[3], { amount_fen: -5 })).json.message, /^amount_fen:/);
  assert.match((await claim(lot.codes[3], { colour: 'red' })).json.message, /colour/);
  assert.equal((await json('GET', `/api/v1/claims/${first.json.number}?token=${'0'.repeat(32)}`)).status, 404);
  assert.equal((await json('GET', `/api/v1/claims/${first.json.number}`)).status, 404);
  // A refused transition answers 409 with what is allowed.
  const early = await json('POST', `/api/v1/claims/${first.json.number}/events`,
    { event: 'closed', token: first.json.token });
  assert.equal(early.status, 409);
  assert.match(early.json.message, /not yours/);
  const withdrawn = await json('POST', `/api/v1/claims/${first.json.number}/events`,
    { event: 'withdrawn', token: first.json.token });
  assert.equal(withdrawn.status, 200, withdrawn.text);
  // Withdrawn, the item is free again.
  assert.equal((await claim(lot.codes[1])).status, 201);
});

// No run of Latin letters in a Chinese message, but for codes and units.
const LATIN = /[A-Za-z]{3,}/;

test('refused forms come back filled in, the reason in the page\'s language', async () => {
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 }, isMobile: true });
  const page = await phone.newPage();
  const form = `${srv.url}/claims/new?code=${encodeURIComponent(lot.codes[5])}`;
  const refused = async (fill) => {
    await page.goto(form);
    await page.fill('input[name=amount]', '5');
    await page.fill('input[name=order_no]', 'O-5');
    await page.fill('textarea[name=description]', '罐内有异物，无法食用。');
    await page.fill('input[name=phone]', BUYER);
    await fill();
    await page.click('#claim-submit');
    await page.waitForSelector('#form-error');
    return (await page.textContent('#form-error')).trim();
  };
  const future = await refused(() => page.fill('input[name=purchased_on]', '2026-12-20'));
  assert.match(future, /购买日期.*不能晚于今天/);
  assert.doesNotMatch(future, LATIN, future);
  assert.equal(await page.inputValue('input[name=order_no]'), 'O-5');
  assert.equal(await page.inputValue('textarea[name=description]'), '罐内有异物，无法食用。');
  const words = await refused(() => page.fill('input[name=amount]', 'abc'));
  assert.match(words, /以元为单位/);
  assert.doesNotMatch(words, LATIN, words);
  const above = await refused(() => page.fill('input[name=amount]', '99'));
  assert.match(above, /申报的价格 10\.00 元/);
  await page.goto(`${form}&lang=en`);
  await page.fill('input[name=amount]', '99');
  await page.fill('input[name=order_no]', 'O-5');
  await page.fill('textarea[name=description]', 'Lumps in the tin.');
  await page.fill('input[name=phone]', BUYER);
  await page.click('#claim-submit');
  await page.waitForSelector('#form-error');
  assert.match(await page.textContent('#form-error'), /at most the item's declared price, 10\.00 yuan/);
  await phone.close();

  // An insurer's policy form: the same, and a GTIN-13 is taken as a GTIN.
  const { desk, p } = await insurerDesk();
  await p.goto(`${srv.url}/desk/policies`);
  const number = `F-${randomInt(1e9)}`;
  await p.fill('input[name=number]', number);
  await p.fill('input[name=enterprise_id]', String(lot.ent.id));
  await p.fill('textarea[name=gtins]', '12345');
  await p.fill('input[name=starts_on]', '2026-01-01');
  await p.fill('input[name=ends_on]', '2026-12-31');
  await p.fill('input[name=per_claim]', '100');
  await p.fill('input[name=aggregate]', '1000');
  await p.click('#policy-form button[type=submit]');
  await p.waitForSelector('#form-error');
  const bad = (await p.textContent('#form-error')).trim();
  assert.match(bad, /承保商品.*校验位/);
  assert.doesNotMatch(bad.replace('GTIN', ''), LATIN, bad);
  assert.equal(await p.inputValue('input[name=number]'), number);
  assert.equal(await p.inputValue('input[name=per_claim]'), '100');
  const gtin14 = lot.codes[0].match(/\/01\/(\d{14})/)[1];
  await p.fill('textarea[name=gtins]', gtin14.slice(1));
  await p.click('#policy-form button[type=submit]');
  await p.waitForSelector(`tr[data-policy="${number}"]`);
  assert.match(await p.textContent(`tr[data-policy="${number}"]`), new RegExp(gtin14));
  // Approving a claim whose checks failed: the handler is told which.
  const stranger = await claim(lot.codes[6], { phone: '13800000006' });
  assert.equal(stranger.status, 201, stranger.text);
  await p.goto(`${srv.url}/claims/${stranger.json.number}`);
  await p.click('#act-accepted button');
  assert.match(await p.textContent('#failed-checks-warning'), /批准或支付前请逐项确认.*申请人/);
  // The desk and a profile with licences fit a phone: wide tables scroll
  // inside themselves.
  await p.setViewportSize({ width: 412, height: 915 });
  for (const path of ['/desk/claims', '/desk/policies', '/enterprises/1']) {
    await p.goto(`${srv.url}${path}`);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 412, `${path} is ${width}px wide on a phone`);
  }
  await desk.close();
});

test('a claimant who lost the access code gets a new one with the number and the phone', async () => {
  const filed = await claim(lot.codes[7], { phone: '13800000007' });
  assert.equal(filed.status, 201, filed.text);
  const wrong = await json('POST', '/api/v1/claims/recover', { number: filed.json.number, phone: '13800000008' });
  assert.equal(wrong.status, 404);
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`${srv.url}/claims/recover`);
  await page.fill('#recover-form input[name=number]', filed.json.number);
  await page.fill('#recover-form input[name=phone]', '13800000009');
  await page.click('#recover-form button[type=submit]');
  assert.match(await page.textContent('#form-error'), /没有用此手机号提交的该编号记录/);
  assert.equal(await page.inputValue('#recover-form input[name=number]'), filed.json.number);
  await page.fill('#recover-form input[name=phone]', '13800000007');
  await page.click('#recover-form button[type=submit]');
  await page.waitForSelector('#claim-number');
  assert.equal((await page.textContent('#claim-number')).trim(), filed.json.number);
  const token = new URL(page.url()).searchParams.get('token');
  assert.match(token, /^[0-9a-f]{32}$/);
  await phone.close();
  // The new code opens the claim; the old one no longer does.
  assert.equal((await json('GET', `/api/v1/claims/${filed.json.number}?token=${token}`)).status, 200);
  assert.equal((await json('GET', `/api/v1/claims/${filed.json.number}?token=${filed.json.token}`)).status, 404);
});

test('paid in advance by the platform: the insurer pays the platform and recovers from the importer', async () => {
  const c = await claim(lot.codes[4]);
  assert.equal(c.status, 201, c.text);
  const ent = { Authorization: `Bearer ${lot.ent.key}` };
  const adv = await json('POST', `/api/v1/claims/${c.json.number}/events`,
    { event: 'advance_recorded', payer: 'platform', payer_name: '测试平台', amount_fen: 1000 }, ent);
  assert.equal(adv.status, 200, adv.text);
  const ins = await session(user, password);
  for (const [event, body] of [['accepted', {}], ['approved', { loss_fen: 1000 }], ['paid', {}]]) {
    const r = await json('POST', `/api/v1/claims/${c.json.number}/events`, { event, ...body }, ins);
    assert.equal(r.status, 200, `${event}: ${r.text}`);
  }
  const view = (await json('GET', `/api/v1/claims/${c.json.number}`, null, ins)).json;
  const paid = view.events.find((e) => e.kind === 'paid');
  assert.deepEqual(paid.data.to, [{ payee: 'platform', amount_fen: 1000 }]);
  assert.equal(view.recovery.against.id, lot.ent.id);
  assert.match(view.recovery.basis, /Art\. 60/);
  assert.equal(view.recovery.balance_fen, 1000);
  const list = (await json('GET', '/api/v1/claims?view=all', null, ent)).json;
  assert.ok(list.recoveries.some((r) => r.claim === c.json.number), 'the enterprise sees the recovery against it');
  assert.ok(list.items.every((i) => i.enterprise.id === lot.ent.id), 'and only its own claims');
});

test('concurrent approvals against one policy never pass its aggregate limit', async () => {
  const ins = await session(user, password);
  const numbers = [];
  for (let i = 10; i < 110; i++) {
    const c = await claim(lot.codes[i]);
    assert.equal(c.status, 201, c.text);
    numbers.push(c.json.number);
    const a = await json('POST', `/api/v1/claims/${c.json.number}/events`, { event: 'accepted' }, ins);
    assert.equal(a.status, 200, a.text);
  }
  const before = (await json('GET', '/api/v1/policies', null, ins)).json.items.find((p) => p.number === policyNo);
  const results = await Promise.all(numbers.map((n) =>
    json('POST', `/api/v1/claims/${n}/events`, { event: 'approved', loss_fen: 1000 }, ins)));
  const ok = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 409);
  assert.equal(ok.length + refused.length, numbers.length, results.find((r) => r.status !== 200 && r.status !== 409)?.text);
  const after = (await json('GET', '/api/v1/policies', null, ins)).json.items.find((p) => p.number === policyNo);
  assert.equal(after.used_fen, before.used_fen + ok.length * 1000);
  assert.ok(after.used_fen <= after.aggregate_fen, `used ${after.used_fen} of ${after.aggregate_fen}`);
  assert.equal(after.used_fen, after.aggregate_fen, 'the limit is used up to the fen');
  assert.match(refused[0].json.message, /aggregate limit/);
});
