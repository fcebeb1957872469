// scans.test.mjs: scans from a script move counts and verdicts as the
// rules say; suspect scans raise alerts; statuses and GS1 links show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, get, newBatch } from './harness.mjs';

let srv;
let lot;
let regulatorKey;

const json = { Accept: 'application/json' };

before(async () => {
  srv = await startServer();
  lot = await newBatch(srv.url, 200);
  const r = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e');
  assert.equal(r.status, 0, r.stderr);
  regulatorKey = r.stdout;
});

after(async () => { await srv.stop(); });

function api(method, path, key, body) {
  return fetch(srv.url + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

test('counts rise by one per scan and the page says so', async () => {
  const uri = lot.codes[1];
  const first = await get(uri, { headers: json });
  assert.equal(first.json.scans.count, 1);
  assert.equal(first.json.verdict, 'genuine');
  const page = await get(uri, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(page.body, /此码已被查询 2 次，首次查询时间 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）/);
  const en = await get(`${uri}?lang=en`);
  assert.match(en.body, /This code has been queried 3 times, first at/);
  const again = await get(uri, { headers: json });
  assert.equal(again.json.scans.count, 4);
  assert.equal(again.json.scans.first_at, first.json.scans.first_at);
});

test('64 concurrent scans of one code leave a count of exactly 64', async () => {
  const uri = lot.codes[2];
  const results = await Promise.all(Array.from({ length: 64 }, () => get(uri, { headers: json })));
  const counts = results.map((r) => r.json.scans.count).sort((a, b) => a - b);
  assert.deepEqual(counts, Array.from({ length: 64 }, (_, i) => i + 1));
  assert.equal((await get(uri, { headers: json })).json.scans.count, 65);
});

test('a code scanned often turns caution, then suspect, and raises one alert', async () => {
  // A cloned label: many buyers (each its own address and phone) on many
  // networks. A viewer's own repeats would not count (hardening tests).
  const uri = lot.codes[3];
  const verdicts = [];
  const reasons = [];
  for (let i = 1; i <= 50; i++) {
    const r = (await get(uri, { localAddress: `127.0.${(i % 17) + 20}.${i}`, headers: { ...json, 'User-Agent': `phone ${i}` } })).json;
    assert.equal(r.scans.count, i);
    verdicts.push(r.verdict);
    reasons.push(r.reasons.map((x) => x.code));
  }
  assert.ok(!reasons[8].includes('scanned_often')); // 9th scan
  assert.ok(reasons[9].includes('scanned_often')); // 10th: the category's limit
  assert.ok(reasons[48].includes('scanned_often'));
  assert.ok(reasons[49].includes('scanned_very_often')); // 50th
  assert.equal(verdicts[49], 'suspect');
  const last = (await get(uri, { localAddress: '127.0.99.1', headers: { ...json, 'User-Agent': 'phone 51' } })).json;
  assert.equal(last.verdict, 'suspect');
  assert.ok(last.reasons.some((r) => r.code === 'scanned_very_often'));
  assert.ok(last.reasons[0].text.length > 10);
  const page = await get(uri, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(page.body, /疑似假冒或问题商品/);
  assert.match(page.body, /远超正常范围/);

  const mine = await (await api('GET', '/api/v1/alerts?state=open', lot.ent.key)).json();
  const alert = mine.alerts.find((a) => a.batch === lot.batch.id && a.index === 3);
  assert.ok(alert, JSON.stringify(mine));
  // every suspect scan went to the one alert: the 50, then two views
  assert.equal(alert.scans, verdicts.filter((v) => v === 'suspect').length + 2);
  assert.ok(alert.reasons.includes('scanned_very_often'));
  const all = await (await api('GET', '/api/v1/alerts', regulatorKey)).json();
  assert.ok(all.alerts.some((a) => a.id === alert.id));
  const stranger = await newBatch(srv.url, 1);
  const theirs = await (await api('GET', '/api/v1/alerts', stranger.ent.key)).json();
  assert.ok(!theirs.alerts.some((a) => a.id === alert.id));

  const ack = await api('POST', `/api/v1/alerts/${alert.id}/acknowledge`, lot.ent.key, { note: 'checking the shop' });
  assert.equal(ack.status, 200);
  assert.equal((await ack.json()).state, 'acknowledged');
  assert.equal((await api('POST', `/api/v1/alerts/${alert.id}/acknowledge`, lot.ent.key)).status, 409);
  assert.equal((await api('POST', `/api/v1/alerts/${alert.id}/close`, stranger.ent.key)).status, 404);
  const closed = await api('POST', `/api/v1/alerts/${alert.id}/close`, regulatorKey, { note: 'fake shop reported' });
  assert.equal((await closed.json()).state, 'closed');
  // A new suspect scan after closing opens a new alert.
  await get(uri, { headers: json });
  const open = await (await api('GET', '/api/v1/alerts?state=open', lot.ent.key)).json();
  assert.ok(open.alerts.some((a) => a.index === 3 && a.id !== alert.id));

  const csv = await api('GET', '/api/v1/alerts?format=csv', lot.ent.key);
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).split('\r\n');
  assert.equal(lines[0], 'id,enterprise_id,batch,index,state,reasons,scans,created_at,last_scan_at,note');
  assert.ok(lines.some((l) => l.startsWith(`${alert.id},${lot.ent.id},${lot.batch.id},3,closed,`) && l.includes('scanned_very_often;')), lines.join('\n'));

  // The code's history: its count, both alerts and the newest scans, to
  // its enterprise and to a regulator, to no one else.
  const path = `/api/v1/batches/${lot.batch.id}/codes/3`;
  const history = await (await api('GET', path, lot.ent.key)).json();
  assert.equal(history.stats.count, 53);
  assert.equal(history.alerts.length, 2);
  assert.deepEqual(history.alerts.map((a) => a.state), ['open', 'closed']);
  assert.equal(history.scans.length, 53);
  assert.equal(history.scans[0].verdict, 'suspect');
  assert.ok(history.scans[0].at >= history.scans[52].at);
  assert.equal(history.uri.replace(/^https?:\/\/[^/]+/, ''), uri.replace(/^https?:\/\/[^/]+/, ''));
  const staff = await api('GET', path, regulatorKey);
  assert.equal(staff.status, 200);
  assert.equal((await staff.json()).uri, undefined, 'a regulator sees the record, never the serial');
  assert.equal((await api('GET', path, stranger.ent.key)).status, 404);
  const beyond = await api('GET', `/api/v1/batches/${lot.batch.id}/codes/200`, lot.ent.key);
  assert.equal(beyond.status, 404);
  assert.match((await beyond.json()).message, /numbered from 0/);
  assert.equal((await fetch(srv.url + path)).status, 401);
});

test('scans from many networks, and impossible travel, are flagged', async () => {
  const uri = lot.codes[4];
  const nets = ['127.0.1.9', '127.0.2.9', '127.0.3.9', '127.0.4.9', '127.0.5.9'];
  const seen = [];
  for (const localAddress of nets) seen.push((await get(uri, { localAddress, headers: json })).json);
  assert.equal(seen[1].verdict, 'genuine');
  assert.equal(seen[2].verdict, 'caution');
  assert.ok(seen[2].reasons.some((r) => r.code === 'many_places'));
  assert.equal(seen[4].verdict, 'suspect');
  assert.ok(seen[4].reasons.some((r) => r.code === 'very_many_places'));

  const travel = lot.codes[5];
  const hz = await get(`${travel}?region=330106`, { headers: json });
  assert.equal(hz.json.verdict, 'genuine');
  assert.equal(hz.json.scans.first_region, '330106');
  const urumqi = await get(`${travel}?region=650102`, { localAddress: '127.0.60.1', headers: json });
  assert.equal(urumqi.json.verdict, 'suspect');
  assert.ok(urumqi.json.reasons.some((r) => r.code === 'impossible_travel'));
  const bad = await get(`${travel}?region=999999`, { headers: json });
  assert.equal(bad.status, 400);
});

test('a recalled range shows its notice; revoked codes are suspect', async () => {
  const recall = await api('POST', `/api/v1/batches/${lot.batch.id}/status`, lot.ent.key,
    { from: 100, to: 150, status: 'recalled', reason: '批次抽检不合格，主动召回' });
  assert.equal(recall.status, 201, await recall.clone().text());
  const overlap = await api('POST', `/api/v1/batches/${lot.batch.id}/status`, regulatorKey,
    { from: 140, to: 160, status: 'revoked', reason: 'x' });
  assert.equal(overlap.status, 409);
  assert.match((await overlap.json()).message, /overlaps/);
  const beyond = await api('POST', `/api/v1/batches/${lot.batch.id}/status`, lot.ent.key,
    { from: 150, to: 201, status: 'revoked', reason: 'x' });
  assert.equal(beyond.status, 400);
  const stranger = await newBatch(srv.url, 1);
  const foreign = await api('POST', `/api/v1/batches/${lot.batch.id}/status`, stranger.ent.key,
    { from: 150, to: 160, status: 'revoked', reason: 'x' });
  assert.equal(foreign.status, 404);
  const revoke = await api('POST', `/api/v1/batches/${lot.batch.id}/status`, regulatorKey,
    { from: 150, to: 160, status: 'revoked', reason: '标签被盗用' });
  assert.equal(revoke.status, 201);

  const recalled = await get(lot.codes[120], { headers: json });
  assert.equal(recalled.json.verdict, 'caution');
  assert.equal(recalled.json.status.status, 'recalled');
  const page = await get(lot.codes[120], { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(page.body, /此批商品已召回：请停止使用/);
  assert.match(page.body, /批次抽检不合格，主动召回/);
  const revoked = await get(lot.codes[155], { headers: json });
  assert.equal(revoked.json.verdict, 'suspect');
  assert.ok(revoked.json.reasons.some((r) => r.code === 'revoked'));
  const list = await (await api('GET', `/api/v1/batches/${lot.batch.id}/status`, lot.ent.key)).json();
  assert.deepEqual(list.ranges.map((r) => [r.from, r.to, r.status]), [[100, 150, 'recalled'], [150, 160, 'revoked']]);
});

test('GS1 resolver: description, linkset, linkType redirects', async () => {
  const desc = await (await fetch(`${srv.url}/.well-known/gs1resolver`)).json();
  assert.equal(desc.resolverRoot, srv.url);
  assert.deepEqual(desc.supportedPrimaryKeys, ['01']);
  const link = await api('POST', '/api/v1/links', lot.ent.key,
    { gtin: lot.gtin, type: 'gs1:pip', href: 'https://brand.example.com/item', title: 'Product information', lang: 'en' });
  assert.equal(link.status, 201);
  const cert = await api('POST', '/api/v1/links', lot.ent.key,
    { gtin: lot.gtin, type: 'gs1:certificationInfo', href: 'https://lab.example.com/report/42', title: '检测报告', lang: 'zh' });
  assert.equal(cert.status, 201);
  assert.equal((await api('POST', '/api/v1/links', lot.ent.key,
    { gtin: lot.gtin, type: 'pip', href: 'https://x.example.com', title: 't' })).status, 400);
  assert.equal((await api('POST', '/api/v1/links', lot.ent.key,
    { gtin: lot.gtin, type: 'gs1:pip', href: 'javascript:alert(1)', title: 't' })).status, 400);
  const stranger = await newBatch(srv.url, 1);
  assert.equal((await api('POST', '/api/v1/links', stranger.ent.key,
    { gtin: lot.gtin, type: 'gs1:pip', href: 'https://evil.example.com', title: 't' })).status, 404);

  const uri = lot.codes[10];
  const all = await get(`${uri}?linkType=all`);
  assert.equal(all.status, 200);
  assert.match(all.headers['content-type'], /application\/linkset\+json/);
  const set = all.json.linkset[0];
  assert.equal(set.anchor, uri);
  assert.equal(set['https://gs1.org/voc/pip'][0].href, 'https://brand.example.com/item');
  assert.equal(set['https://gs1.org/voc/traceability'][0].href, uri);
  const byAccept = await get(uri, { headers: { Accept: 'application/linkset+json' } });
  assert.ok(byAccept.json.linkset);
  const pip = await get(`${uri}?linkType=gs1:pip`);
  assert.equal(pip.status, 307);
  assert.equal(pip.headers.location, 'https://brand.example.com/item');
  const none = await get(`${uri}?linkType=gs1:recallStatus`, { headers: json });
  assert.equal(none.status, 404);
  const malformed = await get(`${uri}?linkType=nonsense`, { headers: json });
  assert.equal(malformed.status, 400);
  const page = await get(`${uri}?linkType=gs1:traceability`);
  assert.equal(page.status, 200);
  assert.match(page.headers.link, /rel="linkset"/);
  // Redirects are scans too.
  assert.equal((await get(uri, { headers: json })).json.scans.count, 6);
});

test('element strings from DataMatrix and GS1-128 readers resolve like URIs', async () => {
  const uri = lot.codes[11];
  const serial = uri.split('/21/')[1];
  const post = (data) => fetch(`${srv.url}/api/v1/resolve`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data }),
  });
  const a = await (await post(`(01)${lot.gtin}(21)${serial}`)).json();
  assert.equal(a.code.uri, uri);
  assert.equal(a.scans.count, 1);
  const b = await (await post(`]d201${lot.gtin}\u001d21${serial}`)).json();
  assert.equal(b.scans.count, 2);
  const c = await (await post(uri.toUpperCase().replace(serial.toUpperCase(), serial))).json();
  assert.equal(c.scans.count, 3);
  const forged = await post(`(01)${lot.gtin}(21)${serial.slice(0, -1)}${serial.endsWith('0') ? '1' : '0'}`);
  assert.equal(forged.status, 404);
  const bad = await post('(01)123(21)X');
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error, 'invalid_input');
});
