// A set's members: small encodings keep Redis's order; a hashtable keeps its
// integers in bitmaps (ascending), other members in insertion order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemberSet } from '../../src/redis/member-set.js';

describe('MemberSet', () => {
  it('small sets keep insertion order and refuse duplicates', () => {
    const s = new MemberSet();
    expect([s.add(5), s.add('a'), s.add(-3), s.add(5), s.add('a')]).toEqual([true, true, true, false, false]);
    expect([...s]).toEqual([5, 'a', -3]);
    expect(s.size).toBe(3);
  });

  it('a hashtable holds integers ascending (negatives, chunk edges, bit 31, 15 digits), then the rest in insertion order', () => {
    const s = new MemberSet(['z', 7, 'b'], true);
    const ints = [65535, 65536, -1, -65536, -65537, 31, 32, 63, 999_999_999_999_999, -999_999_999_999_999, 0, 2_000_123, 1_000_000];
    for (const n of ints) expect(s.add(n)).toBe(true);
    for (const n of ints) expect(s.add(n)).toBe(false);
    expect(s.has(31) && s.has(-65537) && s.has('b')).toBe(true);
    expect(s.has(30) || s.has(-65538) || s.has('c') || s.has(1_000_001)).toBe(false);
    expect([...s]).toEqual([...[...ints, 7].sort((a, b) => a - b), 'z', 'b']);
    expect(s.size).toBe(ints.length + 3);
  });

  it('agrees with a plain Set on membership and size for any sequence of adds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -300_000, max: 300_000 }), fc.constantFrom('a', 'b', 'c'))), fc.boolean(), (adds, hashtable) => {
        const s = new MemberSet([], hashtable);
        const plain = new Set<string | number>();
        for (const m of adds) expect(s.add(m)).toBe(!plain.has(m) && plain.add(m) !== undefined);
        expect(s.size).toBe(plain.size);
        expect(new Set(s)).toEqual(plain);
      }),
      { numRuns: 200 },
    );
  });
});
