// print.test.mjs: print runs decode back to exactly their codes: a
// 10,000-code batch as PDF label sheets (rendered by poppler, read by
// zbar), PNG and SVG archives, ZPL; and upper-cased symbols still open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, newBatch, cli } from './harness.mjs';

const run = promisify(execFile);
let srv;
let dir;

before(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'bt-print-'));
});

after(async () => {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function download(lot, query, file) {
  const r = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?${query}`, {
    headers: { Authorization: `Bearer ${lot.ent.key}` },
  });
  assert.equal(r.status, 200, await r.clone().text());
  writeFileSync(join(dir, file), Buffer.from(await r.arrayBuffer()));
  return r.headers;
}

// zbar over files, on both cores; returns every decoded text.
async function decode(files) {
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  const outs = await Promise.all(halves.filter((h) => h.length).map((h) =>
    run('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', ...h], { cwd: dir, maxBuffer: 64 << 20 })
      .catch((e) => ({ stdout: e.stdout }))));
  return outs.flatMap((o) => o.stdout.split('\n').filter(Boolean));
}

// What a phone does with a URI: scheme and host are case-insensitive.
const normal = (u) => u.replace(/^[A-Za-z]+:\/\/[^/]+/, (m) => m.toLowerCase());

test('a 10,000-code batch printed as PDF sheets decodes to exactly its codes', async () => {
  const lot = await newBatch(srv.url, 10000);
  const h = await download(lot, 'format=pdf', 'run.pdf');
  assert.equal(h.get('content-type'), 'application/pdf');
  await run('pdftoppm', ['-r', '150', '-aa', 'no', '-aaVector', 'no', '-mono', 'run.pdf', 'page'], { cwd: dir });
  const pages = readdirSync(dir).filter((f) => f.startsWith('page-'));
  assert.equal(pages.length, Math.ceil(10000 / 24));
  const decoded = (await decode(pages)).map(normal);
  assert.equal(decoded.length, 10000, 'one read per label');
  assert.equal(new Set(decoded).size, 10000, 'no code twice');
  assert.deepEqual([...decoded].sort(), [...lot.codes].sort());
  for (const p of pages) rmSync(join(dir, p));
});

test('a range prints as PNG and SVG archives that decode back', async () => {
  const lot = await newBatch(srv.url, 500);
  await download(lot, 'format=png&from=100&to=160', 'codes.tar');
  execFileSync('tar', ['xf', 'codes.tar'], { cwd: dir });
  const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  assert.equal(pngs.length, 60);
  assert.match(pngs[0], /^000000100-[0-9A-Z]{15,20}\.png$/);
  const decoded = (await decode(pngs)).map(normal).sort();
  assert.deepEqual(decoded, lot.codes.slice(100, 160).sort());
  for (const p of pngs) rmSync(join(dir, p));

  await download(lot, 'format=svg&from=0&to=3&ecc=H', 'svg.tar');
  const names = execFileSync('tar', ['tf', 'svg.tar'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
  assert.equal(names.length, 3);
  const svg = execFileSync('tar', ['xOf', 'svg.tar', names[0]], { encoding: 'utf8', cwd: dir });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
});

test('upper-cased symbols decode with zbar and the URI opens', async () => {
  const lot = await newBatch(srv.url, 5);
  const out = join(dir, 'upper');
  const r = cli('batch', 'export', '--batch', String(lot.batch.id), '--format', 'png', '--output', `${out}/`,
    '--public-url', srv.url, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  const files = readdirSync(out).map((f) => join(out, f));
  const texts = await decode(files);
  assert.equal(texts.length, 5);
  for (const t of texts) {
    assert.match(t, /^HTTP:\/\/127\.0\.0\.1:\d+\/01\//); // the dense form
    const page = await fetch(t, { headers: { Accept: 'application/json' } });
    assert.equal(page.status, 200);
    assert.ok(lot.codes.includes((await page.json()).code.uri));
  }
});

test('ZPL labels carry each URI for the printer to draw', async () => {
  const lot = await newBatch(srv.url, 20);
  const r = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?format=zpl&from=0&to=20&label=60x40`, {
    headers: { Authorization: `Bearer ${lot.ent.key}` },
  });
  const zpl = await r.text();
  const labels = zpl.trim().split('\n');
  assert.equal(labels.length, 20);
  assert.match(labels[0], /^\^XA.*\^PW480\^LL320.*\^BQN,2,\d\^FDMA,HTTP:\/\/.*\^XZ$/);
  const uris = labels.map((l) => normal(l.match(/\^FDMA,([^^]+)\^FS/)[1]));
  assert.deepEqual(uris, lot.codes);
});

test('label sheets a warehouse prints: stock presets, what each label says, page x of y, read back by verify-print', async () => {
  const lot = await newBatch(srv.url, 30);
  for (const stock of ['a4-24', 'a4-24s', 'a4-21']) {
    const r = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?format=pdf&stock=${stock}`, {
      headers: { Authorization: `Bearer ${lot.ent.key}` },
    });
    assert.equal(r.status, 200, stock);
    const pdf = join(dir, `${stock}.pdf`);
    writeFileSync(pdf, Buffer.from(await r.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /扫码验真 Scan to verify/, stock);
    assert.match(text, /测试商品 · T/, stock);
    assert.match(text, new RegExp(`GTIN ${lot.gtin}`), stock);
    assert.match(text, /#29/, stock);
    // The footer needs a margin to sit in: 70 x 37 mm labels fill A4.
    if (stock === 'a4-24') assert.doesNotMatch(text, /Page 1 of/);
    else assert.match(text, /第 1 \/ 2 页 Page 1 of 2/, stock);
    const v = cli('verify-print', '--batch', String(lot.batch.id), pdf);
    assert.equal(v.status, 0, `${stock}: ${v.stdout}${v.stderr}`);
    assert.equal(JSON.parse(v.stdout).read, 30, stock);
  }
  const zpl = await (await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?format=zpl&to=1&label=60x40&dpi=300`, {
    headers: { Authorization: `Bearer ${lot.ent.key}` },
  })).text();
  assert.match(zpl, /^\^XA.*\^PW720\^LL480.*\^FDGTIN \d{14}\^FS.*\^FD\w+ #0\^FS\^XZ$/m);
});

test('bad print requests are refused with a reason', async () => {
  const lot = await newBatch(srv.url, 10);
  const get = (q) => fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?${q}`, {
    headers: { Authorization: `Bearer ${lot.ent.key}` },
  });
  for (const q of ['format=gif', 'format=pdf&ecc=X', 'format=pdf&label=400x30', 'format=pdf&columns=9',
    'format=png&png-px=0', 'format=png&from=5&to=11', 'format=pdf&case=lower', 'format=pdf&stock=a5',
    'format=zpl&dpi=600']) {
    const r = await get(q);
    assert.equal(r.status, 400, q);
    assert.ok((await r.json()).message.length > 10, q);
  }
});

test('a running export reports its progress to its own key, by the token it was asked with', async () => {
  const lot = await newBatch(srv.url, 3000);
  const auth = { Authorization: `Bearer ${lot.ent.key}` };
  const mine = async (q = '') => (await fetch(`${srv.url}/api/v1/exports/mine${q}`, { headers: auth })).json();
  // Nothing runs; the last export of this key is the one of its codes.
  assert.deepEqual(await mine(), { running: false, last: { batch: lot.batch.id, format: 'txt', done: 3000, total: 3000 } });
  // A reader that takes the first bytes and then stops: the export waits.
  const r = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes?format=pdf&progress=t0k3n`, { headers: auth });
  assert.equal(r.status, 200);
  const reader = r.body.getReader();
  await reader.read();
  const running = await mine('?token=t0k3n');
  assert.equal(running.running, true);
  assert.equal(running.batch, lot.batch.id);
  assert.equal(running.format, 'pdf');
  assert.equal(running.total, 3000);
  assert.ok(running.done < 3000);
  assert.equal((await mine('?token=other')).running, false, 'another token is another export');
  const stranger = await newBatch(srv.url, 1);
  const theirs = await (await fetch(`${srv.url}/api/v1/exports/mine`, { headers: { Authorization: `Bearer ${stranger.ent.key}` } })).json();
  assert.equal(theirs.running, false, 'no one else sees it');
  assert.equal(theirs.last.batch, stranger.batch.id);
  assert.equal((await fetch(`${srv.url}/api/v1/exports/mine?token=a-b`, { headers: auth })).status, 400);
  for (;;) if ((await reader.read()).done) break;
  // Ended, it is still told, done to the last code.
  let ended;
  for (let i = 0; i < 50; i++) {
    ended = await mine('?token=t0k3n');
    if (!ended.running) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.deepEqual(ended, { running: false, last: { batch: lot.batch.id, format: 'pdf', done: 3000, total: 3000 } });
});
