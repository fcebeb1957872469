// scanner.test.mjs: photos of codes uploaded by API and from the phone
// page, and print runs verified label by label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newBatch, cli, launchBrowser } from './harness.mjs';

let srv;
let browser;
let dir;
let lot;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'bt-scan-'));
  lot = await newBatch(srv.url, 60);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// A photo-like JPEG of a code's symbol (turned, skewed, blurred, noisy).
function photo(uri, angle = 23) {
  const file = join(dir, `photo-${angle}-${uri.slice(-6)}.jpg`);
  execFileSync(process.env.PHOTOIZE, [uri, file, String(angle)]);
  return file;
}

function upload(body, type, accept = 'application/json') {
  return fetch(`${srv.url}/api/v1/scan`, { method: 'POST', headers: { 'Content-Type': type, Accept: accept }, body });
}

test('a photo uploaded by API resolves its code and counts as a scan', async () => {
  const jpg = readFileSync(photo(lot.codes[3]));
  const r = await upload(jpg, 'image/jpeg');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.found, 1);
  assert.equal(j.symbols[0].kind, 'code');
  assert.equal(j.symbols[0].genuine, true);
  assert.equal(j.symbols[0].scan.code.uri, lot.codes[3]);
  assert.equal(j.symbols[0].scan.scans.count, 1);
  const form = new FormData();
  form.append('image', new Blob([jpg], { type: 'image/jpeg' }), 'photo.jpg');
  const again = await (await fetch(`${srv.url}/api/v1/scan`, { method: 'POST', body: form })).json();
  assert.equal(again.symbols[0].scan.scans.count, 2);
  const get = await (await fetch(lot.codes[3], { headers: { Accept: 'application/json' } })).json();
  assert.equal(get.scans.count, 3);
});

// Files other tools wrote: qrencode's 1-bit palette PNG with a tRNS chunk
// once overflowed the row buffer and took the whole server down.
test('PNG and JPEG files other tools wrote upload without harm', async () => {
  const tools = join(process.env.BT_TEST_DATA ?? join(import.meta.dirname, '../data'), 'images/tools');
  const files = readdirSync(tools).filter((f) => /\.(png|jpg)$/.test(f));
  assert.ok(files.length >= 40);
  for (const f of files) {
    const type = f.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const r = await upload(readFileSync(join(tools, f)), type);
    assert.equal(r.status, 200, `${f}: ${r.status}`);
    const j = await r.json();
    if (!f.startsWith('zbar-qr-code-inverted')) assert.ok(j.found >= 1, `${f}: no symbol read`);
  }
  assert.equal((await fetch(`${srv.url}/livez`)).status, 200);
});

test('bad uploads get a 4xx with a reason', async () => {
  const cases = [
    [Buffer.from('not an image at all'), 'image/jpeg', 400, /not a PNG or JPEG/],
    [readFileSync(photo(lot.codes[4])).subarray(0, 2000), 'image/jpeg', 400, /truncated or corrupt/],
    [Buffer.from('x'), 'text/plain', 400, /multipart field 'image'/],
    [Buffer.alloc(11 << 20, 0xff), 'image/jpeg', 413, /./],
  ];
  for (const [body, type, status, message] of cases) {
    const r = await upload(body, type);
    assert.equal(r.status, status);
    assert.match((await r.json()).message, message);
  }
  // An image with no code in it is not an error: it says so.
  const blank = Buffer.concat([Buffer.from('P5 200 200 255\n'), Buffer.alloc(40000, 255)]);
  const none = await (await upload(blank, 'image/x-portable-graymap')).json();
  assert.equal(none.found, 0);
});

test('a phone uploads a photo from the page and sees the product', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await page.goto(`${srv.url}/scan`);
  assert.equal(await page.locator('input[type=file]').getAttribute('capture'), 'environment');
  await page.setInputFiles('input[type=file]', photo(lot.codes[5], 137));
  await page.click('#photo-form button[type=submit]');
  assert.equal(await page.locator('#product h1').innerText(), '测试商品');
  assert.match(await page.locator('#scans').innerText(), /此码为首次查询/);
  // The result is the code's own page: a reload posts nothing again.
  assert.equal(page.url(), lot.codes[5].replace(/^https?:\/\/[^/]+/, srv.url));
  await page.reload();
  assert.match(await page.locator('#scans').innerText(), /此码为首次查询|已被查询 2 次/);
  // A code typed by hand, as an element string, goes to the same page;
  // a wrong one comes back with the reason in Chinese.
  await page.goto(`${srv.url}/scan`);
  const { pathname } = new URL(lot.codes[20]);
  const [, gtin, serial] = pathname.match(/^\/01\/(\d{14})\/21\/(.+)$/);
  await page.fill('#typed-form input[name=text]', `(01)${gtin}(21)${decodeURIComponent(serial)}`);
  await page.click('#typed-form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, pathname);
  assert.equal(await page.locator('#product h1').innerText(), '测试商品');
  await page.goto(`${srv.url}/scan`);
  await page.fill('#typed-form input[name=text]', `(01)${gtin}`);
  await page.click('#typed-form button[type=submit]');
  assert.match(await page.locator('#form-error').innerText(), /序列号/);
  assert.equal(await page.inputValue('#typed-form input[name=text]'), `(01)${gtin}`);
  await page.goto(`${srv.url}/scan`);
  const blankPng = join(dir, 'blank.png');
  execFileSync(process.env.BONDTRACE_BIN, ['batch', 'export', '--batch', String(lot.batch.id), '--to', '1', '--format', 'png', '--output', `${dir}/one/`, '--quiet']);
  writeFileSync(blankPng, readFileSync(join(dir, 'one', readdirSync(join(dir, 'one'))[0])).subarray(0, 60));
  await page.setInputFiles('input[type=file]', blankPng);
  await page.click('#photo-form button[type=submit]');
  assert.match(await page.locator('main').innerText(), /PNG 图片不完整或已损坏/);
  await page.close();
});

test('a PDF print run verifies clean; with a label removed it is reported', () => {
  const pdf = join(dir, 'run.pdf');
  const e = cli('batch', 'export', '--batch', String(lot.batch.id), '--to', '48', '--format', 'pdf', '--output', pdf);
  assert.equal(e.status, 0, e.stderr);
  const clean = cli('verify-print', '--batch', String(lot.batch.id), '--to', '48', pdf);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  const report = JSON.parse(clean.stdout);
  assert.equal(report.read, 48);
  assert.equal(report.clean, true);

  // Render the sheets, and cut the first label out of page 1 with white.
  execFileSync('pdftoppm', ['-r', '150', '-aa', 'no', '-aaVector', 'no', '-gray', pdf, join(dir, 'sheet')]);
  const pages = readdirSync(dir).filter((f) => f.startsWith('sheet-')).sort().map((f) => join(dir, f));
  const first = readFileSync(pages[0]);
  const header = first.toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  const width = Number(header[1]);
  const label = { x: 59, y: 59, w: 295, h: 177 }; // 10 mm margin, 50 x 30 mm at 150 dpi
  for (let y = label.y; y < label.y + label.h; y++) first.fill(255, header[0].length + y * width + label.x, header[0].length + y * width + label.x + label.w);
  writeFileSync(pages[0], first);
  const cut = cli('verify-print', '--batch', String(lot.batch.id), '--to', '48', ...pages);
  assert.equal(cut.status, 5);
  const r = JSON.parse(cut.stdout);
  assert.equal(r.missing, 1);
  assert.deepEqual(r.missing_first, [0]);
  assert.equal(r.clean, false);
  // Labels of another batch, or printed twice, are reported too.
  const twice = cli('verify-print', '--batch', String(lot.batch.id), '--to', '48', pdf, pages[1]);
  assert.equal(JSON.parse(twice.stdout).twice, 24);
  const other = cli('verify-print', '--batch', '1', '--to', '2', pdf);
  assert.equal(JSON.parse(other.stdout).foreign, 48);
});

test('the CLI reads photos and says whether a genuine code was found', () => {
  const ok = cli('scan', photo(lot.codes[6]));
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /QR-Code HTTP:\/\/.* genuine, queried 1 times/);
  const forged = lot.codes[7].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const bad = cli('scan', photo(forged));
  assert.equal(bad.status, 4);
  assert.match(bad.stdout, /NOT GENUINE/);
  const blank = join(dir, 'blank.jpg');
  writeFileSync(blank, readFileSync(photo(lot.codes[8])).subarray(0, 100));
  assert.equal(cli('scan', blank).status, 3);
});
