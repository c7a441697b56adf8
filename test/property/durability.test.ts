// Writes: what Redis promises (e: with no faults, no acknowledged write is
// lost) and what it does not (h: a partitioned old master loses what it
// acknowledged; i: WAIT does not prevent it). h and i are expected to fail:
// the test passes when fast-check finds a counterexample, and prints it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, buildTopology, cluster, configuration, type GeneratedCluster } from '../../src/explore/arbitraries.js';
import type { FaultStep } from '../../src/scenario/scenario.js';
import { RUNS, budgetMs, holds, refuted, run } from './support.js';

const S = 1_000_000;

/** No acknowledged write is missing from the final read (and the final read happened). */
export function noLostWrites(c: GeneratedCluster): string | null {
  const lw = run(c).result.checkers.lostWrites;
  if (lw.valid === true && lw.lost === 0) return null;
  const first = lw.lostWrites[0];
  const attribution = lw.attribution.losses[0]?.story ?? '';
  return lw.valid === 'unknown'
    ? `lost writes unknown: ${lw.note ?? ''}`
    : `${lw.lost} of ${lw.acked} acknowledged writes lost${first ? `, e.g. ${first.process} ${first.key} ${first.value} acknowledged by ${first.node} at ${(first.ackedAtUs / 1e6).toFixed(3)}s` : ''}${attribution ? ` (${attribution})` : ''}${lw.failedPresent ? `, ${lw.failedPresent} refused writes present` : ''}`;
}

/**
 * A cluster whose master's side of a partition keeps a client writing to it:
 * `c2` is fixed to m1 and runs on m1's box; `c1` finds the master through the
 * Sentinels (and does the final reads). `minority(topology)` is the side cut
 * off with the master; the rest (with, when the draw allows, a majority of the
 * Sentinels) may fail over.
 */
function partitionedMaster(options: { replicas: { min: number; max: number }; minority: (boxes: readonly string[]) => string[]; waitReplicas?: number }): fc.Arbitrary<GeneratedCluster> {
  return fc
    .record({
      replicas: fc.integer(options.replicas),
      sentinels: fc.integer({ min: 3, max: 5 }),
      quorum: fc.integer({ min: 1, max: 5 }),
      sentinelBoxes: fc.array(fc.option(fc.nat({ max: 15 }), { nil: null }), { minLength: 5, maxLength: 5 }),
      reader: fc.option(fc.nat({ max: 15 }), { nil: null }),
      configuration: configuration({ priorityZero: false }),
      atS: fc.integer({ min: 15, max: 25 }),
      forS: fc.integer({ min: 15, max: 40 }),
      durationS: fc.integer({ min: 75, max: 90 }),
      ratePerSec: fc.integer({ min: 10, max: 20 }),
      seed: fc.integer({ min: 1, max: 0x7fffffff }),
    })
    .map((g) => {
      // c2 goes on box1 (m1's box): gene 0 is the first server box.
      const topology = buildTopology({ replicas: g.replicas, sentinels: g.sentinels, quorum: g.quorum, sentinelBoxes: g.sentinelBoxes, clientBoxes: [g.reader, 0] });
      const boxes = Object.keys(topology.boxes);
      const minority = options.minority(boxes);
      const majority = boxes.filter((b) => !minority.includes(b));
      const faults: FaultStep[] = [{ kind: 'partition', atUs: g.atS * S, groups: [minority, majority], oneway: false, mode: 'drop', forUs: g.forS * S }];
      const scenario = assemble({
        topology,
        configuration: g.configuration,
        faults,
        durationUs: g.durationS * S,
        seed: g.seed,
        ratePerSec: g.ratePerSec,
        ...(options.waitReplicas !== undefined ? { waitReplicas: options.waitReplicas, waitTimeoutMs: 1000 } : {}),
        clients: { c2: { kind: 'fixed', address: topology.master } },
      });
      return { topology, configuration: g.configuration, faults, quietAfterUs: (g.atS + g.forS) * S, scenario };
    })
    .filter((c) => c.faults.every((f) => f.kind !== 'partition' || f.groups.every((g) => g.length > 0)));
}

describe('writes', () => {
  it('e. with no faults, no acknowledged write is lost (promised)', () => {
    holds('no-faults-no-lost-writes', cluster({ faults: false }), noLostWrites);
  }, budgetMs(RUNS, 150));

  it('h. a partitioned old master loses acknowledged writes (NOT promised: a counterexample must be found)', () => {
    // The master's box alone on one side.
    const arb = partitionedMaster({ replicas: { min: 2, max: 4 }, minority: () => ['box1'] });
    const found = refuted('partitioned-master-keeps-writes', arb, noLostWrites, { numRuns: Math.max(RUNS, 20), timeLimitMs: 30_000 });
    expect(found.problem).toMatch(/acknowledged writes lost/);
  }, 120_000);

  it('i. WAIT 1 does not prevent it (NOT promised: a counterexample must be found)', () => {
    // The master, one replica and the client on one side; another replica and (when drawn so) most Sentinels on the other.
    const arb = partitionedMaster({ replicas: { min: 2, max: 4 }, minority: (boxes) => boxes.filter((b) => b === 'box1' || b === 'box2'), waitReplicas: 1 });
    const found = refuted('wait-prevents-lost-writes', arb, noLostWrites, { numRuns: Math.max(RUNS, 20), timeLimitMs: 30_000 });
    expect(found.problem).toMatch(/acknowledged writes lost/);
    expect(found.cluster.scenario.workload.waitReplicas).toBe(1);
  }, 120_000);
});
