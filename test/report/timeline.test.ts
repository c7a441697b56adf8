// The merged timeline keeps its spread, and every time a person reads is cut
// (never rounded) to the digits shown (issue 17).

import { describe, expect, it } from 'vitest';
import { entryTime, timeline } from '../../src/report/story.js';
import { cutDecimals, formatDurationUs, secondsText, shortSecondsText } from '../../src/sim/time.js';
import type { TraceEvent } from '../../src/sim/trace.js';

const switchMaster = (node: string, tUs: number): TraceEvent => ({ tUs, node, kind: 'sentinel.event', name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379' });

describe('the merged timeline', () => {
  it('a line merging Sentinels that logged the event at different times shows first–last', () => {
    const entries = timeline([switchMaster('s2', 27_165_400), switchMaster('s3', 28_211_900)]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.who).toBe('s2,s3');
    expect(entries[0]!.lastUs).toBe(28_211_900);
    expect(entryTime(entries[0]!)).toBe('27.165–28.211s');
  });

  it('a single Sentinel, or several at the same instant, shows one time', () => {
    const one = timeline([switchMaster('s2', 27_165_400)]);
    expect(one[0]!.lastUs).toBeNull();
    expect(entryTime(one[0]!)).toBe('27.165s');
    const same = timeline([switchMaster('s2', 5_000_000), switchMaster('s3', 5_000_000)]);
    expect(same[0]!.lastUs).toBeNull();
    expect(entryTime(same[0]!)).toBe('5.000s');
  });

  it('the same event over 2 s after the first is a line of its own', () => {
    const entries = timeline([switchMaster('s2', 27_000_000), switchMaster('s1', 50_303_000)]);
    expect(entries.map(entryTime)).toEqual(['27.000s', '50.303s']);
  });
});

describe('one rounding rule: cut to the digits shown', () => {
  it('never rounds up, so a coarser figure is a prefix of a finer one', () => {
    expect(secondsText(27_165_999)).toBe('27.165s');
    expect(secondsText(27_165_999, 1)).toBe('27.1s');
    expect(secondsText(2_999_999, 0)).toBe('2s');
    for (const us of [0, 1, 999, 999_999, 1_000_000, 47_250_000, 47_299_999, 123_456_789]) {
      expect(secondsText(us, 3).startsWith(secondsText(us, 1).slice(0, -1))).toBe(true);
    }
  });

  it('agrees with integer arithmetic where binary fractions would tip a digit', () => {
    for (let us = 0; us < 3_000_000; us += 7_919) {
      const ms = Math.floor(us / 1000);
      expect(secondsText(us)).toBe(`${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}s`);
    }
    expect(cutDecimals(-1_500_000, 1_000_000, 3)).toBe('-1.500');
  });

  it('short forms drop trailing zeros and still cut', () => {
    expect(shortSecondsText(10_000_000)).toBe('10s');
    expect(shortSecondsText(2_284_999)).toBe('2.284s');
    expect(formatDurationUs(2_284_999)).toBe('2.284s');
    expect(formatDurationUs(1_999)).toBe('1.999ms');
    expect(formatDurationUs(40)).toBe('40us');
  });
});
