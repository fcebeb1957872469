// hardening.test.mjs: the public door as a hostile or unlucky client finds
// it: GS1 Digital Link variants, lots at their longest, request framing,
// floods of one code, HEAD requests, slow clients, a stalled database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { noisePng } from '../support/noise_png.mjs';
import { startServer, cli, get, newBatch, newEnterprise, randomGtin13, launchBrowser } from './harness.mjs';

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

// The private cluster's processes (postmaster and its children), from the
// lock file beside its socket; null when the database is someone else's.
function clusterPids() {
  const url = new URL(process.env.BONDTRACE_DATABASE_URL ?? '');
  const host = url.searchParams.get('host');
  if (!host || !host.startsWith('/')) return null;
  let lock;
  try { lock = readFileSync(join(host, `.s.PGSQL.${url.port || 5432}.lock`), 'utf8'); } catch { return null; }
  const master = Number(lock.split('\n')[0]);
  const children = spawnSync('pgrep', ['-P', String(master)], { encoding: 'utf8' }).stdout
    .split('\n').filter(Boolean).map(Number);
  return [master, ...children];
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { r, ms: performance.now() - t0 };
}

test('a stalled database: /livez and forged codes answer at once, scans 503 with Retry-After, then recover', async (t) => {
  const pids = clusterPids();
  if (pids === null) { t.skip('the database is not the private cluster'); return; }
  const { base, gtin } = parts(lot.codes[5]);
  const forged = `${base}/01/${gtin}/21/AAAAAAAAAAAAAAAAAAAA`;
  const fresh = await newBatch(srv.url, 3, { bound: false });
  for (const p of pids) process.kill(p, 'SIGSTOP');
  try {
    // The first request to need the database waits out its bound once...
    const first = await timed(() => get(fresh.codes[0], { headers: json }));
    assert.equal(first.r.status, 503);
    assert.ok(first.r.headers['retry-after']);
    // ...after which nothing waits for it.
    for (let i = 0; i < 5; i++) {
      const live = await timed(() => get(`${srv.url}/livez`));
      assert.equal(live.r.status, 200);
      assert.ok(live.ms < 1000, `/livez took ${live.ms} ms`);
      const fake = await timed(() => get(forged, { headers: json }));
      assert.equal(fake.r.status, 404);
      assert.ok(fake.ms < 1000, `a forged code took ${fake.ms} ms`);
      const scan = await timed(() => get(fresh.codes[1], { headers: json }));
      assert.equal(scan.r.status, 503);
      assert.ok(scan.ms < 1000, `a scan took ${scan.ms} ms while the database was known to be down`);
    }
  } finally {
    for (const p of pids) process.kill(p, 'SIGCONT');
  }
  let back;
  for (let i = 0; i < 50; i++) {
    back = await get(fresh.codes[2], { headers: json });
    if (back.status === 200) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(back.status, 200);
  assert.equal(back.json.scans.count, 1);
});

test('slow-header clients from one address do not keep others out, and are cut at a fixed deadline', async () => {
  const own = await startServer({ BONDTRACE_HEAD_TIMEOUT_S: '3', BONDTRACE_PER_IP_CONNECTIONS: '64' });
  const { port } = new URL(own.url);
  const sockets = [];
  let closed = 0;
  for (let i = 0; i < 300; i++) {
    const s = net.connect({ port: Number(port), host: '127.0.0.1' });
    s.on('error', () => {});
    s.on('close', () => { closed++; });
    s.write('GET /livez HTTP/1.1\r\nHost: x\r\n');
    sockets.push(s);
  }
  // A header line a second: each byte would restart an idle timeout.
  const drip = setInterval(() => { for (const s of sockets) if (!s.destroyed) s.write('X-Slow: 1\r\n'); }, 1000);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const code = lot.codes[7].replace(srv.url, own.url);
    for (let i = 0; i < 5; i++) {
      const live = await timed(() => get(`${own.url}/livez`, { localAddress: '127.0.0.2' }));
      assert.equal(live.r.status, 200);
      assert.ok(live.ms < 1000, `/livez took ${live.ms} ms`);
      const scan = await timed(() => get(code, { localAddress: '127.0.0.2', headers: json }));
      assert.equal(scan.r.status, 200);
      assert.ok(scan.ms < 1000, `a scan took ${scan.ms} ms`);
    }
    // Past the head deadline every slow connection is gone, though each
    // kept sending.
    for (let i = 0; i < 40 && closed < sockets.length; i++) await new Promise((r) => setTimeout(r, 250));
    assert.equal(closed, sockets.length);
  } finally {
    clearInterval(drip);
    for (const s of sockets) s.destroy();
    await own.stop();
  }
});

test('a server started before its database waits for it instead of exiting', async () => {
  const child = spawn(process.env.BONDTRACE_BIN, ['serve', '--listen', '127.0.0.1:0'], {
    env: { ...process.env, BONDTRACE_DATABASE_URL: 'postgresql:///none?host=/nonexistent-socket-dir', BONDTRACE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(child.exitCode, null, `exited: ${log}`);
  assert.match(log, /waiting for the database/);
  child.kill('SIGKILL');
});

test('photo uploads wait in a bounded queue off the HTTP threads while scans keep flowing', async () => {
  const own = await startServer({ BONDTRACE_DECODE_QUEUE: '1' });
  try {
    const noise = noisePng(1200, 1200);
    const uploads = Array.from({ length: 6 }, () => fetch(`${own.url}/api/v1/scan`,
      { method: 'POST', headers: { 'Content-Type': 'image/png', Accept: 'application/json' }, body: noise }));
    const code = lot.codes[8].replace(srv.url, own.url);
    for (let i = 0; i < 5; i++) {
      const scan = await timed(() => get(code, { localAddress: '127.0.0.2', headers: json }));
      assert.equal(scan.r.status, 200);
      assert.ok(scan.ms < 1000, `a scan took ${scan.ms} ms behind the uploads`);
    }
    const answers = await Promise.all(uploads);
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.includes(200), statuses.join());
    const refused = answers.filter((r) => r.status === 503);
    assert.ok(refused.length >= 1, statuses.join());
    assert.ok(refused[0].headers.get('retry-after'));
    assert.match((await refused[0].json()).message, /too many photos/);
  } finally {
    await own.stop();
  }
});

// Holds a lock on a table for ms milliseconds from a psql session of its
// own; resolves once the lock is granted.
async function holdLock(table, mode, ms) {
  const url = process.env.BONDTRACE_DATABASE_URL;
  const holder = spawn('psql', ['-X', '-q', url, '-c',
    `BEGIN; LOCK TABLE ${table} IN ${mode} MODE; SELECT pg_sleep(${ms / 1000}); COMMIT`], { stdio: 'ignore' });
  const done = new Promise((resolve) => holder.once('exit', resolve));
  for (let i = 0; i < 100; i++) {
    const q = spawnSync('psql', ['-X', '-At', url, '-c',
      `SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = '${table}' AND l.granted AND l.pid <> pg_backend_pid()`],
    { encoding: 'utf8' });
    if (q.stdout.trim() !== '0') return done;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no lock on ${table}`);
}

test('writing requests run on a bounded worker pool: a stuck write holds no HTTP thread, the overflow gets 503', async () => {
  const own = await startServer({ BONDTRACE_WORKERS: '1', BONDTRACE_WORKER_QUEUE: '2' });
  const count = () => Number(spawnSync('psql', ['-X', '-At', process.env.BONDTRACE_DATABASE_URL, '-c',
    "SELECT count(*) FROM cmpl_case WHERE description LIKE 'pool test %'"], { encoding: 'utf8' }).stdout);
  try {
    const before = count();
    // Filings wait on the lock in the one worker; two more may queue.
    const released = await holdLock('cmpl_case', 'SHARE ROW EXCLUSIVE', 2500);
    const filings = Array.from({ length: 6 }, (_, i) => fetch(`${own.url}/api/v1/complaints`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'report', code: lot.codes[12].replace(srv.url, own.url), category: 'counterfeit',
        description: `pool test ${i}: the seal was broken` }),
    }));
    // Meanwhile the HTTP threads answer everyone else at once.
    const code = lot.codes[13].replace(srv.url, own.url);
    for (let i = 0; i < 3; i++) {
      const scan = await timed(() => get(code, { headers: json }));
      assert.equal(scan.r.status, 200);
      assert.ok(scan.ms < 1000, `a scan took ${scan.ms} ms behind a stuck write`);
    }
    const answers = await Promise.all(filings);
    await released;
    const statuses = answers.map((r) => r.status);
    const refused = answers.filter((r) => r.status === 503);
    const filed = statuses.filter((s) => s === 201).length;
    assert.ok(refused.length >= 3 && filed >= 1 && refused.length + filed === 6, statuses.join());
    assert.equal(refused[0].headers.get('retry-after'), '1');
    assert.match((await refused[0].json()).message, /busy; try again/);
    // Each 201 is a stored case, and nothing else was stored.
    assert.equal(count() - before, filed);
  } finally {
    await own.stop();
  }
});

test('print exports over HTTP are bounded: one at a time per key', async () => {
  const big = await newBatch(srv.url, 200000, { bound: false });
  const auth = { Authorization: `Bearer ${big.ent.key}` };
  const url = `${srv.url}/api/v1/batches/${big.batch.id}/codes?format=png`;
  const first = await fetch(url, { headers: auth });
  assert.equal(first.status, 200);
  const reader = first.body.getReader();
  await reader.read(); // streaming, not finished
  const second = await fetch(url, { headers: auth });
  assert.equal(second.status, 429);
  assert.ok(second.headers.get('retry-after'));
  assert.match((await second.json()).message, /still running/);
  await reader.cancel();
  let third;
  for (let i = 0; i < 50; i++) {
    third = await fetch(`${url}&from=0&to=10`, { headers: auth });
    if (third.status === 200) break;
    await third.arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(third.status, 200);
  await third.arrayBuffer();
});

test('a flood of one code from one address, reloads, the language toggle and HEAD leave a genuine code genuine', async () => {
  const uri = lot.codes[9];
  // A buyer: the page, reloads, the other language.
  for (const q of ['', '', '?lang=en', '?lang=zh', '']) {
    const r = await get(uri + q, { headers: { 'User-Agent': 'buyer phone' } });
    assert.equal(r.status, 200);
  }
  // HEAD records nothing.
  for (let i = 0; i < 5; i++) {
    const h = await fetch(uri, { method: 'HEAD' });
    assert.equal(h.status, 200);
  }
  let r = await get(uri, { headers: { ...json, 'User-Agent': 'buyer phone' } });
  assert.equal(r.json.scans.count, 6); // the honest count: every view, no HEAD
  assert.equal(r.json.verdict, 'genuine');
  // Someone who saw the label, 300 times from one address, with
  // changing browsers.
  const answers = [];
  for (let wave = 0; wave < 6; wave++) {
    const burst = [];
    for (let i = 0; i < 50; i++) burst.push(get(uri, { localAddress: '127.0.77.7', headers: { ...json, 'User-Agent': `bot ${i % 40}` } }));
    answers.push(...await Promise.all(burst));
  }
  assert.ok(answers.every((a) => a.status === 200 || a.status === 429));
  r = await get(uri, { headers: { ...json, 'User-Agent': 'buyer phone' } });
  assert.equal(r.json.verdict, 'genuine', JSON.stringify(r.json.reasons));
  assert.ok(r.json.scans.count > 6, 'the flood is still counted honestly');
  const alerts = await (await fetch(`${srv.url}/api/v1/alerts?state=open`, { headers: { Authorization: `Bearer ${lot.ent.key}` } })).json();
  assert.ok(!alerts.alerts.some((a) => a.batch === lot.batch.id && a.index === 9));
});

// The sign-in form's cookie and token, as a browser gets them.
async function loginForm(url, opts = {}) {
  const r = await fetch(`${url}/login`, opts);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const csrf = (await r.text()).match(/name="csrf" value="([0-9a-f]{32})"/)[1];
  return { cookie, csrf };
}

function postLogin(url, { cookie, csrf }, fields, localAddress) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams({ ...fields, ...(csrf ? { csrf } : {}) }).toString();
    const u = new URL(`${url}/login`);
    const req = http.request({ host: u.hostname, port: u.port, path: '/login', method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...(cookie ? { Cookie: cookie } : {}) } },
    (res) => { res.resume(); res.on('end', () => resolve(res)); });
    req.on('error', reject);
    req.end(body);
  });
}

test('a sign-in form posted from another site is refused', async () => {
  const r = await postLogin(srv.url, {}, { username: 'nobody', password: 'x'.repeat(12) });
  assert.equal(r.statusCode, 403);
  const stale = await postLogin(srv.url, { cookie: 'bt_login=' + '0'.repeat(32), csrf: '1'.repeat(32) }, { api_key: 'x' });
  assert.equal(stale.statusCode, 403);
});

test('guessing passwords meets growing waits, then a lock an admin lifts', async () => {
  const user = `guess${randomInt(1e9)}`;
  const password = `right-${randomInt(1e12)}-pw`;
  const made = spawnSync(process.env.BONDTRACE_BIN, ['account', 'add', '--username', user, '--role', 'regulator'],
    { input: `${password}\n`, encoding: 'utf8', env: process.env });
  assert.equal(made.status, 0, made.stderr);
  const form = await loginForm(srv.url);
  const statuses = [];
  // Guessing at full speed: waits are not waited out, and that leads to
  // the lock after ten.
  for (let i = 0; i < 100; i++) {
    const r = await postLogin(srv.url, form, { username: user, password: `wrong-${i}-password` });
    statuses.push(r.statusCode);
    if (r.statusCode === 429) assert.ok(Number(r.headers['retry-after']) >= 1);
    if (r.statusCode === 423) break;
  }
  assert.equal(statuses.length, 11, statuses.join());
  assert.deepEqual(statuses.slice(0, 3), [401, 401, 401]);
  assert.ok(statuses.includes(429), statuses.join());
  // Even the right password does not open a locked account...
  const locked = await postLogin(srv.url, form, { username: user, password });
  assert.equal(locked.statusCode, 423, statuses.join());
  // ...until an admin lifts the lock.
  const admin = cli('apikey', 'create', '--role', 'admin', '--label', 'unlock');
  assert.equal(admin.status, 0, admin.stderr);
  const regulator = cli('apikey', 'create', '--role', 'regulator', '--label', 'no-unlock');
  const denied = await fetch(`${srv.url}/api/v1/accounts/${user}/unlock`, { method: 'POST', headers: { Authorization: `Bearer ${regulator.stdout}` } });
  assert.equal(denied.status, 403);
  const lift = await fetch(`${srv.url}/api/v1/accounts/${user}/unlock`, { method: 'POST', headers: { Authorization: `Bearer ${admin.stdout}` } });
  assert.equal(lift.status, 200);
  const ok = await postLogin(srv.url, form, { username: user, password });
  assert.equal(ok.statusCode, 303);
});

test('per-network limits answer 429 with Retry-After; other networks go on', async () => {
  const own = await startServer({ BONDTRACE_RATE_SCANS: '20', BONDTRACE_RATE_FORGED: '5', BONDTRACE_RATE_UPLOADS: '2', BONDTRACE_RATE_LOGINS: '3' });
  try {
    const code = lot.codes[10].replace(srv.url, own.url);
    const { gtin } = parts(lot.codes[10]);
    const forged = `${own.url}/01/${gtin}/21/BBBBBBBBBBBBBBBBBBBB`;
    const hit = async (url, localAddress) => (await get(url, { localAddress, headers: json })).status;
    const scans = [];
    for (let i = 0; i < 25; i++) scans.push(await hit(code, '127.0.81.1'));
    // a burst of 20, and a token every 3 s after it
    const served = scans.filter((s) => s === 200).length;
    assert.ok(served >= 20 && served <= 22, scans.join());
    assert.equal(scans.at(-1), 429);
    const limited = await get(code, { localAddress: '127.0.81.2', headers: json });
    assert.equal(limited.status, 429, 'the same /24 shares the limit');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal(await hit(code, '127.0.82.1'), 200, 'another network is not held');
    const probes = [];
    for (let i = 0; i < 7; i++) probes.push(await hit(forged, '127.0.83.1'));
    assert.deepEqual(probes.slice(0, 5), [404, 404, 404, 404, 404]);
    assert.equal(probes.at(-1), 429);
    const form = await loginForm(own.url);
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push((await postLogin(own.url, form, { api_key: 'not-a-key' }, '127.0.84.1')).statusCode);
    assert.deepEqual(logins, [401, 401, 401, 429]);
  } finally {
    await own.stop();
  }
});

test('statistics and profiles read rollups that the scan writer keeps in step', async () => {
  const stats = async () => (await get(`${srv.url}/api/v1/statistics`, { headers: json })).json;
  const before = await stats();
  const fresh = await newBatch(srv.url, 5, { bound: false });
  const profile = async () => (await get(`${srv.url}/enterprises/${fresh.ent.id}?format=json`, { headers: json })).json;
  for (let i = 0; i < 3; i++) await get(fresh.codes[0], { localAddress: `127.0.${90 + i}.1`, headers: json });
  await get(fresh.codes[1], { headers: json });
  const after = await stats();
  assert.equal(after.codes_scanned - before.codes_scanned, 2);
  assert.equal(after.scans_per_day.at(-1).value - before.scans_per_day.at(-1).value, 4);
  const sum = (s) => s.verdicts.reduce((a, v) => a + v.value, 0);
  assert.equal(sum(after) - sum(before), 4);
  const p = await profile();
  assert.equal(JSON.stringify(p).match(/"codes_scanned":(\d+)/)[1], '2');
  assert.equal(JSON.stringify(p).match(/"scans":(\d+)/)[1], '4');
});

test('the statistics are kept for anonymous readers until this server records a scan', async () => {
  const read = () => get(`${srv.url}/api/v1/statistics`, { headers: json });
  await read();
  const kept = await read();
  assert.equal(kept.headers['x-cache'], 'hit');
  const fresh = await newBatch(srv.url, 2, { bound: false });
  await get(fresh.codes[0], { localAddress: '127.0.99.1', headers: json });
  const after = await read();
  assert.equal(after.headers['x-cache'], 'miss', 'a recorded scan ends the kept statistics');
  assert.equal(after.json.codes_scanned - kept.json.codes_scanned, 1);
});

test('an admin lifts a lock from the account page in the browser', async () => {
  const mk = (user, role, pw) => spawnSync(process.env.BONDTRACE_BIN, ['account', 'add', '--username', user, '--role', role],
    { input: `${pw}\n`, encoding: 'utf8', env: process.env });
  const admin = `adm${randomInt(1e9)}`, locked = `lck${randomInt(1e9)}`;
  assert.equal(mk(admin, 'admin', 'admin-password-long').status, 0);
  assert.equal(mk(locked, 'regulator', 'locked-password-long').status, 0);
  const form = await loginForm(srv.url);
  for (let i = 0; i < 12; i++) await postLogin(srv.url, form, { username: locked, password: `nope-${i}-nope-nope` });
  assert.equal((await postLogin(srv.url, form, { username: locked, password: 'locked-password-long' })).statusCode, 423);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${srv.url}/login?next=/account`);
    await page.fill('input[name=username]', admin);
    await page.fill('input[name=password]', 'admin-password-long');
    await page.click('#login button[type=submit]');
    await page.waitForURL(/\/account/);
    await page.fill('#unlock-form input[name=username]', locked);
    await page.click('#unlock-form button[type=submit]');
    await page.waitForSelector('#unlocked');
    assert.match(await page.textContent('#unlocked'), new RegExp(`已解锁：\\s*${locked}`));
    await page.goto(`${srv.url}/account?lang=en`);
    assert.match(await page.textContent('#unlock-form h2'), /Lift a sign-in lock/);
  } finally {
    await browser.close();
  }
  assert.equal((await postLogin(srv.url, form, { username: locked, password: 'locked-password-long' })).statusCode, 303);
});
