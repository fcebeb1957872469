// sessions.test.mjs: people sign in to pages in a real browser: an
// enterprise with its API key, a regulator with a password; forms need the
// session's CSRF token; each sees what its role allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { startServer, newBatch, BIN, launchBrowser } from './harness.mjs';

let srv;
let browser;
let lot;

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 10, { bound: false });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an enterprise signs in with its key and reads its data-quality report', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/enterprises/${lot.ent.id}/quality`);
  assert.match(page.url(), /\/login\?next=\/enterprises\/\d+\/quality$/);
  await page.fill('input[name=api_key]', lot.ent.key);
  await page.click('button[type=submit]');
  assert.match(page.url(), new RegExp(`/enterprises/${lot.ent.id}/quality$`));
  assert.match(await page.locator('#quality h1').innerText(), /申报数据质量报告/);
  assert.match(await page.locator('#accepted').innerText(), /^\d+$/);
  const cookies = await ctx.cookies();
  const c = cookies.find((x) => x.name === 'bt_session');
  assert.ok(c.httpOnly);
  assert.equal(c.sameSite, 'Strict');
  // Another enterprise's report is not for it.
  const other = await newBatch(srv.url, 1, { bound: false });
  const res = await page.goto(`${srv.url}/enterprises/${other.ent.id}/quality`);
  assert.equal(res.status(), 403);
  await ctx.close();
});

test('a regulator signs in with a password, opens any report and signs out', async () => {
  const user = `reg${randomInt(1e9)}`;
  const password = `pw-${randomInt(1e12)}-long`;
  const made = spawnSync(BIN, ['account', 'add', '--username', user, '--role', 'regulator'],
    { input: `${password}\n`, encoding: 'utf8', env: process.env });
  assert.equal(made.status, 0, made.stderr);
  const short = spawnSync(BIN, ['account', 'add', '--username', `${user}x`, '--role', 'regulator'],
    { input: 'short\n', encoding: 'utf8', env: process.env });
  assert.equal(short.status, 3);

  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', 'not the password');
  const wrong = page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST');
  await page.click('button[type=submit]');
  assert.equal((await wrong).status(), 401);
  assert.match(await page.locator('#login-error').innerText(), /not right/);

  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  assert.match(page.url(), /\/account$/);
  assert.match(await page.locator('#role').innerText(), /Regulator/);
  await page.click(`a[href="/enterprises/${lot.ent.id}/quality"]`);
  assert.match(await page.locator('#quality h1').innerText(), /Declaration data-quality report/);

  // A form posted without the session's CSRF token is refused.
  const cookie = (await ctx.cookies()).find((x) => x.name === 'bt_session');
  const forged = await fetch(`${srv.url}/logout`, {
    method: 'POST', headers: { Cookie: `bt_session=${cookie.value}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'csrf=0000', redirect: 'manual',
  });
  assert.equal(forged.status, 403);

  await page.goto(`${srv.url}/account`);
  await page.click('form[action="/logout"] button');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goto(`${srv.url}/account`);
  assert.match(page.url(), /\/login\?next=\/account$/);
  await ctx.close();
});
