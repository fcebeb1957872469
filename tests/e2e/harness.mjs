// harness.mjs: starts the real bondtrace server for end-to-end tests and
// runs its CLI. Needs BONDTRACE_BIN, BONDTRACE_DATABASE_URL and
// BONDTRACE_KEY_FILE (make test sets them).
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

// Starts `bondtrace serve`; resolves once /healthz answers 200. Ratings
// are recomputed only when something asks (no timer) unless extraEnv says.
export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`], {
    // Tests scan, upload and sign in faster than any network of people;
    // the hardening tests start servers with the real limits.
    env: {
      ...process.env, BONDTRACE_LOG_LEVEL: 'warn', BONDTRACE_RATING_INTERVAL: '0',
      BONDTRACE_RATE_SCANS: '0', BONDTRACE_RATE_FORGED: '0', BONDTRACE_RATE_UPLOADS: '0', BONDTRACE_RATE_LOGINS: '0',
      BONDTRACE_RATE_INTAKE: '0',
      ...extraEnv,
    },
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

// A new account of role for the pages (extra: more `account add` flags);
// returns { name, pw }.
export function account(role, extra = []) {
  const name = `${role}${randomInt(1e9)}`;
  const pw = `pw-${randomInt(1e12)}-long`;
  const made = spawnSync(BIN, ['account', 'add', '--username', name, '--role', role, ...extra],
    { input: `${pw}\n`, encoding: 'utf8', env: process.env });
  if (made.status !== 0) throw new Error(made.stderr);
  return { name, pw };
}

// Registers a new enterprise with the CLI and makes it an API key.
export function newEnterprise() {
  const uscc = randomUscc();
  const customsCode = randomCustomsCode();
  const add = cli('enterprise', 'add', '--uscc', uscc, '--customs-code', customsCode,
    '--name-zh', `测试进口商 ${uscc}`, '--name-en', `Test Importer ${uscc}`);
  if (add.status !== 0) throw new Error(add.stderr);
  const key = cli('apikey', 'create', '--enterprise', uscc, '--label', 'e2e');
  if (key.status !== 0) throw new Error(key.stderr);
  return { id: Number(add.stdout), uscc, customsCode, key: key.stdout };
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

// A CEB621 import inventory list of one line: qty items of the GTIN,
// declared by the enterprise.
export function inventoryXml(ent, gtin, qty, { copNo = `C${Date.now()}${randomInt(1e6)}`, appType = 1, guid } = {}) {
  const price = '10';
  const g = guid || `e2e-${copNo}-${appType}-${randomInt(1e9)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="${g}" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Inventory><ceb:InventoryHead>
<ceb:guid>${g}-h</ceb:guid><ceb:appType>${appType}</ceb:appType><ceb:appTime>20261120103000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:orderNo>O${copNo}</ceb:orderNo><ceb:ebpCode>${ent.customsCode}</ceb:ebpCode><ceb:ebpName>测试平台</ceb:ebpName>
<ceb:ebcCode>${ent.customsCode}</ceb:ebcCode><ceb:ebcName>测试电商</ceb:ebcName><ceb:logisticsNo>L${copNo}</ceb:logisticsNo>
<ceb:logisticsCode>3302980001</ceb:logisticsCode><ceb:logisticsName>测试物流</ceb:logisticsName><ceb:copNo>${copNo}</ceb:copNo>
<ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>20261120</ceb:declTime><ceb:customsCode>3105</ceb:customsCode><ceb:portCode>3105</ceb:portCode>
<ceb:ieDate>20261120</ceb:ieDate><ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>330203199512127777</ceb:buyerIdNumber>
<ceb:buyerName>赵测试</ceb:buyerName><ceb:buyerTelephone>13911112222</ceb:buyerTelephone><ceb:consigneeAddress>浙江省宁波市测试路9号</ceb:consigneeAddress>
<ceb:agentCode>${ent.customsCode}</ceb:agentCode><ceb:agentName>测试报关</ceb:agentName><ceb:areaName>测试保税仓</ceb:areaName>
<ceb:tradeMode>1210</ceb:tradeMode><ceb:trafMode>Y</ceb:trafMode><ceb:country>601</ceb:country><ceb:freight>0</ceb:freight>
<ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</ceb:currency><ceb:packNo>1</ceb:packNo><ceb:grossWeight>2</ceb:grossWeight>
<ceb:netWeight>1</ceb:netWeight></ceb:InventoryHead><ceb:InventoryList><ceb:gnum>1</ceb:gnum><ceb:gcode>1901101000</ceb:gcode>
<ceb:gname>测试商品</ceb:gname><ceb:gmodel>1罐</ceb:gmodel><ceb:barCode>${gtin}</ceb:barCode><ceb:country>601</ceb:country>
<ceb:currency>142</ceb:currency><ceb:qty>${qty}</ceb:qty><ceb:unit>122</ceb:unit><ceb:qty1>${qty}</ceb:qty1><ceb:unit1>035</ceb:unit1>
<ceb:price>${price}</ceb:price><ceb:totalPrice>${(qty * 10).toFixed(2)}</ceb:totalPrice></ceb:InventoryList></ceb:Inventory></ceb:CEB621Message>`;
}

// Declares qty items and binds codes [from, from + qty) to them.
export async function declareAndBind(url, lot, from, qty) {
  const auth = { Authorization: `Bearer ${lot.ent.key}` };
  const copNo = `C${lot.batch.id}x${from}x${randomInt(1e6)}`;
  const d = await fetch(`${url}/api/v1/declarations`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/xml' }, body: inventoryXml(lot.ent, lot.gtin, qty, { copNo }),
  });
  if (d.status !== 201) throw new Error(await d.text());
  const b = await fetch(`${url}/api/v1/bindings`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ batch: lot.batch.id, from, to: from + qty, inventory: copNo, gnum: 1 }),
  });
  if (b.status !== 201) throw new Error(await b.text());
  return copNo;
}

// An enterprise with a product (category general) and a batch of count
// codes, all declared and bound unless bound is false; returns { ent,
// gtin, batch, codes }.
export async function newBatch(url, count, { category, bound = true } = {}) {
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
  const lot = { ent, gtin: `0${gtin}`, batch, codes };
  if (bound) await declareAndBind(url, lot, 0, count);
  return lot;
}

// Saves a screenshot of the page as screenshots/NAME.png beside the
// binary, for a person to look at after the run.
export async function screenshot(page, name) {
  const dir = join(dirname(BIN), 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

// The visible words of a Chinese page that are not Chinese: words of
// three or more Latin letters, leaving out codes (text set as code: pre,
// code and .mono elements, and any token with a digit), what people wrote
// in the language they chose (marked translate="no") or a page shows in
// English on purpose (lang="en", e.g. a correction of an English text),
// the given names (a
// brand's own words) and the few acronyms a Chinese page uses as they
// are.
export async function latinWords(page, allowed = []) {
  const text = await page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true);
    for (const code of copy.querySelectorAll('pre, code, .mono, [translate=no], [lang=en]')) code.remove();
    document.body.appendChild(copy); // innerText needs the layout
    const t = copy.innerText;
    copy.remove();
    return t;
  });
  const keep = new Set(['GTIN', 'HS', 'API', 'PDF', 'CSV', 'JSON', 'XML', 'CEB', 'ZPL', ...allowed]);
  // A token with a digit in it is a code (serials, credit codes).
  return (text.match(/[A-Za-z0-9][A-Za-z0-9.'-]*/g) ?? [])
    .filter((w) => /[A-Za-z]{3}/.test(w) && !/\d/.test(w) && !keep.has(w));
}

// Headless Chromium as the tests run it (Debian's, no network chatter).
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
