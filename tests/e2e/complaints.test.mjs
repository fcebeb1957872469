// complaints.test.mjs: a consumer files a complaint from a code's page on
// a phone and follows it; the enterprise answers with its key; a
// regulator accepts it, tests (the mediation clock pauses and resumes with
// the right due date), records an agreement and closes it. Refused
// transitions answer 409, a wrong access code looks like no case, and no
// contact data reaches a public answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { startServer, newBatch, BIN, launchBrowser, cli } from './harness.mjs';

const PHONE = '13911112222'; // the buyer's, as the harness declares it
let srv;
let browser;
let lot;
let user;
let password;

async function act(url, number, event, body, headers = {}) {
  const r = await fetch(`${url}/api/v1/complaints/${number}/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ event, ...body }),
  });
  return { status: r.status, json: await r.json() };
}

before(async () => {
  // Made on today's clock; the cases below run on fixed days of 2026,
  // which the loaded calendar covers.
  const now = await startServer();
  lot = await newBatch(now.url, 4);
  await now.stop();
  user = `reg${randomInt(1e9)}`;
  password = `pw-${randomInt(1e12)}-long`;
  const made = spawnSync(BIN, ['account', 'add', '--username', user, '--role', 'regulator'],
    { input: `${password}\n`, encoding: 'utf8', env: process.env });
  assert.equal(made.status, 0, made.stderr);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function signIn(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}

test('a complaint goes from a phone to a closed case on legal clocks', async () => {
  srv = await startServer({ BONDTRACE_CLOCK: '2026-06-01T02:00:00Z' });
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 }, isMobile: true });
  const page = await phone.newPage();
  const code = lot.codes[0].replace(/^https?:\/\/[^/]+/, srv.url);
  await page.goto(code);
  await page.click('#complain button[value=complaint]');
  assert.match(page.url(), /\/complaints\/new\?/);
  assert.match(await page.locator('#about').innerText(), new RegExp(lot.gtin));
  assert.match(await page.locator('#about').innerText(), /测试平台/);
  await page.selectOption('select[name=category]', 'quality');
  await page.selectOption('select[name=demand]', 'refund');
  await page.fill('input[name=amount]', '199');
  await page.fill('textarea[name=description]', '开罐后发现奶粉结块，有异味。');
  await page.fill('input[name=phone]', PHONE);
  await page.fill('input[name=name]', '赵测试');
  await page.click('#intake-form button[type=submit]');
  assert.match(page.url(), /\/complaints\/TS\d{14}\?token=[0-9a-f]{32}/);
  assert.match(await page.locator('#filed').innerText(), /请保存本页链接/);
  const [, number, token] = page.url().match(/\/complaints\/(TS\d{14})\?token=([0-9a-f]{32})/);
  assert.equal(await page.locator('#case-state').getAttribute('data-state'), 'received');
  // Whether the phone is the declared buyer's is the office's to know.
  assert.equal(await page.locator('[data-flag=complainant_is_buyer]').count(), 0);
  // Acceptance: 7 working days from Monday 06-01; 06-19 is a holiday
  // later on, not in this count.
  assert.equal(await page.locator('[data-clock=acceptance]').getAttribute('data-due'), '2026-06-10');
  assert.equal(await page.locator('#contact').count(), 0);
  // Nothing fits off a 412 px screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 412, `page is ${width}px wide`);
  // Evidence: a camera photo goes up from the case page and comes back a
  // plain PNG, its EXIF gone; the sixth is refused.
  const exif = new URL('../data/images/tools/jpeg-exif-rot90.jpg', import.meta.url).pathname;
  await page.setInputFiles('#photo-form input[name=photo]', exif);
  await page.click('#photo-form button[type=submit]');
  assert.match(page.url(), new RegExp(`/complaints/${number}\\?token=${token}`));
  const src = await page.locator('#photos img').first().getAttribute('src');
  const img = await fetch(`${srv.url}${src}`);
  assert.equal(img.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await img.arrayBuffer());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.ok(!bytes.includes(Buffer.from('Exif')));
  assert.equal((await fetch(`${srv.url}${src.replace(/token=[0-9a-f]+/, 'token=0')}`)).status, 404);
  const jpeg = (await import('node:fs')).readFileSync(exif);
  for (let i = 0; i < 4; i++) {
    const up = await fetch(`${srv.url}/api/v1/complaints/${number}/photos?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'image/jpeg' }, body: jpeg });
    assert.equal(up.status, 201);
  }
  const sixth = await fetch(`${srv.url}/api/v1/complaints/${number}/photos?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'image/jpeg' }, body: jpeg });
  assert.equal(sixth.status, 413);
  const notPhoto = await fetch(`${srv.url}/api/v1/complaints/${number}/photos?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: 'not a png' });
  assert.equal(notPhoto.status, 400);

  // The English page keeps the access code.
  await page.click('a[hreflang=en]');
  assert.match(page.url(), new RegExp(`token=${token}`));
  assert.match(await page.locator('#case h1').innerText(), /Complaint/);

  // The access code is the key: anything else looks like no case.
  const wrong = await fetch(`${srv.url}/api/v1/complaints/${number}?token=${'0'.repeat(32)}`);
  assert.equal(wrong.status, 404);
  const none = await fetch(`${srv.url}/api/v1/complaints/${number}`);
  assert.equal(none.status, 404);
  const mine = await (await fetch(`${srv.url}/api/v1/complaints/${number}?token=${token}`)).json();
  assert.equal(mine.contact, undefined);
  assert.ok(!JSON.stringify(mine).includes(PHONE));

  // The enterprise sees it in its list, with the contact while its
  // window runs, and answers.
  const key = { Authorization: `Bearer ${lot.ent.key}` };
  const list = await (await fetch(`${srv.url}/api/v1/complaints`, { headers: key })).json();
  assert.ok(list.items.some((c) => c.number === number));
  const seen = await (await fetch(`${srv.url}/api/v1/complaints/${number}`, { headers: key })).json();
  assert.equal(seen.contact.phone, PHONE);
  let r = await act(srv.url, number, 'accepted', {}, key);
  assert.equal(r.status, 409);
  assert.match(r.json.message, /allowed now: message responded proposed refused/);
  r = await act(srv.url, number, 'responded', { text: '已联系消费者，安排退货检测。' }, key);
  assert.equal(r.status, 200);
  assert.equal(r.json.clocks.find((c) => c.clock === 'enterprise').state, 'met');
  // A consumer cannot close, and bad data names its member.
  r = await act(srv.url, number, 'closed', { token });
  assert.equal(r.status, 409);
  r = await act(srv.url, number, 'message', { token, text: '', extra: 1 });
  assert.equal(r.status, 400);

  // The regulator works the case from the desk.
  const desk = await browser.newContext({ locale: 'zh-CN' });
  const reg = await signIn(desk, srv.url);
  await reg.goto(`${srv.url}/desk/complaints?view=open`);
  // The queue as CSV, as filtered, without the complainant's contact.
  const csv = await reg.request.get(`${srv.url}${await reg.getAttribute('#queue-csv', 'href')}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-disposition'], /complaints\.csv/);
  const rows = await csv.text();
  assert.match(rows, /^number,kind,state,category,received_on,next_due,next_clock,overdue,flags,enterprise\.id,enterprise\.name_zh,enterprise\.name_en\r\n/);
  assert.ok(rows.includes(number));
  assert.ok(!rows.includes(PHONE), 'no contact in the export');
  await reg.click(`tr[data-number=${number}] a`);
  assert.match(await reg.locator('#contact').innerText(), new RegExp(PHONE));
  assert.equal(await reg.locator('[data-flag=complainant_is_buyer]').count(), 1);
  await reg.click('#act-accepted button');
  assert.equal(await reg.locator('#case-state').getAttribute('data-state'), 'accepted');
  // Order 121: 60 natural days from acceptance on 06-01.
  assert.equal(await reg.locator('[data-clock=mediation]').getAttribute('data-due'), '2026-07-31');
  await reg.click('#act-mediation_started button');
  await reg.fill('#act-testing_started input[name=lab]', '宁波检验检疫科学技术研究院');
  await reg.selectOption('#act-testing_started select[name=payer]', 'enterprise');
  await reg.click('#act-testing_started button');
  assert.equal(await reg.locator('#case-state').getAttribute('data-state'), 'testing');
  assert.equal(await reg.locator('[data-clock=mediation]').getAttribute('data-state'), 'paused');
  assert.equal(await reg.locator('#act-message textarea').count(), 1);
  await srv.stop();

  // Ten days later testing ends: the ten days do not count.
  srv = await startServer({ BONDTRACE_CLOCK: '2026-06-11T02:00:00Z' });
  await reg.goto(`${srv.url}/complaints/${number}`);
  await reg.click('#act-testing_ended button');
  assert.equal(await reg.locator('[data-clock=mediation]').getAttribute('data-state'), 'running');
  assert.equal(await reg.locator('[data-clock=mediation]').getAttribute('data-due'), '2026-08-10');
  // A refused action comes back to its form, with the reason and what
  // was entered.
  await reg.fill('#act-agreement input[name=amount]', 'a lot');
  await reg.fill('#act-agreement textarea[name=text]', '企业全额退款 199 元。');
  const refused = reg.waitForResponse((x) => x.url().endsWith('/events') && x.request().method() === 'POST');
  await reg.click('#act-agreement button');
  assert.equal((await refused).status(), 400);
  // in the page's language
  assert.match(await reg.locator('#act-agreement.failed .error').innerText(), /金额：必填/);
  assert.equal(await reg.locator('#act-agreement textarea[name=text]').inputValue(), '企业全额退款 199 元。');
  assert.equal(await reg.locator('#case-state').getAttribute('data-state'), 'mediation');
  await reg.fill('#act-agreement input[name=amount]', '199');
  await reg.click('#act-agreement button');
  assert.equal(await reg.locator('#case-state').getAttribute('data-state'), 'agreed');
  await reg.click('#act-closed button');
  assert.equal(await reg.locator('#case-state').getAttribute('data-state'), 'closed');
  assert.equal(await reg.locator('#act-message').count(), 0);

  // The consumer follows the case to its end.
  await page.goto(`${srv.url}/complaints/${number}?token=${token}`);
  assert.equal(await page.locator('#case-state').getAttribute('data-state'), 'closed');
  assert.equal(await page.locator('[data-event=agreement]').count(), 1);
  const closed = await (await fetch(`${srv.url}/api/v1/complaints/${number}?token=${token}`)).json();
  assert.equal(closed.outcome.upheld, true);
  assert.equal(closed.outcome.answered_in_window, true);

  // The outcome, frozen at closure, counts in category 6 and the rating.
  const recompute = cli('credit', 'recompute');
  assert.equal(recompute.status, 0, recompute.stderr);
  const profile = await (await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}`)).json();
  assert.equal(profile.complaints.complaints, 1);
  assert.equal(profile.complaints.upheld, 1);
  assert.equal(profile.complaints.answered_in_window, 1);
  assert.ok(!JSON.stringify(profile).includes(PHONE));
  assert.ok(!JSON.stringify(profile).includes('赵测试'));
  const rating = await (await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}/rating`)).json();
  const upheld = rating.result.factors.find((f) => f.code === 'complaints_upheld');
  assert.ok(upheld.points < 0, JSON.stringify(upheld));
  await page.goto(`${srv.url}/enterprises/${lot.ent.id}`);
  assert.match(await page.locator('#rating').innerText(), /投诉经调解或和解成立|Upheld complaints/);
  assert.equal(await page.locator('#c-upheld').innerText(), '1');
  const stats = await (await fetch(`${srv.url}/api/v1/statistics`)).json();
  assert.ok(stats.complaints.upheld >= 1);
  assert.ok(!JSON.stringify(stats).includes(PHONE));
  await phone.close();
  await desk.close();
});

test('a copied code can only be reported, and goes to the regulator', async () => {
  srv ??= await startServer({ BONDTRACE_CLOCK: '2026-06-11T02:00:00Z' });
  const forged = lot.codes[1].replace(/^https?:\/\/[^/]+/, srv.url).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  let r = await fetch(`${srv.url}/api/v1/complaints`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'complaint', code: forged, category: 'counterfeit', demand: 'refund', description: 'Looks fake to me.' }),
  });
  assert.equal(r.status, 400);
  assert.match((await r.json()).message, /file a report/);
  r = await fetch(`${srv.url}/api/v1/complaints`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'report', code: forged, category: 'counterfeit', description: 'Bought on a livestream; the code fails.' }),
  });
  assert.equal(r.status, 201);
  const { number, token } = await r.json();
  const view = await (await fetch(`${srv.url}/api/v1/complaints/${number}?token=${token}`)).json();
  assert.equal(view.enterprise, null);
  assert.deepEqual(view.flags, ['not_genuine_code']);
  assert.equal(view.snapshot.verdict, 'not_genuine');
  assert.deepEqual(view.clocks.map((c) => c.clock), ['lead_check']);
  // A regulator recalls a lot from the desk's alert action; the code's
  // page then says so.
  const regKey = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e recall').stdout;
  const recall = await fetch(`${srv.url}/desk/recall`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${regKey}` },
    body: JSON.stringify({ batch: lot.batch.id, reason: '多起质量投诉成立，召回该批次。' }),
  });
  assert.equal(recall.status, 201, await recall.clone().text());
  const after = await (await fetch(lot.codes[2].replace(/^https?:\/\/[^/]+/, srv.url), { headers: { Accept: 'application/json' } })).json();
  assert.equal(after.status.status, 'recalled');
  const firmKey = { Authorization: `Bearer ${lot.ent.key}`, 'Content-Type': 'application/json' };
  assert.equal((await fetch(`${srv.url}/desk/recall`, { method: 'POST', headers: firmKey, body: '{"batch": 1, "reason": "x"}' })).status, 403);
  // The enterprise whose code was copied does not see it.
  const key = { Authorization: `Bearer ${lot.ent.key}` };
  assert.equal((await fetch(`${srv.url}/api/v1/complaints/${number}`, { headers: key })).status, 404);
  // Bad filings name the field and store nothing.
  for (const bad of [{ kind: 'gripe' }, { kind: 'report', code: forged, category: 'counterfeit', description: 'x' },
    { kind: 'report', code: forged, category: 'counterfeit', description: 'long enough', demand: 'refund' },
    { kind: 'complaint', code: 'not a code', category: 'quality', demand: 'refund', description: 'long enough' },
    { kind: 'report', code: forged, category: 'counterfeit', description: 'long enough', surprise: true }]) {
    r = await fetch(`${srv.url}/api/v1/complaints`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bad) });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.match((await r.json()).message, /^[a-z_]+: /);
  }
});

test('a complainant who lost the access code gets a new one with the number and the phone', async () => {
  srv ??= await startServer({ BONDTRACE_CLOCK: '2026-06-11T02:00:00Z' });
  const forged = lot.codes[3].replace(/^https?:\/\/[^/]+/, srv.url).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const r = await fetch(`${srv.url}/api/v1/complaints`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'report', code: forged, category: 'counterfeit', description: 'The code fails on my tin.', phone: '13700000003' }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  const { number, token } = await r.json();
  const renew = (phone) => fetch(`${srv.url}/api/v1/complaints/recover`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ number, phone }),
  });
  assert.equal((await renew('13700000004')).status, 404);
  const ok = await renew('13700000003');
  assert.equal(ok.status, 200);
  const fresh = (await ok.json()).token;
  assert.notEqual(fresh, token);
  assert.equal((await fetch(`${srv.url}/api/v1/complaints/${number}?token=${fresh}`)).status, 200);
  assert.equal((await fetch(`${srv.url}/api/v1/complaints/${number}?token=${token}`)).status, 404);
  // The page, in Chinese.
  const page = await browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${srv.url}/complaints/recover`);
  assert.match(await page.textContent('#recover h1'), /找回投诉查询码/);
  await page.close();
});

test('the calendar answers due dates with the days it skipped', async () => {
  srv ??= await startServer();
  const r = await (await fetch(`${srv.url}/api/v1/calendar/due?from=2026-09-24&working_days=3`)).json();
  // 09-25..27 off (中秋节), Sunday 09-20 was the working day before.
  assert.equal(r.due, '2026-09-30');
  assert.deepEqual(r.skipped.map((s) => s.date), ['2026-09-25', '2026-09-26', '2026-09-27']);
  const past = await fetch(`${srv.url}/api/v1/calendar/due?from=2026-12-28&working_days=7`);
  assert.equal(past.status, 404);
  assert.match((await past.json()).message, /incomplete/);
});

test('an admin loads a year of the calendar; others may not; bad files are refused', async () => {
  srv ??= await startServer();
  const admin = cli('apikey', 'create', '--role', 'admin', '--label', 'e2e calendar').stdout;
  const reg = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e calendar').stdout;
  const year = { year: 2099, days: [{ name: '元旦', date: '2099-01-01', isOffDay: true }, { name: '春节', date: '2099-01-24', isOffDay: false }] };
  const post = (body, k) => fetch(`${srv.url}/api/v1/calendar`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${k}` }, body: JSON.stringify(body),
  });
  assert.equal((await post(year, reg)).status, 403);
  // 2099-01-24 is a Saturday: a working weekend day may be listed.
  assert.equal((await post(year, admin)).status, 201);
  const bad = await post({ year: 2099, days: [{ name: 'x', date: '2099-01-06', isOffDay: false }] }, admin);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).message, /weekday/);
  const list = await (await fetch(`${srv.url}/api/v1/calendar`)).json();
  const y = list.years.find((x) => x.year === 2099);
  assert.deepEqual(y.days.map((d) => d.date), ['2099-01-01', '2099-01-24']);
  const y26 = list.years.find((x) => x.year === 2026);
  assert.ok(y26.days.some((d) => d.date === '2026-02-14' && d.off === false));
  // The page shows the years; the CLI loads the dataset's file.
  const page = await fetch(`${srv.url}/admin/calendar`, { headers: { Authorization: `Bearer ${admin}`, Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /data-year="2099"/);
  const load = cli('calendar', 'load', new URL('../data/calendar/2026.json', import.meta.url).pathname);
  assert.equal(load.status, 0, load.stderr);
  assert.match(load.stdout, /calendar 2026 loaded: 39 listed days/);
  const due = cli('calendar', 'due', '2026-02-12', '7');
  assert.equal(JSON.parse(due.stdout).due, '2026-02-28');
});
