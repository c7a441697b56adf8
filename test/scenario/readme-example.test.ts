// The README's "Using redsim from your own tests" example, as written there.
import { expect, it } from 'vitest';
import { loadScenario, simulate } from '../../src/index.js';

it('our three-box setup loses writes only inside min-replicas-max-lag', () => {
  const { result } = simulate(loadScenario('scenarios/three-boxes-min-replicas.yaml'), { seed: 42 });
  expect(result.passed).toBe(true);
  expect(result.checkers.lostWrites.lost).toBeLessThan(130);
  expect(result.failovers[0]!.durationMs).toBeLessThan(15_000);
});
