// pages.test.mjs: a tour of every page, as each kind of user reaches it:
// the consumer's on a phone, the enterprise's, the regulator's, the
// insurer's and the admin's at a desk; each in Chinese and in English,
// with a screenshot saved for a person to look at. A Chinese page shows no
// English words but names and codes; a phone page never scrolls sideways;
// no page answers an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newBatch, launchBrowser, screenshot, latinWords, account } from './harness.mjs';

let srv;
let browser;
let lot;

// Names the demo data writes in Latin letters (brands, a product's own
// name, the platforms' and labs' names as registered).
const names = ['Koala', 'Valley', 'Blue', 'Bay', 'Manuka', 'UMF', 'Sakura', 'Rose', 'MGO', 'Tmall', 'JD', 'Kaola',
  'Global', 'Select', 'Haitao', 'PICC', 'Ping', 'An', 'AEO',
  // an enterprise another test file registers with a spreadsheet
  // formula for its name, in the database the tests share
  'HYPERLINK', 'http', 'evil.example'];

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 10);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function signedIn(ctx, login) {
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  if (login.key) {
    await page.fill('input[name=api_key]', login.key);
    await page.locator('input[name=api_key]').press('Enter');
  } else {
    await page.fill('input[name=username]', login.name);
    await page.fill('input[name=password]', login.pw);
    await page.click('button[type=submit]');
  }
  await page.waitForURL(/\/account/);
  return page;
}

// Visits each path in both languages; name is the screenshot's prefix.
async function tour(who, paths, { phone = false, login = null, allowed = [] } = {}) {
  const found = [];
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
      ...(phone ? { viewport: { width: 412, height: 915 }, isMobile: true } : {}),
    });
    const page = login ? await signedIn(ctx, login) : await ctx.newPage();
    for (const [name, path, status = 200] of paths) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await page.goto(`${srv.url}${path}${sep}lang=${lang}`);
      assert.equal(r.status(), status, `${who} ${path} (${lang})`);
      await screenshot(page, `tour-${who}-${name}-${lang}`);
      if (lang === 'zh') {
        const words = await latinWords(page, [...names, ...allowed]);
        if (words.length) found.push(`${path}: ${[...new Set(words)].join(' ')}`);
      }
      if (phone) {
        const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 1, `${path} (${lang}) scrolls sideways by ${wide}px on a phone`);
      }
    }
    await ctx.close();
  }
  assert.deepEqual(found, [], 'English words on Chinese pages');
}

test('a consumer\'s pages, on a phone', async () => {
  const code = lot.codes[0].replace(/^https?:\/\/[^/]+/, '');
  const forged = code.replace(/\/21\/.*$/, '/21/FORGED0000000');
  await tour('consumer', [
    ['product', code], ['not-genuine', forged, 404], ['scan', '/scan'], ['home', '/'],
    ['complaint-new', `/complaints/new?code=${encodeURIComponent(lot.codes[0])}`],
    ['claim-new', `/claims/new?code=${encodeURIComponent(lot.codes[0])}`],
    ['complaint-recover', '/complaints/recover'], ['claim-recover', '/claims/recover'],
  ], { phone: true });
});

test('the portal\'s public pages', async () => {
  const draws = await (await fetch(`${srv.url}/api/v1/draws`)).json();
  await tour('portal', [
    ['enterprises', '/enterprises'], ['enterprise', '/enterprises/1'], ['enterprise-black', '/enterprises/3'],
    ['penalties', '/penalties'], ['lists', '/lists'], ['statistics', '/statistics'], ['draws', '/draws'],
    ['draw', `/draws/${draws[0].id}`], ['login', '/login'], ['log', '/log'], ['log-entry', '/log/entries/1'],
  ]);
  await tour('portal-phone', [['enterprise', '/enterprises/1'], ['statistics', '/statistics'],
    ['log-entry', '/log/entries/1']], { phone: true });
});

test('an enterprise\'s pages', async () => {
  await tour('enterprise', [
    ['account', '/account'], ['console', '/console'], ['quality', `/enterprises/${lot.ent.id}/quality`],
    ['code', `/console/batches/${lot.batch.id}/codes/0`], ['complaints', '/desk/complaints'],
    ['claims', '/desk/claims'], ['policies', '/desk/policies'],
  ], { login: { key: lot.ent.key } });
});

test('a regulator\'s, an insurer\'s and an admin\'s pages', async () => {
  await tour('regulator', [
    ['account', '/account'], ['desk', '/regulator'], ['console', '/console'], ['audit', '/regulator/audit'],
    ['complaints', '/desk/complaints'], ['claims', '/desk/claims'], ['quality', `/enterprises/${lot.ent.id}/quality`],
  ], { login: account('regulator') });
  await tour('insurer', [['account', '/account'], ['claims', '/desk/claims'], ['policies', '/desk/policies']],
    { login: account('insurer', ['--insurer', 'picc-nb']) });
  // The admin's pages name the files and fields an admin edits.
  await tour('admin', [['rules', '/admin/rules'], ['calendar', '/admin/calendar']],
    { login: account('admin'), allowed: ['docs', 'credit.md', 'year', 'days', 'name', 'date', 'isOffDay'] });
});
