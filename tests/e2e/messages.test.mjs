// messages.test.mjs: every reason the server gives for refusing input has
// a Chinese text in the catalog, so that a Chinese page never shows an
// English sentence. Reads the reasons from the C sources (the literals
// assigned to a reason, or given to a refusal) and looks each up as the
// pages do: the whole text as msg.<text>, or "field: rule" as msg.<rule>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function catalog(name) {
  const keys = new Map();
  for (const line of readFileSync(join(root, 'web/i18n', name), 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    assert.ok(!keys.has(line.slice(0, tab)), `${name}: ${line.slice(0, tab)} is defined twice`);
    keys.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return keys;
}

function sources(dir) {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith('.c') ? [path] : [];
  });
}

// The command line speaks English on stderr; everything else can reach a
// page.
const files = ['disclosure', 'complaints', 'insurance', 'trace', 'app', 'core', 'scanner', 'tlog']
  .flatMap(sources).filter((f) => !/^app\/(cmd_|main|commands|demo)/.test(f));

const reasonAt = new RegExp(String.raw`(?:why\s*=|\*reason\s*=|refuse\([^"]*?,|bt_strlcpy\(\s*(?:reason|in\.reason|in->reason)\s*,|bt_reply_error\(\s*req\s*,\s*BT_\w+\s*,|bt_input_refused\([^"]*?,)\s*((?:"(?:[^"\\]|\\.)*"\s*)+)`, 'g');

function reasons(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const out = [];
  for (const m of text.matchAll(reasonAt)) {
    const literal = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('').replace(/\\"/g, '"');
    // A formatted reason, or a form's name rather than a sentence.
    if (!literal.includes('%') && literal.includes(' ')) out.push(literal);
  }
  return out;
}

function translated(keys, text) {
  const main = text.split(' (state ')[0];
  if (keys.has(`msg.${main}`)) return true;
  const colon = main.indexOf(': ');
  return colon > 0 && keys.has(`msg.${main.slice(colon + 2)}`);
}

test('every refusal reason in the sources has a Chinese text', () => {
  const zh = catalog('zh-CN.tsv');
  const all = files.flatMap((f) => reasons(f).map((r) => [f, r]));
  assert.ok(all.length > 250, `found ${all.length} reasons; the pattern has stopped matching`);
  const missing = all.filter(([, r]) => !translated(zh, r)).map(([f, r]) => `${f}: ${r}`);
  assert.deepEqual(missing, []);
});

test('the two catalogs have the same keys, and no value is empty', () => {
  const zh = catalog('zh-CN.tsv');
  const en = catalog('en.tsv');
  assert.deepEqual([...zh.keys()].filter((k) => !en.has(k)), []);
  assert.deepEqual([...en.keys()].filter((k) => !zh.has(k)), []);
  assert.deepEqual([...zh].filter(([, v]) => v === '').map(([k]) => k), []);
});
