// alongside.mjs MODE URL SECONDS: a hostile or heavy load to run beside
// bench/scan.sh's scans, from other loopback addresses than wrk's.
//   slow:    1,000 connections from 127.0.9.1 sending a header line a second
//   uploads: 4 clients from 127.0.9.2 uploading a 1200x1200 noise PNG in a loop
import net from 'node:net';
import http from 'node:http';
import { noisePng } from '../tests/support/noise_png.mjs';

const [mode, url, seconds = '10'] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const until = Date.now() + Number(seconds) * 1000;

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
