import { describe, expect, it } from 'vitest';
import { addInt64, compareInt64Text, parseInt32, parseInt64 } from '../../src/protocol/int64.js';

describe('parseInt64 (string2ll)', () => {
  it('accepts canonical integers only', () => {
    expect(parseInt64('0')).toBe(0);
    expect(parseInt64('-1')).toBe(-1);
    expect(parseInt64('123456789012345')).toBe(123456789012345);
    for (const bad of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.0', '1e3', 'abc', '0x10']) {
      expect(parseInt64(bad), bad).toBeNull();
    }
  });

  it('covers the signed 64-bit range exactly', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseInt64('9223372036854775808')).toBeNull();
    expect(parseInt64('-9223372036854775809')).toBeNull();
    expect(parseInt64('9007199254740991')).toBe(9007199254740991);
    expect(parseInt64('9007199254740993')).toBe(9007199254740993n);
  });

  it('parseInt32 rejects values outside the C int range', () => {
    expect(parseInt32('2147483647')).toBe(2147483647);
    expect(parseInt32('2147483648')).toBeNull();
  });

  it('addInt64 detects overflow', () => {
    expect(addInt64(1, 2)).toBe(3);
    expect(addInt64(9007199254740991, 1)).toBe(9007199254740992n);
    expect(addInt64(9223372036854775807n, 1)).toBeNull();
    expect(addInt64(-9223372036854775808n, -1)).toBeNull();
    expect(addInt64(9223372036854775807n, -9223372036854775807n)).toBe(0);
  });

  it('compares integer text numerically', () => {
    expect(['10', '-3', '2', '9223372036854775807', '-9223372036854775808'].sort(compareInt64Text)).toEqual([
      '-9223372036854775808',
      '-3',
      '2',
      '10',
      '9223372036854775807',
    ]);
  });
});
