// The README's examples ("Using redsim from your own tests", "Property tests"), as written there.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { arbitraries, loadScenario, simulate } from '../../src/index.js';

it('our three-box setup loses writes only inside min-replicas-max-lag', () => {
  const { result } = simulate(loadScenario('scenarios/three-boxes-min-replicas.yaml'), { seed: 42 });
  expect(result.passed).toBe(true);
  expect(result.checkers.lostWrites.lost).toBeLessThan(130);
  expect(result.failovers[0]!.durationMs).toBeLessThan(15_000);
});

it('the arbitraries example: without faults, no acknowledged write is lost', () => {
  // Without faults, no acknowledged write is lost, whatever the cluster and its settings.
  fc.assert(
    fc.property(arbitraries.scenario({ faults: false }), (scenario) => simulate(scenario).result.checkers.lostWrites.lost === 0),
    { numRuns: 5 },
  );
}, 60_000);
