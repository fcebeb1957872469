// log.test.mjs: the public log against the real server and PostgreSQL,
// checked by an implementation of its own here (RFC 6962 hashing, C2SP
// notes with Node's Ed25519): facts from concurrent requests get gap-free
// indexes, the tiles rebuild the signed root, checkpoints are consistent,
// every proof verifies (and offline with the CLI), a rolled-back fact
// leaves no entry, a witness cosigns, and bad requests get a clear 4xx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomInt, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startServer, cli, newEnterprise, BIN } from './harness.mjs';

let srv;
let regKey;
let vkey;
const dir = mkdtempSync(join(tmpdir(), 'bt-log-'));

before(async () => {
  srv = await startServer({ BONDTRACE_LOG_INTERVAL: '1' });
  const r = cli('apikey', 'create', '--role', 'regulator', '--label', 'e2e log');
  assert.equal(r.status, 0, r.stderr);
  regKey = r.stdout;
  vkey = (await (await fetch(`${srv.url}/log/verifier-key`)).text()).trim();
});

after(async () => { await srv?.stop(); });

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entry) => sha256(Buffer.from([0]), Buffer.from(entry));
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

// MTH over a list of leaf hashes (RFC 6962 2.1).
function mth(hashes) {
  if (hashes.length === 0) return sha256(Buffer.alloc(0));
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

// RFC 9162 2.1.3.2.
function checkInclusion(index, size, leaf, proof, root) {
  if (index >= size) return false;
  let fn = index; let sn = size - 1; let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

// RFC 9162 2.1.4.2.
function checkConsistency(m, n, r1, r2, proof) {
  if (m === n) return proof.length === 0 && r1.equals(r2);
  if (m === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  let path = proof;
  if ((m & (m - 1)) === 0) path = [r1, ...proof];
  let fn = m - 1; let sn = n - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = path[0]; let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(r1) && sr.equals(r2);
}

// A vkey "name+id+base64(type || key)" as Node's key object.
function parseVkey(v) {
  const [name, id, b64] = [v.slice(0, v.indexOf('+')), v.split('+')[1], v.slice(v.indexOf('+', v.indexOf('+') + 1) + 1)];
  const raw = Buffer.from(b64, 'base64');
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]), format: 'der', type: 'spki',
  });
  const want = sha256(Buffer.from(`${name}\n`), raw).subarray(0, 4).toString('hex');
  assert.equal(id, want, 'the key id is SHA-256(name || LF || type || key)[:4]');
  return { name, id, type: raw[0], key };
}

// Opens a checkpoint note with a vkey: its three lines, and the
// cosignatures' times by name.
function openCheckpoint(note, v = parseVkey(vkey)) {
  const at = note.lastIndexOf('\n\n');
  const body = note.slice(0, at + 1);
  const sigs = note.slice(at + 2).split('\n').filter(Boolean);
  let signed = false;
  const cosigned = {};
  for (const line of sigs) {
    assert.ok(line.startsWith('— '), line);
    const [name, b64] = line.slice(2).split(' ');
    const blob = Buffer.from(b64, 'base64');
    if (name === v.name && blob.subarray(0, 4).toString('hex') === v.id) {
      assert.ok(verify(null, Buffer.from(body), v.key, blob.subarray(4)), 'the log signature verifies');
      signed = true;
    } else {
      cosigned[name] = blob;
    }
  }
  assert.ok(signed, 'signed by the log');
  const [origin, size, root] = body.trimEnd().split('\n');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64'), body, cosigned };
}

async function checkpoint() {
  const r = await fetch(`${srv.url}/log/checkpoint`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  return openCheckpoint(await r.text());
}

async function checkpointOf(size) {
  for (let i = 0; i < 100; i++) {
    const c = await checkpoint();
    if (c.size >= size) return c;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no checkpoint of ${size} entries`);
}

// N in the x001/234 path encoding.
function tilePath(n) {
  const groups = [];
  do { groups.unshift(String(n % 1000).padStart(3, '0')); n = Math.floor(n / 1000); } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

// Every entry of the tree of size leaves, from the entry bundles.
async function entries(size) {
  const out = [];
  for (let n = 0; n * 256 < size; n++) {
    const w = Math.min(256, size - n * 256);
    const r = await fetch(`${srv.url}/log/tile/entries/${tilePath(n)}${w < 256 ? `.p/${w}` : ''}`);
    assert.equal(r.status, 200);
    const b = Buffer.from(await r.arrayBuffer());
    for (let off = 0; off < b.length;) {
      const len = b.readUInt16BE(off);
      out.push(b.subarray(off + 2, off + 2 + len).toString('utf8'));
      off += 2 + len;
    }
    assert.equal(out.length, n * 256 + w, `bundle ${n} holds ${w} entries`);
  }
  return out;
}

const penalty = (ent) => ({
  enterprise_id: ent.id,
  decision_no: `甬测罚〔2026〕日志${randomInt(1e9)}号`,
  violation: '未按规定公示商品信息',
  legal_basis: '《电子商务法》第七十五条',
  penalty: '警告',
  amount_fen: 100000,
  decided_on: '2026-02-01',
  authority: '宁波保税区市场监督管理局',
  severity: 'minor',
});

test('facts from concurrent requests get gap-free indexes, and the tiles rebuild the signed, consistent tree', async () => {
  const a = await checkpoint();
  assert.equal(a.origin, parseVkey(vkey).name);
  const ent = newEnterprise();
  const made = await Promise.all(Array.from({ length: 40 }, async () => {
    const p = penalty(ent);
    const r = await fetch(`${srv.url}/api/v1/penalties`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${regKey}` },
      body: JSON.stringify(p),
    });
    assert.equal(r.status, 201, await r.clone().text());
    return { ...p, id: (await r.json()).id };
  }));
  const b = await checkpointOf(a.size + 40);

  // The tiles hold every entry once, in index order; their tree is the
  // signed root.
  const all = await entries(b.size);
  const leaves = all.map(leafHash);
  assert.ok(mth(leaves).equals(b.root), 'the root of the entries is the checkpoint\'s');
  const level0 = Buffer.from(await (await fetch(`${srv.url}/log/tile/0/${tilePath(0)}${b.size < 256 ? `.p/${b.size}` : ''}`)).arrayBuffer());
  assert.ok(level0.subarray(0, 32).equals(leaves[0]));
  // A tile never changes at its width: the second read is served from
  // memory, byte for byte the same.
  const again = await fetch(`${srv.url}/log/tile/0/${tilePath(0)}${b.size < 256 ? `.p/${b.size}` : ''}`);
  assert.equal(again.headers.get('x-cache'), 'hit');
  assert.ok(Buffer.from(await again.arrayBuffer()).equals(level0));

  // Each penalty is one entry, at its own index; the indexes are those of
  // the entries that name it.
  const indexes = [];
  for (const p of made) {
    const r = await fetch(`${srv.url}/log/find?kind=penalty&id=${p.id}`, { redirect: 'manual' });
    assert.equal(r.status, 303);
    const index = Number(r.headers.get('location').split('/').pop());
    const entry = JSON.parse(all[index]);
    assert.equal(entry.kind, 'penalty');
    assert.equal(entry.id, p.id);
    assert.equal(entry.fact.decision, p.decision_no);
    assert.equal(entry.actor, 'regulator');
    indexes.push(index);
  }
  assert.equal(new Set(indexes).size, 40);
  assert.ok(Math.min(...indexes) >= a.size && Math.max(...indexes) < b.size);
  // Canonical JSON: sorted keys, no whitespace between tokens.
  const sample = all[indexes[0]];
  assert.equal(JSON.stringify(JSON.parse(sample)), sample.replace(/[\u2028\u2029]/g, (c) => c));
  assert.deepEqual(Object.keys(JSON.parse(sample)), ['actor', 'at', 'fact', 'id', 'kind']);

  // The log only grew from a to b.
  const c = await (await fetch(`${srv.url}/api/v1/log/consistency?from=${a.size}&to=${b.size}`)).json();
  const proof = c.proof.map((h) => Buffer.from(h, 'base64'));
  assert.ok(checkConsistency(a.size, b.size, a.root, b.root, proof));
  if (proof.length) {
    proof[0][0] ^= 1;
    assert.ok(!checkConsistency(a.size, b.size, a.root, b.root, proof));
  }
});

test('an entry\'s proof verifies here and offline with the CLI, and a tampered one does not', async () => {
  const cp = await checkpointOf(1);
  const index = cp.size - 1;
  const r = await fetch(`${srv.url}/api/v1/log/entries/${index}`, { headers: { Accept: 'application/json' } });
  assert.equal(r.status, 200);
  const p = await r.json();
  const c = openCheckpoint(p.checkpoint);
  assert.equal(p.tree_size, c.size);
  assert.ok(checkInclusion(index, c.size, leafHash(p.entry), p.inclusion_proof.map((h) => Buffer.from(h, 'base64')), c.root));

  const file = join(dir, 'proof.json');
  writeFileSync(file, JSON.stringify(p));
  const ok = cli('log', 'check-proof', file, '--vkey', vkey);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /proof verified/);
  writeFileSync(file, JSON.stringify({ ...p, entry: p.entry.replace('"kind"', '"kinD"') }));
  const bad = cli('log', 'check-proof', file, '--vkey', vkey);
  assert.equal(bad.status, 5);
  assert.match(bad.stderr, /not in the log/);
  const tampered = p.checkpoint.replace(/\n\d+\n/, `\n${c.size + 1}\n`);
  writeFileSync(file, JSON.stringify({ ...p, checkpoint: tampered }));
  assert.equal(cli('log', 'check-proof', file, '--vkey', vkey).status, 6);
  const other = cli('log', 'witness-key', '--name', 'someone.example/log', '--out', join(dir, 'other.key'));
  assert.equal(other.status, 0, other.stderr);
  writeFileSync(file, JSON.stringify(p));
  assert.equal(cli('log', 'check-proof', file, '--vkey', other.stdout).status, 6);

  // The same from the CLI, and the page a person sees.
  const proved = cli('log', 'prove', String(index));
  assert.equal(proved.status, 0, proved.stderr);
  assert.equal(JSON.parse(proved.stdout).entry, p.entry);
  const page = await (await fetch(`${srv.url}/log/entries/${index}?lang=en`)).text();
  assert.ok(page.includes('Inclusion proof'));
  assert.ok(page.includes(p.inclusion_proof[0] ?? p.leaf_hash));
});

test('the monitor rebuilds the whole log and proves it only grew since a saved checkpoint', async () => {
  const saved = join(dir, 'checkpoint');
  const first = cli('log', 'verify', '--save', saved);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^log verified: \d+ entries/m);
  const ent = newEnterprise();
  const r = await fetch(`${srv.url}/api/v1/penalties`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${regKey}` },
    body: JSON.stringify(penalty(ent)),
  });
  assert.equal(r.status, 201);
  assert.equal(cli('log', 'checkpoint').status, 0);
  const again = cli('log', 'verify', '--since', saved);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /consistent with/);
  // A saved checkpoint the log did not sign is refused.
  writeFileSync(join(dir, 'forged'), 'x/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— x/log AAAA\n');
  assert.notEqual(cli('log', 'verify', '--since', join(dir, 'forged')).status, 0);
});

test('a fact whose transaction rolls back leaves no entry; a committed one leaves exactly one', () => {
  const url = process.env.BONDTRACE_DATABASE_URL;
  const ent = newEnterprise();
  const psql = (sql) => {
    const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const id = (out) => out.split('\n').find((l) => /^\d+$/.test(l));
  const rolled = id(psql(`BEGIN; INSERT INTO commendation (enterprise_id, title_zh, title_en, authority, decided_on)
    VALUES (${ent.id}, '测试表彰', 'Test', '测试机关', '2026-01-01') RETURNING id; ROLLBACK;`));
  const kept = id(psql(`INSERT INTO commendation (enterprise_id, title_zh, title_en, authority, decided_on)
    VALUES (${ent.id}, '测试表彰', 'Test', '测试机关', '2026-01-01') RETURNING id`));
  // The kept one's entry waits in the queue until a sequencer (the
  // server's, or the command's) appends it; the rolled back one has none.
  const queuedOrLogged = (ref) => psql(`SELECT count(*) FROM (SELECT kind, ref FROM log_queue
    UNION ALL SELECT kind, ref FROM log_entry) q WHERE kind = 'commendation' AND ref = ${ref}`);
  assert.equal(queuedOrLogged(rolled), '0');
  assert.equal(queuedOrLogged(kept), '1');
  assert.equal(cli('log', 'checkpoint').status, 0);
  assert.equal(psql(`SELECT count(*) FROM log_entry WHERE kind = 'commendation' AND ref = ${rolled}`), '0');
  assert.equal(psql(`SELECT count(*) FROM log_entry WHERE kind = 'commendation' AND ref = ${kept}`), '1');
  // The indexes have no gap whatever rolled back.
  assert.equal(psql('SELECT count(*) = max(idx) + 1 AND count(*) = (SELECT size FROM log_head) FROM log_entry'), 't');
});

test('sequencers racing (two commands and the server) append a burst of queued entries once each, gap-free', async () => {
  const url = process.env.BONDTRACE_DATABASE_URL;
  const sql = (q) => spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', q], { encoding: 'utf8' });
  const before = sql('SELECT size FROM log_head');
  assert.equal(before.status, 0, before.stderr);
  // 12,000 facts' entries queued at once, more than one sequencer batch.
  // Declarations' entries (a kind the pages know) of ids no record has.
  const base = 1e12;
  const burst = () => Number(sql(`SELECT count(*) FROM log_entry WHERE kind = 'declaration' AND ref > ${base}`).stdout);
  const had = burst();
  const q = sql(`SELECT count(log_append('declaration', ${base} + g, 'system', jsonb_build_object('n', g, 'text', E'tab\\there, back\\\\slash')))
    FROM generate_series(1, 12000) g`);
  assert.equal(q.status, 0, q.stderr);
  const run = () => new Promise((resolve) => {
    const c = spawn(BIN, ['log', 'checkpoint'], { env: process.env, stdio: 'ignore' });
    c.on('exit', resolve);
  });
  assert.deepEqual(await Promise.all([run(), run()]), [0, 0]);
  assert.equal(sql('SELECT count(*) FROM log_queue').stdout.trim(), '0');
  assert.equal(burst(), had + 12000);
  assert.ok(Number(sql('SELECT size FROM log_head').stdout) >= Number(before.stdout) + 12000);
  assert.equal(sql(`SELECT count(*) = max(idx) + 1 AND count(*) = (SELECT size FROM log_head)
    FROM log_entry`).stdout.trim(), 't');
  // Each body is the queued text byte for byte (COPY's escapes undone).
  const body = sql(`SELECT body FROM log_entry WHERE kind = 'declaration' AND ref = ${base} + 7 ORDER BY idx DESC LIMIT 1`).stdout.trim();
  assert.equal(JSON.parse(body).fact.text, 'tab\there, back\\slash');
  // The sequencer's canonical text of the fact is the SQL function's.
  const sqlCanonical = sql(`SELECT log_canonical(jsonb_build_object('n', 7, 'text', E'tab\\there, back\\\\slash'))`).stdout.trim();
  assert.equal(body.match(/"fact":(.*),"id":/)[1], sqlCanonical);
  // The monitor rebuilds the whole tree from the tiles and finds the
  // signed root.
  const v = cli('log', 'verify');
  assert.equal(v.status, 0, v.stderr);
});

test('a witness cosigns only checkpoints consistent with the last it cosigned, and they are served with it', async () => {
  const wkey = join(dir, 'witness.key');
  const made = cli('log', 'witness-key', '--name', 'customs.example/witness', '--out', wkey);
  assert.equal(made.status, 0, made.stderr);
  const wvkey = made.stdout;
  const w = await startServer({ BONDTRACE_LOG_WITNESSES: wvkey, BONDTRACE_LOG_INTERVAL: '1' });
  try {
    const state = join(dir, 'witness.state');
    const round = async (old) => {
      const req = await (await fetch(`${w.url}/log/witness?old=${old}`)).text();
      const out = spawnSync(BIN, ['log', 'witness', '--key', wkey, '--state', state, '--log-key', vkey],
        { input: req, encoding: 'utf8', env: process.env });
      return { ...out, req };
    };
    const first = await round(0);
    assert.equal(first.status, 0, `${first.stderr}\n${first.req}`);
    const posted = await fetch(`${w.url}/log/cosignatures`, { method: 'POST', body: first.stdout });
    assert.equal(posted.status, 200, await posted.clone().text());
    let cp = openCheckpoint(await (await fetch(`${w.url}/log/checkpoint`)).text());
    const blob = cp.cosigned['customs.example/witness'];
    assert.ok(blob, 'the checkpoint is served with the cosignature');
    const wk = parseVkey(wvkey);
    assert.equal(wk.type, 4);
    const time = blob.readBigUInt64BE(4);
    assert.ok(verify(null, Buffer.from(`cosignature/v1\ntime ${time}\n${cp.body}`), wk.key, blob.subarray(12)));

    // The log grows; the witness proves from what it cosigned.
    const ent = newEnterprise();
    await fetch(`${w.url}/api/v1/penalties`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${regKey}` },
      body: JSON.stringify(penalty(ent)),
    });
    const grown = cp.size + 1;
    for (let i = 0; i < 50 && cp.size < grown; i++) {
      await new Promise((r) => setTimeout(r, 200));
      cp = openCheckpoint(await (await fetch(`${w.url}/log/checkpoint`)).text());
    }
    const stale = await round(0);
    assert.equal(stale.status, 5, 'a proof from the wrong size is refused');
    assert.match(stale.stderr, /last cosigned/);
    const second = await round(grown - 1);
    assert.equal(second.status, 0, second.stderr);
    assert.equal((await fetch(`${w.url}/log/cosignatures`, { method: 'POST', body: second.stdout })).status, 200);

    // A cosignature that does not verify, or by an unknown witness, is refused.
    const forged = second.stdout.replace(/(customs\.example\/witness )(\S+)/, (m, a, b64) => {
      const flip = b64[60] === 'A' ? 'B' : 'A';
      return a + b64.slice(0, 60) + flip + b64.slice(61);
    });
    assert.equal((await fetch(`${w.url}/log/cosignatures`, { method: 'POST', body: forged })).status, 401);
    const unknown = cli('log', 'witness-key', '--name', 'nobody.example/w', '--out', join(dir, 'nobody.key'));
    assert.equal(unknown.status, 0);
    const theirs = spawnSync(BIN, ['log', 'witness', '--key', join(dir, 'nobody.key'), '--state', join(dir, 'nobody.fresh'), '--log-key', vkey],
      { input: await (await fetch(`${w.url}/log/witness?old=0`)).text(), encoding: 'utf8', env: process.env });
    assert.equal(theirs.status, 0, theirs.stderr);
    const only = theirs.stdout.split('\n').filter((l) => !l.startsWith('— customs.example/')).join('\n');
    const refused = await fetch(`${w.url}/log/cosignatures`, { method: 'POST', body: only, headers: { Accept: 'application/json' } });
    assert.equal(refused.status, 404);
    assert.match((await refused.json()).message, /no cosignature by a witness/);
  } finally {
    await w.stop();
  }
});

test('bad requests get a clear 4xx and change nothing', async () => {
  const before = await checkpoint();
  const cases = [
    ['/log/tile/0/x000/001', 400], ['/log/tile/0/1234', 400], ['/log/tile/entries/000.p/0', 400],
    ['/log/tile/0/000.p/256', 400], ['/log/tile/7/000', 400], ['/log/tile/0/x999/999', 404],
    ['/log/tile/entries/x999/999.p/3', 404], ['/api/v1/log/entries/99999999999', 404], ['/api/v1/log/entries/-1', 400],
    [`/api/v1/log/consistency?from=1&to=${before.size + 1000000}`, 400], ['/api/v1/log/consistency?from=5&to=2', 400],
    ['/api/v1/log/consistency?from=x&to=2', 400], [`/log/witness?old=${before.size + 1000000}`, 400],
    ['/log/find?kind=secret&id=1', 400], ['/log/find?kind=penalty&id=0', 400], ['/log/find?kind=penalty&enterprise=1', 400], ['/log/find?kind=penalty&id=999999999', 404],
  ];
  for (const [path, status] of cases) {
    const r = await fetch(`${srv.url}${path}`, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, status, path);
    assert.ok((await r.json()).message, `${path} says why`);
  }
  for (const body of ['', 'garbage', `${before.body}\n— nobody AAAA\n`]) {
    const r = await fetch(`${srv.url}/log/cosignatures`, { method: 'POST', body, headers: { Accept: 'application/json' } });
    assert.ok(r.status >= 400 && r.status < 500, `${r.status} for ${JSON.stringify(body)}`);
  }
  const after = await checkpoint();
  assert.ok(after.size >= before.size);
});

test('pages that show a logged fact link to its entry', async () => {
  const links = new Map();
  const collect = async (path) => {
    const html = await (await fetch(`${srv.url}${path}`)).text();
    for (const m of html.matchAll(/href="(\/log\/find\?kind=(\w+)&amp;(?:id|enterprise)=\d+)"/g)) {
      links.set(m[1].replace(/&amp;/g, '&'), m[2]);
    }
  };
  for (const id of [1, 2, 3]) await collect(`/enterprises/${id}`);
  const complaint = readFileSync(`${process.env.BONDTRACE_KEY_FILE}.demo-complaint`, 'utf8').trim();
  await collect(complaint.replace(/^https?:\/\/[^/]+/, ''));
  const kinds = new Set(links.values());
  for (const k of ['rating', 'inspection', 'penalty', 'complaint_event']) assert.ok(kinds.has(k), `a ${k} links to the log`);
  for (const [href, kind] of links) {
    const r = await fetch(`${srv.url}${href}`, { redirect: 'manual' });
    assert.equal(r.status, 303, href);
    const entry = await (await fetch(`${srv.url}${r.headers.get('location').replace('/log/', '/api/v1/log/')}`)).json();
    assert.equal(entry.kind, kind, href);
  }
});

test('an off-the-shelf client, Go\'s sumdb note and tlog packages, verifies the log with no code of ours', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const gocache = join(root, 'build', 'gocache');
  const r = spawnSync('go', ['run', join(root, 'tests/interop/tlog_client.go'), srv.url, vkey], {
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: gocache, GOFLAGS: '' },
    timeout: 240000,
  });
  assert.equal(r.error, undefined, 'go runs (scripts/packages.txt installs golang-go and golang-golang-x-mod-dev)');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ok \d+/);
});
