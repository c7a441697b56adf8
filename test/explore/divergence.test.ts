import { describe, expect, it } from 'vitest';
import { firstDivergence } from '../../src/explore/divergence.js';
import type { TraceEvent } from '../../src/sim/trace.js';

const ev = (tUs: number, node: string, extra: Record<string, unknown> = {}): TraceEvent => ({ tUs, node, kind: 'log', ...extra }) as TraceEvent;

describe('firstDivergence', () => {
  const run = [ev(1, 'm1'), ev(2, 's1', { text: '+sdown' }), ev(3, 'r2')];
  it('is null for the same events', () => expect(firstDivergence(run, run.map((e) => ({ ...e })))).toBeNull());
  it('names the first event that differs in any field', () => expect(firstDivergence(run, [run[0]!, ev(2, 's1', { text: '+odown' }), run[2]!])).toBe(1));
  it('names where the shorter run ended', () => expect(firstDivergence(run, run.slice(0, 2))).toBe(2));
});
