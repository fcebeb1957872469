// hardening.test.mjs: the public door as a hostile or unlucky client finds
// it: GS1 Digital Link variants, lots at their longest, request framing,
// floods of one code, HEAD requests, slow clients, a stalled database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, cli, get, newBatch, newEnterprise, randomGtin13 } from './harness.mjs';

let srv;
let lot;

const json = { Accept: 'application/json' };

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 40);
});

after(async () => { await srv?.stop(); });

// The demo code's parts: /01/GTIN/21/SERIAL.
function parts(uri) {
  const m = new URL(uri).pathname.match(/^\/01\/(\d{14})(?:\/10\/([^/]+))?\/21\/([^/]+)$/);
  return { base: new URL(uri).origin, gtin: m[1], lot: m[2], serial: m[3] };
}

test('GS1 Digital Link variants are judged by the GS1 rules', async () => {
  const { base, gtin, serial } = parts(lot.codes[2]);
  const ok = [
    `/01/${gtin}/21/${serial}`,
    `/01/${gtin}/22/V1/21/${serial}`,
    `/01/${gtin}/21/${serial}?17=271231`,
    `/01/${gtin}/21/${serial}?linkType=all`,
  ];
  for (const p of ok) {
    const r = await get(base + p, { headers: json });
    assert.equal(r.status, 200, `${p}: ${r.body}`);
  }
  const malformed = [
    [`/01/${gtin}/21/${serial}/10/L`, /out of order/],
    [`/01/${gtin}/10/L/22/V/21/${serial}`, /out of order/],
    [`/01/${gtin}/21/`, /empty/],
    [`/01/${gtin}/10/L/21/`, /empty/],
    [`/01/${gtin}/21/${serial}?17=26123`, /YYMMDD/],
    [`/01/${gtin}/99/X/21/${serial}`, /only \/22\/, \/10\/ and \/21\//],
  ];
  for (const [p, why] of malformed) {
    const r = await get(base + p, { headers: json });
    assert.equal(r.status, 400, `${p}: ${r.status}`);
    assert.match(r.json.message, why);
  }
  // A GTIN alone is valid GS1 but names no item: 404 that says so.
  const product = await get(`${base}/01/${gtin}`, { headers: json });
  assert.equal(product.status, 404);
  assert.match(product.json.message, /not one item/);
});

test('a lot of 20 characters of any set-82 character issues, prints and resolves', async () => {
  const ent = newEnterprise();
  const gtin = randomGtin13();
  const auth = { Authorization: `Bearer ${ent.key}`, 'Content-Type': 'application/json' };
  const p = await fetch(`${srv.url}/api/v1/products`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ gtin, name_zh: '测试', name_en: 'Test', brand: 'T', origin_country: 'AU' }),
  });
  assert.equal(p.status, 201);
  const set82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
  assert.equal(set82.length, 82);
  for (const c of set82) {
    const lotText = c.repeat(20);
    const b = await fetch(`${srv.url}/api/v1/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ gtin, count: 1, lot: lotText }) });
    assert.equal(b.status, 201, `lot ${lotText}: ${await b.clone().text()}`);
    const batch = await b.json();
    const codes = (await (await fetch(`${srv.url}/api/v1/batches/${batch.id}/codes`, { headers: auth })).text()).trim();
    const r = await get(codes, { headers: json });
    assert.equal(r.status, 200, `${codes}: ${r.body}`);
    assert.equal(r.json.code.lot, lotText);
  }
});

// Sends raw bytes; resolves with what came back once the server closed
// the connection (or after waitMs, with closed false).
function raw(bytes, waitMs = 2000) {
  return new Promise((resolve, reject) => {
    const { port, hostname } = new URL(srv.url);
    const s = net.connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => { s.destroy(); resolve({ data, closed: false }); }, waitMs);
    s.on('data', (d) => { data += d; });
    s.on('error', reject);
    s.on('close', () => { clearTimeout(timer); resolve({ data, closed: true }); });
    s.write(bytes);
  });
}

test('a body length given twice is refused and the connection closed', async () => {
  const both = await raw('POST /api/v1/resolve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(both.data, /^HTTP\/1\.1 400/);
  assert.equal(both.closed, true);
  assert.equal((both.data.match(/HTTP\/1\.1/g) ?? []).length, 1, 'no second, smuggled answer');
  const two = await raw('POST /api/v1/resolve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + 'Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}');
  assert.match(two.data, /^HTTP\/1\.1 400/);
  assert.equal(two.closed, true);
  // One honest length keeps the connection for the next request.
  const one = await raw('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n', 500);
  assert.match(one.data, /^HTTP\/1\.1 200/);
  assert.equal(one.closed, false);
});

test('only the owning enterprise downloads printable codes; the scheme name is any case', async () => {
  const r = cli('apikey', 'create', '--role', 'regulator', '--label', 'hardening');
  assert.equal(r.status, 0, r.stderr);
  const regulator = { Authorization: `Bearer ${r.stdout}` };
  const codes = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes`, { headers: regulator });
  assert.equal(codes.status, 403);
  assert.match((await codes.json()).message, /enterprise/);
  const facts = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}`, { headers: regulator });
  assert.equal(facts.status, 200);
  const own = await fetch(`${srv.url}/api/v1/batches/${lot.batch.id}/codes`, { headers: { Authorization: `bearer ${lot.ent.key}` } });
  assert.equal(own.status, 200);
  assert.equal((await own.text()).trim().split('\n').length, 40);
});
