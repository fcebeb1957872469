// disclosure.test.mjs: the credit disclosure portal over HTTP against the
// real server and PostgreSQL: penalties that leave public view on their
// end date (with a clock the test sets), credit repair, explainable ratings
// and rule-set changes, random draws anyone can recompute, lists, profile
// facts, open data (paging, CSV, OpenAPI) and regulator forms with CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { startServer, cli, newEnterprise, randomUscc, randomCustomsCode, BIN } from './harness.mjs';

let srv;
let regKey;
let adminKey;

function key(role) {
  const r = cli('apikey', 'create', '--role', role, '--label', 'e2e disclosure');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  srv = await startServer();
  regKey = key('regulator');
  adminKey = key('admin');
});

after(async () => { await srv?.stop(); });

async function call(url, method, path, body, bearer) {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, json, text, headers: r.headers };
}

const penalty = (ent, over = {}) => ({
  enterprise_id: ent.id,
  decision_no: `甬测罚〔2026〕${randomInt(1e9)}号`,
  violation: '未按规定公示商品信息',
  legal_basis: '《电子商务法》第七十五条',
  penalty: '警告',
  amount_fen: 1000000,
  decided_on: '2026-02-01',
  authority: '宁波保税区市场监督管理局',
  severity: 'minor',
  ...over,
});

test('a penalty is public until its end date and then leaves every public view', async () => {
  const ent = newEnterprise();
  const before = await startServer({ BONDTRACE_CLOCK: '2026-03-01' });
  const p = penalty(ent, { months: 3 });
  try {
    const made = await call(before.url, 'POST', '/api/v1/penalties', p, regKey);
    assert.equal(made.status, 201, made.text);
    const listed = await call(before.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
    assert.equal(listed.json.total, 1);
    assert.equal(listed.json.items[0].publish_until, '2026-05-01');
    assert.equal(listed.json.items[0].amount_fen, 1000000);
    const page = await fetch(`${before.url}/enterprises/${ent.id}`).then((r) => r.text());
    assert.ok(page.includes(p.decision_no));
    const rating = await call(before.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`);
    assert.equal(rating.json.facts.penalties_minor, 1);
  } finally { await before.stop(); }

  // Days are Beijing days: 15:59:59 UTC is the last second of 30 April.
  const lastDay = await startServer({ BONDTRACE_CLOCK: '2026-04-30T15:59:59Z' });
  try {
    const listed = await call(lastDay.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
    assert.equal(listed.json.total, 1, 'still public on its last day');
  } finally { await lastDay.stop(); }

  const after = await startServer({ BONDTRACE_CLOCK: '2026-04-30T16:00:00Z' });
  try {
    const listed = await call(after.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
    assert.equal(listed.json.total, 0);
    const page = await fetch(`${after.url}/enterprises/${ent.id}`).then((r) => r.text());
    assert.ok(!page.includes(p.decision_no));
    const csv = await fetch(`${after.url}/api/v1/penalties.csv`).then((r) => r.text());
    assert.ok(!csv.includes(p.decision_no));
  } finally { await after.stop(); }
  // recomputed as of that day, the rating no longer counts it
  const again = spawnSync(BIN, ['credit', 'recompute'], { encoding: 'utf8', env: { ...process.env, BONDTRACE_CLOCK: '2026-05-02' } });
  assert.equal(again.status, 0, again.stderr);
  const shown = JSON.parse(spawnSync(BIN, ['credit', 'show', ent.uscc], { encoding: 'utf8', env: process.env }).stdout);
  assert.equal(shown.facts.penalties_minor, 0);
});

test('bad penalties are refused with a reason and store nothing', async () => {
  const ent = newEnterprise();
  const cases = [
    [{ severity: 'grave' }, 400, /severity/],
    [{ decided_on: '2099-01-01' }, 400, /future/],
    [{ decided_on: '2026-02-30' }, 400, /decided_on/],
    [{ severity: 'general', months: 1 }, 400, /3 to 12 months/],
    [{ violation: '' }, 400, /violation/],
    [{ amount_fen: -5 }, 400, /amount/],
    [{ enterprise_id: 999999999 }, 404, /no such enterprise/],
  ];
  for (const [over, status, msg] of cases) {
    const r = await call(srv.url, 'POST', '/api/v1/penalties', penalty(ent, over), regKey);
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.match(r.json.message, msg);
  }
  const listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  assert.equal(listed.json.total, 0);
  const p = penalty(ent);
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', p, regKey)).status, 201);
  const twice = await call(srv.url, 'POST', '/api/v1/penalties', p, regKey);
  assert.equal(twice.status, 409);
  assert.match(twice.json.message, /already recorded/);
  // an enterprise cannot record penalties; nobody can without a key
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', penalty(ent), ent.key)).status, 403);
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', penalty(ent))).status, 401);
});

test('credit repair: refused before the minimum period, then applied, approved and published', async () => {
  const ent = newEnterprise();
  const early = await startServer({ BONDTRACE_CLOCK: '2026-02-01' });
  let pid;
  try {
    const made = await call(early.url, 'POST', '/api/v1/penalties',
      penalty(ent, { severity: 'general', decided_on: '2026-01-10' }), regKey);
    assert.equal(made.status, 201, made.text);
    pid = made.json.id;
    const tooSoon = await call(early.url, 'POST', `/api/v1/penalties/${pid}/repair`,
      { commitment: '严格守法经营', rectification: '已整改' }, ent.key);
    assert.equal(tooSoon.status, 409);
    assert.match(tooSoon.json.message, /from 2026-04-10/);
  } finally { await early.stop(); }

  const later = await startServer({ BONDTRACE_CLOCK: '2026-05-01' });
  try {
    const other = newEnterprise();
    const notYours = await call(later.url, 'POST', `/api/v1/penalties/${pid}/repair`,
      { commitment: 'x', rectification: 'y' }, other.key);
    assert.equal(notYours.status, 404);
    const bad = await call(later.url, 'POST', `/api/v1/penalties/${pid}/repair`,
      { commitment: '承诺', rectification: '整改', proof_url: 'javascript:alert(1)' }, ent.key);
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /proof_url/);
    const applied = await call(later.url, 'POST', `/api/v1/penalties/${pid}/repair`,
      { commitment: '严格守法经营', rectification: '已下架并整改', rectification_en: 'Withdrawn and corrected', proof_url: 'https://example.com/proof' }, ent.key);
    assert.equal(applied.status, 201, applied.text);
    const again = await call(later.url, 'POST', `/api/v1/penalties/${pid}/repair`,
      { commitment: 'x', rectification: 'y' }, ent.key);
    assert.equal(again.status, 409);
    const pending = await call(later.url, 'GET', '/api/v1/repairs/pending', undefined, regKey);
    assert.ok(pending.json.some((r) => r.id === applied.json.id && r.rectification_en === 'Withdrawn and corrected' && r.commitment_en === ''));
    const csv = await call(later.url, 'GET', '/api/v1/repairs/pending?format=csv', undefined, regKey);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.ok(csv.text.split('\r\n').some((l) => l.startsWith(`${applied.json.id},${pid},`) && l.includes('已下架并整改')), csv.text);
    assert.equal((await call(later.url, 'GET', '/api/v1/repairs/pending', undefined, ent.key)).status, 403);

    const noReason = await call(later.url, 'POST', `/api/v1/repairs/${applied.json.id}/decision`,
      { decision: 'approve' }, regKey);
    assert.equal(noReason.status, 400);
    const ok = await call(later.url, 'POST', `/api/v1/repairs/${applied.json.id}/decision`,
      { decision: 'approve', reason: '整改到位，同意修复' }, regKey);
    assert.equal(ok.status, 200, ok.text);
    const twice = await call(later.url, 'POST', `/api/v1/repairs/${applied.json.id}/decision`,
      { decision: 'reject', reason: 'x' }, regKey);
    assert.equal(twice.status, 409);

    const listed = await call(later.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
    assert.equal(listed.json.total, 0, 'a repaired penalty leaves public view');
    const profile = await call(later.url, 'GET', `/api/v1/enterprises/${ent.id}`);
    const outcome = profile.json.rewards_penalties.repairs[0];
    assert.equal(outcome.status, 'approved');
    assert.equal(outcome.reason, '整改到位，同意修复');
    assert.equal(profile.json.rating.facts.penalties_general, 0);
  } finally { await later.stop(); }
});

test('a rating explains itself, and a rule-set change recomputes and shows both', async () => {
  const ent = newEnterprise();
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties',
    penalty(ent, { severity: 'general', decided_on: new Date().toISOString().slice(0, 10) }), regKey)).status, 201);
  const r = await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`);
  assert.equal(r.status, 200);
  const top = r.json.result.reasons[0];
  assert.equal(top.code, 'penalty_general');
  assert.equal(top.points, -60);
  assert.ok(r.json.result.raise.some((x) => x.code === 'penalty_general' && x.points === 60));
  assert.ok(Number.isInteger(r.json.score));
  assert.ok(!JSON.stringify(r.json).includes('NaN'));

  const rules = (await call(srv.url, 'GET', '/api/v1/rules')).json.find((v) => v.active);
  const broken = structuredClone(rules.body);
  broken.grades[1].to = broken.grades[0].from + 10; // B reaches into A
  const refused = await call(srv.url, 'POST', '/api/v1/rules', { rules: broken, note: 'overlap' }, adminKey);
  assert.equal(refused.status, 400);
  assert.match(refused.json.message, /overlap/);
  assert.equal((await call(srv.url, 'POST', '/api/v1/rules', { rules: rules.body, note: 'x' }, regKey)).status, 403);
  const garbled = await fetch(`${srv.url}/admin/rules`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ rules: '{"baseline": 700,', note: 'half a rule set' }).toString(),
  });
  assert.equal(garbled.status, 400);
  assert.match((await garbled.json()).message, /not valid JSON/);

  const stricter = structuredClone(rules.body);
  stricter.factors.find((f) => f.code === 'penalty_general').points = -90;
  const made = await call(srv.url, 'POST', '/api/v1/rules', { rules: stricter, note: 'general penalties weigh more' }, adminKey);
  try {
    assert.equal(made.status, 201, made.text);
    const now = await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`);
    assert.equal(now.json.rules_version, made.json.version);
    assert.equal(now.json.score, r.json.score - 30);
    assert.equal(now.json.previous_rules.rules_version, rules.version);
    assert.equal(now.json.previous_rules.score, r.json.score);
    const page = await fetch(`${srv.url}/enterprises/${ent.id}`).then((x) => x.text());
    assert.match(page, /id="previous-rules"/);
  } finally {
    const back = await call(srv.url, 'POST', '/api/v1/rules', { rules: rules.body, note: 'back to the first rule set' }, adminKey);
    assert.equal(back.status, 201, back.text);
  }
});

test('a draw publishes its seed first and its selection after, and anyone can recompute it', async () => {
  const made = await call(srv.url, 'POST', '/api/v1/draws', { title: '2026年第四季度双随机抽查', title_en: 'Q4 2026 random inspection draw' }, regKey);
  assert.equal(made.status, 201, made.text);
  const d = made.json;
  assert.match(d.seed, /^[0-9a-f]{64}$/);
  assert.equal(d.selection, null);
  assert.ok(d.population.length > 0);
  assert.ok(d.population.every((e) => typeof e.rate === 'number' && e.grade));
  const run = await call(srv.url, 'POST', `/api/v1/draws/${d.id}/run`, {}, regKey);
  assert.equal(run.status, 200, run.text);
  assert.equal((await call(srv.url, 'POST', `/api/v1/draws/${d.id}/run`, {}, regKey)).status, 409);

  // Recompute from what was published, with nothing but SHA-256.
  const published = (await call(srv.url, 'GET', `/api/v1/draws/${d.id}`)).json;
  const mine = published.population.filter((e) => {
    const h = createHash('sha256').update(`${published.seed}:${e.uscc}`).digest('hex');
    return Number(BigInt(`0x${h.slice(0, 16)}`)) / 2 ** 64 < e.rate;
  }).map((e) => e.uscc);
  assert.deepEqual(published.selection.map((e) => e.uscc), mine);
  const verify = cli('draw', 'verify', String(d.id));
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /the same/);
  const page = await fetch(`${srv.url}/draws/${d.id}`).then((r) => r.text());
  assert.ok(page.includes(published.seed));
  assert.match(page, /<h1>2026年第四季度双随机抽查<\/h1>/);
  const en = await fetch(`${srv.url}/draws/${d.id}?lang=en`).then((r) => r.text());
  assert.match(en, /<h1>Q4 2026 random inspection draw<\/h1>/);
  assert.equal((await call(srv.url, 'POST', '/api/v1/draws', { title: 'x', title_en: 'y'.repeat(201) }, regKey)).status, 400);
});

test('the black list names a firm with a serious penalty, with the reason', async () => {
  const ent = newEnterprise();
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties',
    penalty(ent, { severity: 'serious', decided_on: new Date().toISOString().slice(0, 10) }), regKey)).status, 201);
  const lists = (await call(srv.url, 'GET', '/api/v1/lists')).json;
  const entry = lists.black.find((e) => e.id === ent.id);
  assert.ok(entry, 'on the black list');
  assert.ok(entry.reasons.includes('serious_penalty'));
  assert.ok(!lists.red.some((e) => e.id === ent.id));
  const page = await fetch(`${srv.url}/lists?lang=en`).then((r) => r.text());
  assert.match(page, /A serious penalty is being published/);
});

test('an enterprise publishes its commitments and insurance; a regulator records a broken one', async () => {
  const ent = newEnterprise();
  const c = await call(srv.url, 'POST', '/api/v1/commitments',
    { text_zh: '7天无理由退货', text_en: '7-day returns', since: '2026-01-01' }, ent.key);
  assert.equal(c.status, 201, c.text);
  // Insurance facts come from policies, which an insurer or a regulator
  // registers (an enterprise may not).
  const policy = {
    insurer: 'picc-nb', number: `P-${randomInt(1e9)}`, enterprise_id: ent.id, starts_on: '2026-01-01', ends_on: '2099-12-31',
    per_claim_fen: 100000, aggregate_fen: 100000000, claim_days: 365,
  };
  assert.equal((await call(srv.url, 'POST', '/api/v1/policies', policy, ent.key)).status, 403);
  const ins = await call(srv.url, 'POST', '/api/v1/policies', policy, regKey);
  assert.equal(ins.status, 201, ins.text);
  const entity = await call(srv.url, 'PATCH', `/api/v1/enterprises/${ent.id}`, { legal_rep: '张三', registered_on: '2018-05-04' }, ent.key);
  assert.equal(entity.status, 200, entity.text);
  let rating = (await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`)).json;
  assert.equal(rating.facts.commitments_kept, 1);
  assert.equal(rating.facts.insured, 1);
  const kept = rating.score;

  // what an enterprise may not do, and bad input
  assert.equal((await call(srv.url, 'POST', '/api/v1/commendations',
    { title_zh: '自评', title_en: 'Self', authority: 'me', decided_on: '2026-01-01' }, ent.key)).status, 403);
  const other = newEnterprise();
  assert.equal((await call(srv.url, 'PATCH', `/api/v1/enterprises/${other.id}`, { legal_rep: 'x' }, ent.key)).status, 403);
  const unknown = await call(srv.url, 'POST', '/api/v1/commitments', { text_zh: 'a', text_en: 'b', since: '2026-01-01', colour: 'red' }, ent.key);
  assert.equal(unknown.status, 400);
  assert.match(unknown.json.message, /colour/);
  const badDate = await call(srv.url, 'POST', '/api/v1/policies',
    { ...policy, number: `P-${randomInt(1e9)}`, starts_on: '2026-05-01', ends_on: '2026-01-01' }, regKey);
  assert.equal(badDate.status, 400);
  assert.match(badDate.json.message, /ends_on/);

  const broken = await call(srv.url, 'POST', `/api/v1/commitments/${c.json.id}/broken`,
    { enterprise_id: ent.id, broken_on: new Date().toISOString().slice(0, 10), broken_reason: '拒绝7天无理由退货', broken_reason_en: 'Refused a seven-day return' }, regKey);
  assert.equal(broken.status, 201, broken.text);
  rating = (await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`)).json;
  assert.equal(rating.facts.commitments_broken, 1);
  const pts = (code) => rating.result.factors.find((f) => f.code === code).points;
  assert.equal(pts('commitment_broken'), -50);
  assert.equal(pts('commitments'), 0);
  assert.equal(pts('months_clean'), 0, 'a violation today restarts the clean months');
  assert.ok(rating.score < kept);
  const profile = (await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}`)).json;
  assert.equal(profile.entity.legal_rep, '张三');
  assert.equal(profile.service.commitments[0].broken_reason, '拒绝7天无理由退货');
  const english = await fetch(`${srv.url}/enterprises/${ent.id}?lang=en`).then((r) => r.text());
  assert.match(english, /Refused a seven-day return/);
  assert.doesNotMatch(english, /拒绝7天无理由退货/);
  assert.equal(profile.service.insurance[0].in_force, true);
  for (const cat of ['entity', 'operating', 'regulatory', 'service', 'rewards_penalties', 'complaints'])
    assert.ok(profile[cat], `category ${cat}`);
});

test('open data: search, paging, CSV without formulas, and every route in the OpenAPI file', async () => {
  const ent = newEnterprise();
  const found = await call(srv.url, 'GET', `/api/v1/enterprises?q=${ent.uscc}`);
  assert.equal(found.json.total, 1);
  assert.equal(found.json.items[0].id, ent.id);
  const byName = await call(srv.url, 'GET', `/api/v1/enterprises?q=${encodeURIComponent(`Importer ${ent.uscc}`)}`);
  assert.equal(byName.json.total, 1);
  const page2 = await call(srv.url, 'GET', '/api/v1/enterprises?per_page=1&page=2');
  assert.equal(page2.json.items.length, 1);
  assert.equal(page2.json.page, 2);
  for (const q of ['per_page=0', 'per_page=201', 'page=x'])
    assert.equal((await call(srv.url, 'GET', `/api/v1/enterprises?${q}`)).status, 400, q);

  const sly = cli('enterprise', 'add', '--uscc', randomUscc(), '--customs-code', randomCustomsCode(),
    '--name-zh', '=HYPERLINK("http://evil.example","点我")', '--name-en', '+cmd|calc');
  assert.equal(sly.status, 0, sly.stderr);
  const r = await fetch(`${srv.url}/api/v1/enterprises.csv`);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  const csv = await r.text();
  assert.match(csv.split('\r\n')[0], /^id,uscc,customs_code,name_zh,name_en,grade,score$/);
  assert.ok(csv.includes(ent.uscc));
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""点我"")"`), 'formulas are neutralised');
  assert.ok(csv.includes(`"'+cmd|calc"`));

  const spec = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url)));
  assert.match(spec.openapi, /^3\./);
  const routes = cli('routes').stdout.split('\n').map((l) => l.split(' '));
  assert.ok(routes.length > 50);
  for (const [method, path] of routes) {
    const item = spec.paths[path];
    assert.ok(item, `${path} is in docs/openapi.json`);
    assert.ok(item[method.toLowerCase()], `${method} ${path} is in docs/openapi.json`);
  }
  for (const path of Object.keys(spec.paths))
    assert.ok(routes.some(([, p]) => p === path), `${path} in docs/openapi.json is a route`);
});

test('regulator forms need a session and its CSRF token', async () => {
  const user = `reg${randomInt(1e9)}`;
  const password = `pw-${randomInt(1e12)}-long`;
  const made = spawnSync(BIN, ['account', 'add', '--username', user, '--role', 'regulator'],
    { input: `${password}\n`, encoding: 'utf8', env: process.env });
  assert.equal(made.status, 0, made.stderr);
  const ent = newEnterprise();
  // the first of this month: six months on is the first of a month too
  const now = new Date();
  const decided = `${now.toISOString().slice(0, 7)}-01`;
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1)).toISOString().slice(0, 10);
  const form = (extra) => new URLSearchParams({
    enterprise: ent.customsCode, decision_no: `表单罚${randomInt(1e9)}`, violation: '虚假宣传',
    legal_basis: '《广告法》第五十五条', penalty: '罚款', amount: '20000.50', decided_on: decided,
    authority: '宁波保税区市场监督管理局', severity: 'general', months: '', ...extra,
  }).toString();

  // no session: sent to sign in; nothing stored
  const anon = await fetch(`${srv.url}/regulator/penalties`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(),
  });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login\?next=/);

  const form0 = await fetch(`${srv.url}/login`);
  const loginCookie = form0.headers.get('set-cookie').split(';')[0];
  const loginCsrf = (await form0.text()).match(/name="csrf" value="([0-9a-f]{32})"/)[1];
  const login = await fetch(`${srv.url}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: loginCookie },
    body: new URLSearchParams({ username: user, password, csrf: loginCsrf }).toString(),
  });
  assert.equal(login.status, 303);
  const cookie = login.headers.get('set-cookie').split(/,(?=\s*bt_)/).find((c) => c.trim().startsWith('bt_session=')).trim().split(';')[0];
  const desk = await fetch(`${srv.url}/regulator`, { headers: { Cookie: cookie } }).then((r) => r.text());
  const csrf = desk.match(/name="csrf" value="([0-9a-f]{32})"/)[1];

  const forged = await fetch(`${srv.url}/regulator/penalties`, {
    method: 'POST', redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ csrf: '0'.repeat(32) }),
  });
  assert.equal(forged.status, 403);
  const ok = await fetch(`${srv.url}/regulator/penalties`, {
    method: 'POST', redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ csrf }),
  });
  assert.equal(ok.status, 303, await ok.text());
  assert.equal(ok.headers.get('location'), `/enterprises/${ent.id}`);
  const listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  assert.equal(listed.json.total, 1);
  assert.equal(listed.json.items[0].amount_fen, 2000050);
  assert.equal(listed.json.items[0].publish_until, until);
  const bad = await fetch(`${srv.url}/regulator/penalties`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    body: form({ csrf, amount: 'lots' }),
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /amount/);
});

test('the server recomputes ratings by itself when told to every second', async () => {
  const ent = newEnterprise();
  const s = await startServer({ BONDTRACE_RATING_INTERVAL: '1' });
  try {
    let rating;
    for (let i = 0; i < 100; i++) {
      rating = await call(s.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`);
      if (rating.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(rating.status, 200);
    assert.equal(rating.json.grade, 'B');
  } finally { await s.stop(); }
});

// A decision date some days back, so that the penalty is public today.
const recently = () => new Date(Date.now() - 10 * 86400e3).toISOString().slice(0, 10);

test('a published penalty is corrected and then withdrawn, and both revisions are published', async () => {
  const ent = newEnterprise();
  const p = penalty(ent, { severity: 'general', decided_on: recently() });
  const made = await call(srv.url, 'POST', '/api/v1/penalties', p, regKey);
  assert.equal(made.status, 201, made.text);
  const pid = made.json.id;
  const path = `/api/v1/penalties/${pid}/revisions`;

  // refused: no reason, nothing changed, bad kind, an enterprise, unknown penalty
  const refusals = [
    [{ kind: 'correction', amount_fen: 500000 }, regKey, 400, /reason/],
    [{ kind: 'correction', reason: '笔误', penalty: p.penalty }, regKey, 400, /nothing to correct/],
    [{ kind: 'erase', reason: 'x' }, regKey, 400, /correction or withdrawal/],
    [{ kind: 'correction', reason: 'x', violation: '' }, regKey, 400, /nothing to correct/],
    [{ kind: 'correction', reason: 'x', amount_fen: 1 }, ent.key, 403, /./],
    // a withdrawal with fields would change them unpublished
    [{ kind: 'withdrawal', reason: 'x', violation: '改写' }, regKey, 400, /withdrawal changes no field/],
  ];
  for (const [body, bearer, status, msg] of refusals) {
    const r = await call(srv.url, 'POST', path, body, bearer);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.json.message, msg);
  }
  const unknown = await call(srv.url, 'POST', '/api/v1/penalties/999999999/revisions',
    { kind: 'withdrawal', reason: 'x' }, regKey);
  assert.equal(unknown.status, 404);

  const fixed = await call(srv.url, 'POST', path,
    { kind: 'correction', reason: '罚款金额录入有误，依决定书更正', amount_fen: 500000, penalty: '警告，罚款', penalty_en: 'Warning and a fine' }, regKey);
  assert.equal(fixed.status, 201, fixed.text);
  assert.equal(fixed.json.enterprise_id, ent.id);
  let listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  assert.equal(listed.json.total, 1);
  const shown = listed.json.items[0];
  assert.equal(shown.amount_fen, 500000);
  assert.equal(shown.penalty, '警告，罚款');
  assert.equal(shown.revisions.length, 1);
  assert.deepEqual(shown.revisions[0].before, { amount_fen: 1000000, penalty: '警告', penalty_en: '' });
  assert.deepEqual(shown.revisions[0].after, { amount_fen: 500000, penalty: '警告，罚款', penalty_en: 'Warning and a fine' });
  assert.equal(shown.penalty_en, 'Warning and a fine', 'the English text is corrected with the Chinese');
  assert.equal(shown.revisions[0].reason, '罚款金额录入有误，依决定书更正');
  let page = await fetch(`${srv.url}/enterprises/${ent.id}`).then((r) => r.text());
  assert.ok(page.includes('罚款金额录入有误'), 'the correction is on the profile');

  const before = await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}/rating`);
  assert.equal(before.json.facts.penalties_general, 1);
  const gone = await call(srv.url, 'POST', path,
    { kind: 'withdrawal', reason: '经行政复议撤销原处罚决定' }, regKey);
  assert.equal(gone.status, 201, gone.text);
  listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  assert.equal(listed.json.total, 0, 'a withdrawn penalty leaves the public list');
  const profile = await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}`);
  const w = profile.json.rewards_penalties.withdrawn;
  assert.equal(w.length, 1);
  assert.equal(w[0].decision_no, p.decision_no);
  assert.deepEqual(w[0].revisions.map((r) => r.kind), ['correction', 'withdrawal']);
  assert.equal(profile.json.rating.facts.penalties_general, 0, 'the rating no longer counts it');
  page = await fetch(`${srv.url}/enterprises/${ent.id}`).then((r) => r.text());
  assert.ok(page.includes('经行政复议撤销原处罚决定'), 'the withdrawal is published');
  const again = await call(srv.url, 'POST', path, { kind: 'withdrawal', reason: 'x' }, regKey);
  assert.equal(again.status, 409, 'a withdrawn penalty is not published any more');
});

test('an enterprise objects to a published fact; the regulator answers; both are published with it', async () => {
  const ent = newEnterprise();
  const other = newEnterprise();
  const p = penalty(ent, { decided_on: recently() });
  const made = await call(srv.url, 'POST', '/api/v1/penalties', p, regKey);
  assert.equal(made.status, 201, made.text);
  const theirs = await call(srv.url, 'POST', '/api/v1/penalties', penalty(other, { decided_on: recently() }), regKey);

  const refusals = [
    [{ subject: 'penalty', subject_id: theirs.json.id, grounds: '不是我们' }, 404, /no such record/],
    [{ subject: 'penalty', subject_id: made.json.id, grounds: '' }, 400, /grounds/],
    [{ subject: 'weather', grounds: 'x' }, 400, /fact/],
    [{ subject: 'penalty', grounds: 'x' }, 404, /no such record/],
  ];
  for (const [body, status, msg] of refusals) {
    const r = await call(srv.url, 'POST', '/api/v1/objections', body, ent.key);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.json.message, msg);
  }
  assert.equal((await call(srv.url, 'POST', '/api/v1/objections',
    { subject: 'rating', grounds: 'x' }, regKey)).status, 403, 'only an enterprise objects');

  const filed = await call(srv.url, 'POST', '/api/v1/objections',
    { subject: 'penalty', subject_id: made.json.id, grounds: '违法事实认定有误：商品信息已按规定公示' }, ent.key);
  assert.equal(filed.status, 201, filed.text);
  const twice = await call(srv.url, 'POST', '/api/v1/objections',
    { subject: 'penalty', subject_id: made.json.id, grounds: '再次' }, ent.key);
  assert.equal(twice.status, 409);
  const rating = await call(srv.url, 'POST', '/api/v1/objections', { subject: 'rating', grounds: '评级未计入表彰' }, ent.key);
  assert.equal(rating.status, 201, rating.text);

  let listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  assert.equal(listed.json.items[0].objections[0].status, 'pending');
  const pending = await call(srv.url, 'GET', '/api/v1/objections/pending', undefined, regKey);
  assert.equal(pending.status, 200);
  assert.ok(pending.json.objections.some((o) => o.id === filed.json.id && o.label_zh === p.decision_no));
  const csv = await call(srv.url, 'GET', '/api/v1/objections/pending?format=csv', undefined, regKey);
  assert.match(csv.text, /^id,enterprise_id,uscc,name_zh,name_en,subject,subject_id,label_zh,label_en,grounds,filed_on\r\n/);
  assert.ok(csv.text.includes(`${filed.json.id},${ent.id},${ent.uscc},`));
  assert.equal((await call(srv.url, 'GET', '/api/v1/objections/pending', undefined, ent.key)).status, 403);

  const bad = await call(srv.url, 'POST', `/api/v1/objections/${filed.json.id}/answer`, { decision: 'reject' }, regKey);
  assert.equal(bad.status, 400);
  assert.match(bad.json.message, /answer/);
  const answered = await call(srv.url, 'POST', `/api/v1/objections/${filed.json.id}/answer`,
    { decision: 'reject', answer: '经复核，现场检查记录显示未公示，维持原认定' }, regKey);
  assert.equal(answered.status, 200, answered.text);
  const late = await call(srv.url, 'POST', `/api/v1/objections/${filed.json.id}/answer`,
    { decision: 'uphold', answer: 'x' }, regKey);
  assert.equal(late.status, 404);
  listed = await call(srv.url, 'GET', `/api/v1/penalties?enterprise=${ent.id}`);
  const o = listed.json.items[0].objections[0];
  assert.equal(o.status, 'rejected');
  assert.equal(o.answer, '经复核，现场检查记录显示未公示，维持原认定');
  const profile = await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}`);
  assert.deepEqual(profile.json.objections.map((x) => x.subject).sort(), ['penalty', 'rating']);
  assert.ok(profile.json.grades.length >= 2, 'the grade legend comes with the profile');
  // Once a penalty is not published, it cannot be disputed, and its
  // objections leave the public profile.
  const old = await call(srv.url, 'POST', '/api/v1/penalties', penalty(ent, { decided_on: '2020-01-02' }), regKey);
  assert.equal(old.status, 201, old.text);
  const stale = await call(srv.url, 'POST', '/api/v1/objections', { subject: 'penalty', subject_id: old.json.id, grounds: 'x' }, ent.key);
  assert.equal(stale.status, 404, stale.text);
  const page = await fetch(`${srv.url}/enterprises/${ent.id}`).then((r) => r.text());
  assert.ok(page.includes('维持原认定') && page.includes('评级未计入表彰'));
  // a new objection may be filed once the last one is answered
  const anew = await call(srv.url, 'POST', '/api/v1/objections',
    { subject: 'penalty', subject_id: made.json.id, grounds: '补充新证据' }, ent.key);
  assert.equal(anew.status, 201, anew.text);
});

test('the credit report is a PDF with the rating, its reasons and the six categories, in either language', async () => {
  const ent = newEnterprise();
  const p = penalty(ent, { severity: 'general', decided_on: recently() });
  assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', p, regKey)).status, 201);
  const text = async (path) => {
    const r = await fetch(`${srv.url}${path}`);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const file = join(dir, 'r.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  };
  const profile = (await call(srv.url, 'GET', `/api/v1/enterprises/${ent.id}`)).json;
  const zh = await text(`/enterprises/${ent.id}/report.pdf`);
  for (const words of ['企业信用报告', ent.uscc, '信用评价', '主要原因', '主体信息', '经营信息', '监管信息', '服务信息', '奖惩信息', '投诉举报信息', p.decision_no, '¥10,000.00', '北京时间']) {
    assert.ok(zh.includes(words), `${words} in the Chinese report`);
  }
  assert.ok(zh.includes(`${profile.rating.grade} · 得分 ${profile.rating.score}`), zh.slice(0, 400));
  const en = await text(`/api/v1/enterprises/${ent.id}/report.pdf?lang=en`);
  for (const words of ['Enterprise credit report', 'Main reasons', 'Rewards and penalties', 'General penalties being published', `/enterprises/${ent.id}`]) {
    assert.ok(en.includes(words), `${words} in the English report`);
  }
  const page = await fetch(`${srv.url}/enterprises/${ent.id}`).then((r) => r.text());
  assert.match(page, new RegExp(`href="/enterprises/${ent.id}/report.pdf\\?lang=zh"`));
  assert.equal((await call(srv.url, 'GET', '/api/v1/enterprises/999999999/report.pdf')).status, 404);
});

test('an anonymous reader\'s profile comes from memory until its enterprise changes, on every server', async () => {
  const ent = newEnterprise();
  const other = await startServer();
  try {
    const page = () => fetch(`${other.url}/enterprises/${ent.id}?lang=zh`);
    const first = await page();
    assert.equal(first.headers.get('x-cache'), 'miss');
    const firstText = await first.text();
    const again = await page();
    assert.equal(again.headers.get('x-cache'), 'hit');
    assert.equal(await again.text(), firstText, 'the kept reply is the one rendered');
    // A penalty recorded through another server reaches this one's cache
    // by NOTIFY: the next reply is fresh and shows it.
    // Decided today, so that it is being published now.
    const p = penalty(ent, { decided_on: new Date().toISOString().slice(0, 10) });
    assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', p, regKey)).status, 201);
    let text = '';
    for (let i = 0; i < 40 && !text.includes(p.decision_no); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await (await page()).text();
    }
    assert.ok(text.includes(p.decision_no), 'the new penalty is on the page');
    // Another enterprise's change leaves this page kept.
    const json = () => fetch(`${other.url}/api/v1/enterprises/${ent.id}`, { headers: { Accept: 'application/json' } });
    await json();
    assert.equal((await json()).headers.get('x-cache'), 'hit');
    const someone = newEnterprise();
    const theirs = penalty(someone, { decided_on: new Date().toISOString().slice(0, 10) });
    assert.equal((await call(srv.url, 'POST', '/api/v1/penalties', theirs, regKey)).status, 201);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await json()).headers.get('x-cache'), 'hit');
  } finally {
    await other.stop();
  }
});
