import { describe, expect, it } from 'vitest';
import { formatReply } from '../../src/protocol/resp.js';
import { compileGlob, globMatch } from '../../src/protocol/glob.js';
import { Keyspace } from '../../src/redis/keyspace.js';

describe('globMatch (stringmatchlen)', () => {
  const cases: [pattern: string, subject: string, expected: boolean][] = [
    ['*', 'anything', true],
    ['*', '', false], // stringmatchlen never matches an empty subject against '*'
    ['', '', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'hllo', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true], // reversed range
    ['h[a-b]llo', 'hcllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['a[', 'a', false],
    ['a[b', 'ab', true], // unterminated class still matches its members
    ['user:*:name', 'user:42:name', true],
    ['user:*:name', 'user:42:email', false],
    ['a*b*c', 'aXbYc', true],
    ['a*', 'a', true],
    ['a**', 'a', true],
    ['é', 'é', true],
    ['?', 'é', false], // '?' is one byte; é is two
    ['??', 'é', true],
  ];
  for (const [pattern, subject, expected] of cases) {
    it(`${JSON.stringify(pattern)} vs ${JSON.stringify(subject)} -> ${expected}`, () => {
      expect(globMatch(pattern, subject)).toBe(expected);
      expect(compileGlob(pattern)(subject)).toBe(expected);
    });
  }

  it('nocase folds ASCII only', () => {
    expect(globMatch('HELLO*', 'hello world', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bx', true)).toBe(true);
    expect(globMatch('HELLO*', 'hello world')).toBe(false);
  });

  it('handles pathological patterns quickly', () => {
    const subject = 'a'.repeat(60);
    expect(globMatch('a*a*a*a*a*a*a*a*a*a*b', subject)).toBe(false);
  });
});

describe('KEYS', () => {
  it('filters by pattern and hides expired keys', () => {
    const ks = new Keyspace();
    const ctx = { nowMs: 1000, expiry: 'delete' as const };
    ks.execute(['MSET', 'user:1', 'a', 'user:2', 'b', 'order:1', 'c', '', 'empty'], ctx);
    ks.execute(['SET', 'user:3', 'x', 'PX', '10'], ctx);
    expect(formatReply(ks.execute(['KEYS', 'user:*'], ctx)!.reply)).toBe(
      '1) "user:1"\n2) "user:2"\n3) "user:3"',
    );
    const later = { nowMs: 2000, expiry: 'delete' as const };
    const keys = ks.execute(['KEYS', 'user:[13]'], later)!;
    expect(formatReply(keys.reply)).toBe('1) "user:1"');
    // KEYS does not delete what it hides.
    expect(keys.propagate).toEqual([]);
    expect(ks.size).toBe(5);
    // The all-keys shortcut lists the empty key that '*' itself would not match.
    expect(formatReply(ks.execute(['KEYS', '*'], later)!.reply)).toBe(
      '1) "user:1"\n2) "user:2"\n3) "order:1"\n4) ""',
    );
    expect(formatReply(ks.execute(['KEYS', 'nomatch*'], later)!.reply)).toBe('(empty array)');
  });
});
