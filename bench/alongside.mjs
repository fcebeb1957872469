// alongside.mjs MODE URL SECONDS: a hostile or heavy load to run beside
// bench/scan.sh's scans, from other loopback addresses than wrk's.
//   slow:    1,000 connections from 127.0.9.1 sending a header line a second
//   uploads: 4 clients from 127.0.9.2 uploading a 1200x1200 noise PNG in a loop
import net from 'node:net';
import http from 'node:http';
import { deflateSync } from 'node:zlib';
import { randomInt } from 'node:crypto';

const [mode, url, seconds = '10'] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const until = Date.now() + Number(seconds) * 1000;

function noisePng(w, h) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (t, d) => {
    const l = Buffer.alloc(4); l.writeUInt32BE(d.length);
    const td = Buffer.concat([Buffer.from(t), d]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([l, td, c]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8;
  const rows = Buffer.alloc((w + 1) * h);
  for (let i = 0; i < rows.length; i++) if (i % (w + 1)) rows[i] = randomInt(256);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

if (mode === 'slow') {
  const socks = [];
  const open = () => {
    const s = net.connect({ host: hostname, port: Number(port), localAddress: '127.0.9.1' });
    s.on('error', () => {});
    s.on('close', () => { if (Date.now() < until) setTimeout(open, 100); });
    s.write('GET /livez HTTP/1.1\r\nHost: x\r\n');
    socks.push(s);
  };
  for (let i = 0; i < 1000; i++) open();
  const drip = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write('X-Slow: 1\r\n'); }, 1000);
  setTimeout(() => { clearInterval(drip); for (const s of socks) s.destroy(); process.exit(0); }, until - Date.now());
} else if (mode === 'uploads') {
  const body = noisePng(1200, 1200);
  let done = 0;
  const loop = () => {
    if (Date.now() >= until) return;
    const req = http.request({ host: hostname, port, path: '/api/v1/scan', method: 'POST', localAddress: '127.0.9.2',
      headers: { 'Content-Type': 'image/png', 'Content-Length': body.length, Accept: 'application/json' } },
    (res) => { res.resume(); res.on('end', () => { done++; loop(); }); });
    req.on('error', () => setTimeout(loop, 100));
    req.end(body);
  };
  for (let i = 0; i < 4; i++) loop();
  setTimeout(() => { console.error(`uploads answered: ${done}`); process.exit(0); }, until - Date.now() + 50);
} else {
  console.error('mode is slow or uploads');
  process.exit(2);
}
