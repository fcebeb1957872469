// api.test.mjs: an enterprise and a consumer use the real server over
// HTTP: register a product, issue a batch, export it, scan its codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, newEnterprise, randomGtin13, gtinCheckDigit, declareAndBind } from './harness.mjs';

let srv;
let ent;
let other;
let gtin;
let batch;
const codes = [];

async function api(method, path, { key = ent.key, body, headers = {} } = {}) {
  const r = await fetch(srv.url + path, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, text, json, headers: r.headers };
}

function assertError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error, code, r.text);
  assert.equal(typeof r.json.message, 'string');
  assert.ok(r.json.message.length > 5);
}

before(async () => {
  srv = await startServer();
  ent = newEnterprise();
  other = newEnterprise();
});

after(async () => { await srv.stop(); });

test('health and metrics answer', async () => {
  const h = await api('GET', '/healthz', { key: null });
  assert.equal(h.status, 200);
  assert.equal(h.json.database, 'ok');
  const m = await api('GET', '/metrics', { key: null });
  assert.match(m.text, /bondtrace_http_requests_total\{route="healthz",status="200"\} \d+/);
  assert.match(m.text, /bondtrace_http_request_duration_seconds_bucket\{route="healthz",le="\+Inf"\}/);
});

test('an enterprise registers a product and issues a batch', async () => {
  gtin = randomGtin13();
  const p = await api('POST', '/api/v1/products', {
    body: { gtin, name_zh: '测试奶粉 900克', name_en: 'Test Formula 900 g', brand: 'Testa', origin_country: 'NZ' },
  });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.gtin, `0${gtin}`);
  assert.equal(p.json.origin.name_en, 'New Zealand');
  const list = await api('GET', '/api/v1/products');
  assert.deepEqual(list.json.products.map((x) => x.gtin), [`0${gtin}`]);

  const b = await api('POST', '/api/v1/batches', { body: { gtin, count: 1000, lot: 'E2E-1', expiry: '2030-06-30' } });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.count, 1000);
  assert.equal(b.json.lot, 'E2E-1');
  batch = b.json;
  const again = await api('GET', `/api/v1/batches/${batch.id}`);
  assert.equal(again.json.first_code, batch.first_code);
});

test('the batch exports as URIs and as CSV, streamed and exact', async () => {
  const all = await api('GET', `/api/v1/batches/${batch.id}/codes`);
  assert.equal(all.status, 200);
  assert.match(all.headers.get('content-type'), /^text\/plain/);
  const lines = all.text.trimEnd().split('\n');
  assert.equal(lines.length, 1000);
  assert.equal(new Set(lines).size, 1000);
  assert.equal(lines[0], batch.first_code);
  for (const l of lines) assert.match(l, new RegExp(`^${srv.url}/01/0${gtin}/10/E2E-1/21/[0-9A-Z]{15,20}$`));
  codes.push(...lines);
  // The items are sold: declared to customs and bound to their codes.
  await declareAndBind(srv.url, { ent, gtin: `0${gtin}`, batch }, 0, 1000);

  const csv = await api('GET', `/api/v1/batches/${batch.id}/codes?format=csv&from=10&to=20`);
  const rows = csv.text.trimEnd().split('\n');
  assert.equal(rows[0], 'index,serial,uri');
  assert.equal(rows.length, 11);
  assert.equal(rows[1].split(',')[2], lines[10]);
  assert.equal(rows[10].split(',')[0], '19');

  assertError(await api('GET', `/api/v1/batches/${batch.id}/codes?from=990&to=1001`), 400, 'invalid_input');
  assertError(await api('GET', `/api/v1/batches/${batch.id}/codes?from=x`), 400, 'invalid_input');
  assertError(await api('GET', `/api/v1/batches/${batch.id}/codes`, { key: other.key }), 404, 'not_found');
});

test('the CLI exports the same codes', () => {
  const r = cli('batch', 'export', '--batch', String(batch.id), '--from', '0', '--to', '3',
    '--public-url', srv.url);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n'), codes.slice(0, 3));
  const bad = cli('batch', 'export', '--batch', String(batch.id), '--to', '1001');
  assert.equal(bad.status, 3);
  assert.equal(bad.stderr.split('\n').length, 1);
});

test('a consumer scan shows the product page in Chinese, English and JSON', async () => {
  const uri = codes[123];
  const zh = await fetch(uri);
  assert.equal(zh.status, 200);
  const zhHtml = await zh.text();
  assert.match(zhHtml, /测试奶粉 900克/);
  assert.match(zhHtml, /正品码验证通过/);
  assert.match(zhHtml, /新西兰/);
  const en = await (await fetch(`${uri}?lang=en`)).text();
  assert.match(en, /Test Formula 900 g/);
  assert.match(en, /Genuine code verified/);
  const al = await (await fetch(uri, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).text();
  assert.match(al, /Test Formula 900 g/);
  const j = await (await fetch(uri, { headers: { Accept: 'application/json' } })).json();
  assert.equal(j.genuine, true);
  assert.equal(j.code.index, 123);
  assert.equal(j.code.uri, uri);
  assert.equal(j.importer.uscc, ent.uscc);
  // The path without the lot resolves too.
  const noLot = uri.replace('/10/E2E-1', '');
  assert.equal((await fetch(noLot)).status, 200);
});

test('forged codes get a not-genuine page, malformed ones a 400', async () => {
  const uri = codes[7];
  const serial = uri.split('/21/')[1];
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let checked = 0;
  for (let pos = 0; pos < serial.length; pos++) {
    const c = alphabet[(alphabet.indexOf(serial[pos]) + 1 + pos) % 32];
    const forged = uri.replace(`/21/${serial}`, `/21/${serial.slice(0, pos)}${c}${serial.slice(pos + 1)}`);
    const r = await fetch(forged, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 404, forged);
    assert.equal((await r.json()).error, 'not_genuine');
    checked++;
  }
  assert.equal(checked, serial.length);
  const page = await fetch(uri.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
  assert.equal(page.status, 404);
  assert.match(await page.text(), /此码不是平台签发的正品码/);

  // Another registered product's GTIN, and an unregistered one, with a real serial.
  const demoGtin = '09312345001019';
  assert.equal((await fetch(`${srv.url}/01/${demoGtin}/21/${serial}`)).status, 404);
  const unknown = `69${'1'.repeat(10)}`;
  assert.equal((await fetch(`${srv.url}/01/${unknown}${gtinCheckDigit(unknown)}/21/${serial}`)).status, 404);

  for (const bad of [
    `/01/0${gtin.slice(0, 12)}${(Number(gtin[12]) + 1) % 10}/21/${serial}`,
    `/01/123/21/${serial}`,
    `/01/0${gtin}/21/${'A'.repeat(21)}`,
    `/01/0${gtin}/21/A%20B`,
    `/01/0${gtin}/21/A%2`,
  ]) {
    const r = await fetch(srv.url + bad, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 400, bad);
    const j = await r.json();
    assert.equal(j.error, 'invalid_input');
    assert.ok(j.message.length > 10);
  }
});

test('API errors are JSON with a status and a clear message', async () => {
  assertError(await api('POST', '/api/v1/batches', { key: null, body: { gtin, count: 1 } }), 401, 'unauthorized');
  assertError(await api('POST', '/api/v1/batches', { key: 'btk_NOTAREALKEY000000000000000000000', body: { gtin, count: 1 } }), 401, 'unauthorized');
  assertError(await api('POST', '/api/v1/batches', { key: other.key, body: { gtin, count: 1 } }), 403, 'forbidden');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin, count: 0 } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin, count: 100000001 } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin, count: '5' } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin, count: 5, colour: 'red' } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: '{"gtin": ' }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin, count: 5, expiry: '2030-02-30' } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/batches', { body: { gtin: '6912345678901', count: 5 } }), 400, 'invalid_input');
  assertError(await api('POST', '/api/v1/products', {
    body: { gtin, name_zh: '重复', name_en: 'Duplicate', brand: 'X', origin_country: 'NZ' },
  }), 409, 'conflict');
  assertError(await api('POST', '/api/v1/products', {
    body: { gtin: randomGtin13(), name_zh: '未知', name_en: 'Unknown', brand: 'X', origin_country: 'QQ' },
  }), 400, 'invalid_input');
  assertError(await api('GET', '/api/v1/batches/0'), 400, 'invalid_input');
  assertError(await api('GET', '/api/v1/batches/268435455'), 404, 'not_found');
  assertError(await api('DELETE', '/api/v1/batches'), 405, 'method_not_allowed');
  assertError(await api('GET', '/api/v1/nothing', { headers: { Accept: 'application/json' } }), 404, 'not_found');
  assertError(await api('POST', '/api/v1/batches', { body: 'x'.repeat(1100000) }), 413, 'too_large');
  const long = await fetch(`${srv.url}/01/${'1'.repeat(3000)}`, { headers: { Accept: 'application/json' } });
  assert.equal(long.status, 414);
});

test('a hundred million codes are issued in one request', async () => {
  const start = Date.now();
  const b = await api('POST', '/api/v1/batches', { body: { gtin, count: 100000000 } });
  assert.equal(b.status, 201, b.text);
  assert.ok(Date.now() - start < 5000);
  const tail = await api('GET', `/api/v1/batches/${b.json.id}/codes?from=99999990&to=100000000`);
  const lines = tail.text.trimEnd().split('\n');
  assert.equal(lines.length, 10);
  const last = await fetch(lines[9], { headers: { Accept: 'application/json' } });
  assert.equal((await last.json()).code.index, 99999999);
});

test('a revoked API key stops working at once', async () => {
  const mine = newEnterprise();
  const id = cli('apikey', 'create', '--enterprise', mine.uscc);
  assert.equal(id.status, 0);
  assert.equal((await api('GET', '/api/v1/products', { key: id.stdout })).status, 200);
  const keyId = id.stderr.match(/API key (\d+)/)[1];
  assert.equal(cli('apikey', 'revoke', keyId).status, 0);
  assertError(await api('GET', '/api/v1/products', { key: id.stdout }), 401, 'unauthorized');
  const again = cli('apikey', 'revoke', keyId);
  assert.equal(again.status, 4);
});
