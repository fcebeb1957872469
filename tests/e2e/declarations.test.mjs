// declarations.test.mjs: an enterprise declares CEB messages, binds codes
// to what it declared and records provenance; the next scan shows it all,
// and no personal data of a buyer appears in any public output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, cli, get, newBatch, inventoryXml, declareAndBind } from './harness.mjs';

const data = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'ceb');
const buyers = ['王小明', '330203199001011234', '13800138000', '中山西路100号', '赵测试', '330203199512127777',
  '13911112222', '测试路9号', '李示范', '33020319900101123', '1390000000', '示范路', 'gsyx_wangxm88'];
let srv;
let lot;
const outputs = []; // every public answer, searched for personal data at the end

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 100, { bound: false });
});

after(async () => { await srv.stop(); });

function post(path, body, { key = lot.ent.key, type = 'application/xml', accept } = {}) {
  return fetch(srv.url + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': type, ...(accept ? { Accept: accept } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

// The fixtures name the demo importer; make them this test's enterprise's.
function fixture(name, replacements = {}) {
  let x = readFileSync(join(data, name), 'utf8').replaceAll('3302460011', lot.ent.customsCode);
  for (const [a, b] of Object.entries(replacements)) x = x.replaceAll(a, b);
  return x;
}

test('an inventory list is accepted once; sent again it changes nothing', async () => {
  const guid = `g-${Date.now()}`;
  const xml = fixture('inventory_ok.xml', { '4cde1cfd-eded-46b1-946c-b8022e42fc94': guid, GSINV2026112000123: `I${Date.now()}` });
  const r = await post('/api/v1/declarations', xml);
  assert.equal(r.status, 201, await r.clone().text());
  const receipt = await r.json();
  outputs.push(JSON.stringify(receipt));
  assert.equal(receipt.status, 'accepted');
  assert.equal(receipt.message, 'CEB621');
  assert.equal(receipt.records[0].invt_no, '31052026I000123456');
  const again = await post('/api/v1/declarations', xml);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), receipt);
  const asXml = await post('/api/v1/declarations', xml, { accept: 'application/xml' });
  const text = await asXml.text();
  outputs.push(text);
  assert.match(text, /<ceb:CEB622Message[^>]*guid="g-/);
  assert.match(text, /<ceb:returnStatus>120<\/ceb:returnStatus>/);
  assert.match(text, /<ceb:invtNo>31052026I000123456<\/ceb:invtNo>/);
});

test('orders are accepted; broken messages are refused naming element and rule', async () => {
  const order = fixture('order_ok.xml', { '0f8e2b6c-3d1a-4c5b-9e7f-1a2b3c4d5e6f': `o-${Date.now()}`, GS20261120000123: `O${Date.now()}` });
  const ok = await post('/api/v1/declarations', order);
  assert.equal(ok.status, 201, await ok.clone().text());
  outputs.push(await ok.text());
  const cases = [
    ['bad_hs_code.xml', /InventoryList\[2\]\/gcode: must be a 10-digit HS code/],
    ['bad_total.xml', /totalPrice: must equal qty x price/],
    ['bad_currency.xml', /currency: not a code of the customs currency table \[999\]/],
    ['bad_order_sum.xml', /goodsValue: must equal the sum/],
    ['hostile_entities.xml', /document type declarations and entities are not allowed/],
    ['hostile_xxe.xml', /not allowed/],
    ['hostile_deep.xml', /not well formed/],
  ];
  for (const [file, rule] of cases) {
    const r = await post('/api/v1/declarations', fixture(file, { '4cde1cfd': `x${Date.now()}` }));
    assert.equal(r.status, 400, file);
    const j = await r.json();
    outputs.push(JSON.stringify(j));
    assert.equal(j.error, 'invalid_input');
    assert.match(j.message, rule, file);
    assert.equal(j.receipt.status, 'rejected');
  }
  const xmlReceipt = await post('/api/v1/declarations', fixture('bad_hs_code.xml'), { accept: 'text/xml' });
  assert.equal(xmlReceipt.status, 400);
  const t = await xmlReceipt.text();
  assert.match(t, /<ceb:returnStatus>100<\/ceb:returnStatus>/);
  assert.match(t, /<ceb:returnInfo>\/CEB621Message\/Inventory\[1\]\/InventoryList\[2\]\/gcode: must be a 10-digit HS code/);
  const other = await post('/api/v1/declarations', readFileSync(join(data, 'inventory_ok.xml'), 'utf8'));
  assert.equal(other.status, 400);
  assert.match((await other.json()).message, /is your customs code/);
  const wrongType = await post('/api/v1/declarations', 'hello', { type: 'text/plain' });
  assert.equal(wrongType.status, 415);
});

test('appType 1/2/3 add, change and delete; a message is stored whole or not at all', async () => {
  const copNo = `A${Date.now() % 1e9}`;
  const add = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 3, { copNo }));
  assert.equal(add.status, 201);
  const dup = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 3, { copNo }));
  assert.equal(dup.status, 400);
  assert.match((await dup.json()).message, /declared already/);
  const change = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 5, { copNo, appType: 2 }));
  assert.equal(change.status, 201);
  // Bound to the changed line: 5 codes fit, 6 do not.
  const bind = (from, to, inventory = copNo) => post('/api/v1/bindings',
    { batch: lot.batch.id, from, to, inventory, gnum: 1 }, { type: 'application/json' });
  assert.equal((await bind(10, 16)).status, 400);
  assert.equal((await bind(10, 15)).status, 201);
  assert.equal((await bind(14, 15)).status, 409);
  const del = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 5, { copNo, appType: 3 }));
  assert.equal(del.status, 201);
  const never = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 5, { copNo: `N${copNo}`, appType: 2 }));
  assert.equal(never.status, 400);
  assert.match((await never.json()).message, /never declared/);

  // Two records; the second breaks a rule: the first is not stored either.
  const a = `P${Date.now() % 1e9}`;
  const first = inventoryXml(lot.ent, lot.gtin, 1, { copNo: a });
  const second = inventoryXml(lot.ent, lot.gtin, 1, { copNo: `Q${a}`, appType: 2 });
  const both = first.replace('</ceb:Inventory></ceb:CEB621Message>',
    `</ceb:Inventory>${second.match(/<ceb:Inventory>.*<\/ceb:Inventory>/s)[0]}</ceb:CEB621Message>`);
  const r = await post('/api/v1/declarations', both);
  assert.equal(r.status, 400);
  assert.match((await r.json()).message, /Inventory\[2\].*never declared/);
  const firstAlone = await post('/api/v1/declarations', inventoryXml(lot.ent, lot.gtin, 1, { copNo: a, appType: 2 }));
  assert.equal(firstAlone.status, 400, 'record 1 of the refused message was not stored');
});

test('many messages in one request get a receipt each', async () => {
  const messages = [
    inventoryXml(lot.ent, lot.gtin, 1, { copNo: `M1${Date.now() % 1e8}` }),
    '<not xml',
    inventoryXml(lot.ent, lot.gtin, 1, { copNo: `M2${Date.now() % 1e8}` }),
  ];
  const r = await post('/api/v1/declarations', { messages }, { type: 'application/json' });
  assert.equal(r.status, 200);
  const j = await r.json();
  outputs.push(JSON.stringify(j));
  assert.equal(j.accepted, 2);
  assert.equal(j.rejected, 1);
  assert.deepEqual(j.receipts.map((x) => x.status), ['accepted', 'rejected', 'accepted']);
});

test('a declaration and provenance recorded now show on the next scan', async () => {
  const uri = lot.codes[50];
  const before = await get(uri, { headers: { Accept: 'application/json' } });
  assert.equal(before.json.verdict, 'caution');
  assert.deepEqual(before.json.reasons.map((x) => x.code), ['not_declared']);
  assert.equal(before.json.declaration, null);

  const copNo = await declareAndBind(srv.url, lot, 50, 2);
  const auth = { key: lot.ent.key, type: 'application/json' };
  const gtin = lot.gtin;
  assert.equal((await post('/api/v1/lots', { gtin, lot: 'E2E-LOT', production_date: '2026-01-05', expiry_date: '2028-01-04' }, auth)).status, 201);
  assert.equal((await post('/api/v1/lots', { gtin, lot: 'E2E-LOT', production_date: '2026-01-05', expiry_date: '2025-01-04' }, auth)).status, 400);
  const ship = await post('/api/v1/shipments', { bill_no: `B${Date.now() % 1e9}`, departure_country: '601', port: '3105',
    arrival_date: '2026-02-20', warehouse: '测试保税仓', warehouse_en: 'Test bonded warehouse', lots: [{ gtin, lot: 'E2E-LOT', quantity: 100 }] }, auth);
  assert.equal(ship.status, 201, await ship.clone().text());
  assert.equal((await post('/api/v1/shipments', { bill_no: 'X1', departure_country: '999', port: '3105',
    arrival_date: '2026-02-20', warehouse: 'w', lots: [{ gtin, lot: 'E2E-LOT', quantity: 1 }] }, auth)).status, 400);
  const insp = await post('/api/v1/inspections', { gtin, lab: '宁波海关技术中心', lab_en: 'Technical Center of Ningbo Customs',
    report_no: `R${Date.now() % 1e9}`, tested_on: '2026-02-25', items: '微生物、重金属', passed: true,
    certificate: 'https://lab.example.com/r.pdf' }, auth);
  assert.equal(insp.status, 201, await insp.clone().text());
  const stranger = await newBatch(srv.url, 1, { bound: false });
  assert.equal((await post('/api/v1/inspections', { gtin, lab: 'x', report_no: 'y', tested_on: '2026-02-25',
    items: 'z', passed: true }, { key: stranger.ent.key, type: 'application/json' })).status, 404);
  const master = await fetch(`${srv.url}/api/v1/products/${gtin}`, {
    method: 'PATCH', headers: { Authorization: `Bearer ${lot.ent.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ manufacturer: 'Test Dairy Pty Ltd', hs_code: '1901101000', shelf_life_days: 730 }),
  });
  assert.equal(master.status, 200);

  const after = await get(uri, { headers: { Accept: 'application/json' } });
  assert.equal(after.json.verdict, 'genuine');
  // The enterprise's own reference and the buyer's order are not public.
  assert.equal(after.json.declaration.cop_no, undefined);
  assert.equal(after.json.declaration.order_no, undefined);
  assert.doesNotMatch(after.body, new RegExp(copNo));
  assert.equal(after.json.declaration.trade_mode, '1210');
  assert.equal(after.json.declaration.dispatch_country.name_en, 'Australia');
  assert.equal(after.json.provenance.inspections[0].lab, '宁波海关技术中心');
  assert.equal(after.json.importer.customs_class.code, 'regular');
  const page = await get(uri, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(page.body, /保税电商（1210）/);
  assert.doesNotMatch(page.body, new RegExp(copNo));
  assert.match(page.body, /已申报，海关清单编号尚未回执|清单编号/);
  // In English, the English names where given, the Chinese where not.
  const en = await get(`${uri}?lang=en`);
  assert.match(en.body, /Technical Center of Ningbo Customs/);
  assert.doesNotMatch(en.body, /宁波海关技术中心/);
  assert.match(en.body, /微生物、重金属/);
  outputs.push(after.body, page.body);
  // Other-enterprise binding and GTIN mismatch are refused.
  const other = await newBatch(srv.url, 10, { bound: false });
  const foreign = await post('/api/v1/bindings', { batch: other.batch.id, from: 0, to: 1, inventory: copNo, gnum: 1 },
    { type: 'application/json' });
  assert.equal(foreign.status, 404);
});

test('volumes and the data-quality report add up what was declared', async () => {
  const v = await (await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}/volumes?from=2026-01&to=2026-12`)).json();
  outputs.push(JSON.stringify(v));
  const nov = v.months.find((m) => m.month === '2026-11');
  assert.ok(nov.value_fen > 0);
  assert.ok(nov.products.some((p) => p.gtin === lot.gtin));
  assert.equal((await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}/volumes?from=2026-13`)).status, 400);
  await get(lot.codes[90]); // a code never bound, scanned

  const q = await (await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}/quality`, {
    headers: { Authorization: `Bearer ${lot.ent.key}` } })).json();
  assert.ok(q.messages.rejected >= 8);
  assert.ok(q.messages.sent_twice >= 2);
  assert.ok(q.messages.rejections_by_rule.some((r) => r.rule === 'must be a 10-digit HS code'));
  assert.ok(q.quantities.unbound_codes_scanned >= 1);
  // The appType 3 deletion left 5 codes bound to a deleted declaration.
  assert.ok(q.quantities.lines_over_declared_qty.some((l) => l.declaration_deleted));
  const stranger = await newBatch(srv.url, 1, { bound: false });
  const denied = await fetch(`${srv.url}/api/v1/enterprises/${lot.ent.id}/quality`, {
    headers: { Authorization: `Bearer ${stranger.ent.key}` } });
  assert.equal(denied.status, 403);
});

test('no public output carries a buyer\'s personal data', async () => {
  // The demo's sold codes, their linksets, and the demo importer's volumes.
  for (const batch of ['1', '2', '3', '4', '5']) {
    const r = cli('batch', 'export', '--batch', batch, '--to', '2', '--public-url', srv.url);
    for (const uri of r.stdout.split('\n')) {
      outputs.push((await get(uri)).body, (await get(uri, { headers: { Accept: 'application/json' } })).body,
        (await get(`${uri}?linkType=all`)).body);
    }
  }
  for (const id of [1, 2, 3]) outputs.push((await get(`${srv.url}/api/v1/enterprises/${id}/volumes`)).body);
  outputs.push((await get(`${srv.url}/metrics`)).body);
  const all = outputs.join('\n');
  assert.ok(all.length > 10000);
  for (const b of buyers) assert.ok(!all.includes(b), `found ${b}`);
});

test('the CLI declares files and says which were refused', () => {
  const r = cli('declare', '--enterprise', lot.ent.uscc, join(data, 'bad_total.xml'));
  assert.equal(r.status, 3);
  assert.match(r.stdout, /bad_total.xml: rejected: .*totalPrice: must equal qty x price/);
});
