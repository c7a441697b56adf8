// How the invariants read in the story and report.md (issue 18): one line when
// all hold, a line per violated one with its first instances, and a line per
// one that could not be checked, saying why.

import { describe, expect, it } from 'vitest';
import { invariantLines } from '../../src/report/story.js';
import type { InvariantResult } from '../../src/check/invariants/index.js';
import type { SimulationResult } from '../../src/scenario/simulate.js';

const held = (title: string): InvariantResult => ({ invariant: title, title, ok: true, violations: [], violationCount: 0 });
const withInvariants = (invariants: InvariantResult[]) => ({ checkers: { invariants } }) as unknown as SimulationResult;

describe('invariant lines', () => {
  it('all held: one line naming each', () => {
    const lines = invariantLines(withInvariants([held('one vote per Sentinel per epoch'), held('config epochs never decrease')]));
    expect(lines).toEqual([{ ok: true, text: 'all 2 hold: one vote per Sentinel per epoch · config epochs never decrease', details: [] }]);
  });

  it('a violated one gets its own line, the first three instances and how many more', () => {
    const violations = [1, 2, 3, 4, 5].map((i) => ({ atUs: i * 1_000_000 + 999, node: `s${i}`, text: `voted twice in epoch ${i}` }));
    const lines = invariantLines(
      withInvariants([held('config epochs never decrease'), { invariant: 'one-vote-per-epoch', title: 'one vote per Sentinel per epoch', ok: false, violations, violationCount: 5 }]),
    );
    expect(lines[0]!.text).toBe('1 of 2 hold: config epochs never decrease');
    expect(lines[1]).toEqual({
      ok: false,
      text: 'one vote per Sentinel per epoch: VIOLATED 5 times',
      details: ['1.000s s1: voted twice in epoch 1', '2.000s s2: voted twice in epoch 2', '3.000s s3: voted twice in epoch 3', '... and 2 more'],
    });
  });

  it('one that could not be checked says why', () => {
    const lines = invariantLines(withInvariants([{ invariant: 'replica-datasets', title: "replicas' datasets equal master's", ok: 'unknown', violations: [], violationCount: 0, note: 'the run did not converge' }]));
    expect(lines).toEqual([{ ok: 'unknown', text: "replicas' datasets equal master's: not checked (the run did not converge)", details: [] }]);
  });
});
