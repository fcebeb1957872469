// harness.mjs: starts the real bondtrace server for end-to-end tests and
// runs its CLI. Needs BONDTRACE_BIN, BONDTRACE_DATABASE_URL and
// BONDTRACE_KEY_FILE (make test sets them).
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

export const BIN = process.env.BONDTRACE_BIN;
if (!BIN) throw new Error('BONDTRACE_BIN is not set; run through ctest');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts `bondtrace serve`; resolves once /healthz answers 200.
export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, BONDTRACE_LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) {
        return {
          url,
          log: () => log,
          async stop() {
            child.kill('SIGTERM');
            const code = await exited;
            if (code !== 0) throw new Error(`server exited with ${code}:\n${log}`);
          },
        };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${log}`);
}

// Runs the CLI; returns { status, stdout, stderr }.
export function cli(...args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: process.env });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// A random Unified Social Credit Code with a correct check character.
export function randomUscc() {
  let s = '91330201';
  for (let i = 0; i < 9; i++) s += USCC_ALPHABET[randomInt(31)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(s[i]) * (3 ** i % 31);
  return s + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function randomCustomsCode() {
  let s = '3302';
  for (let i = 0; i < 6; i++) s += '0123456789ABCDEFGHJK'[randomInt(20)];
  return s;
}

export function gtinCheckDigit(digits) {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => { sum += Number(d) * (i % 2 === 0 ? 3 : 1); });
  return String((10 - (sum % 10)) % 10);
}

// A random GTIN-13 with a correct check digit.
export function randomGtin13() {
  let s = '69';
  for (let i = 0; i < 10; i++) s += randomInt(10);
  return s + gtinCheckDigit(s);
}

// Registers a new enterprise with the CLI and makes it an API key.
export function newEnterprise() {
  const uscc = randomUscc();
  const add = cli('enterprise', 'add', '--uscc', uscc, '--customs-code', randomCustomsCode(),
    '--name-zh', `测试进口商 ${uscc}`, '--name-en', `Test Importer ${uscc}`);
  if (add.status !== 0) throw new Error(add.stderr);
  const key = cli('apikey', 'create', '--enterprise', uscc, '--label', 'e2e');
  if (key.status !== 0) throw new Error(key.stderr);
  return { id: Number(add.stdout), uscc, key: key.stdout };
}

// GET over node:http so that the client address can be chosen (any
// 127.x.y.z works on loopback): how tests stand for different networks.
export function get(url, { localAddress, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(body); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
  });
}

// An enterprise with a product (category general) and a batch of count
// codes; returns { ent, gtin, batch, codes }.
export async function newBatch(url, count, { category } = {}) {
  const ent = newEnterprise();
  const gtin = randomGtin13();
  const auth = { Authorization: `Bearer ${ent.key}`, 'Content-Type': 'application/json' };
  const p = await fetch(`${url}/api/v1/products`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ gtin, name_zh: '测试商品', name_en: 'Test item', brand: 'T', origin_country: 'AU', ...(category ? { category } : {}) }),
  });
  if (p.status !== 201) throw new Error(await p.text());
  const b = await fetch(`${url}/api/v1/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ gtin, count }) });
  const batch = await b.json();
  const c = await fetch(`${url}/api/v1/batches/${batch.id}/codes`, { headers: auth });
  const codes = (await c.text()).trimEnd().split('\n');
  return { ent, gtin: `0${gtin}`, batch, codes };
}
