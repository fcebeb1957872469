// cli.test.mjs: the bondtrace command line: help, exit codes and one-line
// errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, randomUscc } from './harness.mjs';

test('help lists commands and exit codes', () => {
  const r = cli('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /batch issue/);
  assert.match(r.stdout, /Exit codes/);
  const sub = cli('batch', 'issue', '--help');
  assert.equal(sub.status, 0);
  assert.match(sub.stdout, /--count N/);
  const cfg = cli('help', 'config');
  assert.match(cfg.stdout, /BONDTRACE_DATABASE_URL/);
});

test('usage errors exit 2 with one line', () => {
  for (const args of [[], ['nonsense'], ['batch', 'issue', '--bogus'], ['batch', 'issue', '--count']]) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.length > 0);
  }
  const r = cli('batch', 'issue', '--gtin', '1');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split('\n').length, 1);
});

test('invalid input exits 3, missing things 4, conflicts 5', () => {
  const bad = cli('enterprise', 'add', '--uscc', '91330201MA2H7Q3K80', '--customs-code', '3302460099',
    '--name-zh', '某公司', '--name-en', 'Some Co');
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /check character/);
  assert.equal(bad.stderr.split('\n').length, 1);
  assert.equal(cli('enterprise', 'show', randomUscc()).status, 4);
  const dup = cli('enterprise', 'add', '--uscc', '91330201MA2H7Q3K89', '--customs-code', '3302460099',
    '--name-zh', '重复', '--name-en', 'Duplicate');
  assert.equal(dup.status, 5);
  assert.equal(cli('keys', 'init').status, 5);
  const shown = cli('enterprise', 'show', '91330201MA2H7Q3K89');
  assert.equal(shown.status, 0);
  assert.equal(JSON.parse(shown.stdout).customs_code, '3302460011');
});

test('an unreachable database exits 7 with one line', () => {
  const r = cli('enterprise', 'show', '1', '--database-url', 'postgresql:///none?host=/nonexistent');
  assert.equal(r.status, 7);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('bondtrace')).length, 1);
});
