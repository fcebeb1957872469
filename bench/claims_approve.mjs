// claims_approve.mjs URL USER PASSWORD STAFF_KEY CODES RUN: 100 concurrent
// approvals against one policy's aggregate limit. Registers a policy of
// the demo importer (per claim 99 yuan, aggregate 30 claims' worth, ending
// after every earlier run's so that new claims go to it), files and
// accepts 100 claims on the last unused codes of CODES, then sends the 100
// approvals at once. Prints RESULT rps=<approvals/s> approved=<n>
// refused=<n> overspend=<fen above the aggregate>.
import { readFileSync } from 'node:fs';

const [url, user, password, staff, codesFile, run] = process.argv.slice(2);
const codes = readFileSync(codesFile, 'utf8').trimEnd().split('\n');
const mine = codes.slice(codes.length - Number(run) * 100, codes.length - (Number(run) - 1) * 100);
const LOSS = 9900;
const AGGREGATE = LOSS * 30;
const number = `BENCH-AGG-${run}-${Date.now()}`;

async function call(method, path, body, headers = {}) {
  const r = await fetch(`${url}${path}`, {
    method, headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, json: await r.json().catch(() => undefined) };
}

async function session() {
  const form = await fetch(`${url}/login`);
  const login = form.headers.get('set-cookie').split(';')[0];
  const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const r = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: login },
    body: new URLSearchParams({ username: user, password, csrf }),
  });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const page = await (await fetch(`${url}/desk/policies`, { headers: { Cookie: cookie } })).text();
  return { Cookie: cookie, 'X-CSRF-Token': page.match(/name="csrf" value="([^"]+)"/)[1] };
}

const ins = await session();
const ends = `20${String(60 + Number(run)).padStart(2, '0')}-12-31`;
const p = await call('POST', '/api/v1/policies', {
  insurer: 'picc-nb', number, enterprise_id: 1, starts_on: '2020-01-01', ends_on: ends,
  per_claim_fen: LOSS, aggregate_fen: AGGREGATE, claim_days: 3650,
}, { Authorization: `Bearer ${staff}` });
if (p.status !== 201) throw new Error(`policy: ${p.status} ${JSON.stringify(p.json)}`);
const claims = [];
for (const code of mine) {
  const c = await call('POST', '/api/v1/claims', {
    code, reason: 'quality_defect', amount_fen: LOSS, order_no: 'BENCH-APPROVE', description: 'bench: approvals',
    phone: `139${String(claims.length).padStart(8, '0')}`,
  });
  if (c.status !== 201) throw new Error(`claim: ${c.status} ${JSON.stringify(c.json)}`);
  const a = await call('POST', `/api/v1/claims/${c.json.number}/events`, { event: 'accepted' }, ins);
  if (a.status !== 200) throw new Error(`accept: ${a.status} ${JSON.stringify(a.json)}`);
  claims.push(c.json.number);
}
const start = process.hrtime.bigint();
const results = await Promise.all(claims.map((n) =>
  call('POST', `/api/v1/claims/${n}/events`, { event: 'approved', loss_fen: LOSS }, ins)));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const approved = results.filter((r) => r.status === 200).length;
const refused = results.filter((r) => r.status === 409).length;
const policy = (await call('GET', '/api/v1/policies', null, ins)).json.items.find((x) => x.number === number);
if (approved + refused !== 100) throw new Error(`unexpected answers: ${JSON.stringify(results.find((r) => r.status !== 200 && r.status !== 409))}`);
if (policy.used_fen !== approved * LOSS) throw new Error(`ledger ${policy.used_fen} != ${approved} approvals`);
console.log(`RESULT rps=${(100 / seconds).toFixed(0)} approved=${approved} refused=${refused} overspend=${Math.max(0, policy.used_fen - AGGREGATE)}`);
