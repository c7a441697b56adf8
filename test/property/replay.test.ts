// g. Determinism: the same scenario and seed give the same run (the same trace
// hash), whether or not trace bodies are kept. And the scenario files written
// for failures read back as the same scenario.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, type GeneratedCluster } from '../../src/explore/arbitraries.js';
import { parseScenario } from '../../src/scenario/scenario.js';
import { RUNS, budgetMs, holds, run, scenarioToYaml } from './support.js';

export function replaysIdentically(c: GeneratedCluster): string | null {
  const first = run(c, { traceKeep: 'all' }).result;
  const second = run(c, { traceKeep: 'none' }).result;
  if (first.traceHash === second.traceHash && first.stats.traceEvents === second.stats.traceEvents) return null;
  return `replay diverged: ${first.traceHash} (${first.stats.traceEvents} events) vs ${second.traceHash} (${second.stats.traceEvents} events)`;
}

describe('replay (promised by redsim)', () => {
  it('g. simulating twice gives the same trace hash', () => {
    holds('replay-same-hash', cluster(), replaysIdentically);
  }, budgetMs(RUNS, 300));

  it('a generated scenario written as YAML parses back to the same scenario', () => {
    fc.assert(
      fc.property(cluster(), (c) => {
        const s = { ...c.scenario, file: 'x.yaml' };
        expect(parseScenario('x.yaml', scenarioToYaml(s))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });
});
