import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../src/scenario/scenario.js';
import { scenarioToYaml } from '../../src/scenario/write.js';

// What scenarioToYaml promises: what it writes parses back to the same
// scenario (generator and swarm sections are not written: a written
// scenario is an explicit schedule).
const comparable = (s: Scenario) => ({ ...s, file: '', description: s.description.replace(/\s+/g, ' ').trim(), generator: null, swarm: null });

describe('scenarioToYaml', () => {
  const dir = 'scenarios';
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(`round-trips ${name}`, () => {
      const original = parseScenario(name, readFileSync(`${dir}/${name}`, 'utf8'));
      const written = scenarioToYaml({ ...original, generator: null, swarm: null });
      const back = parseScenario(`${name} (written)`, written);
      expect(comparable(back)).toEqual(comparable(original));
    });
  }

  it('writes inverted expectations that parse back', () => {
    const base = parseScenario('base.yaml', readFileSync('scenarios/three-boxes-partition.yaml', 'utf8'));
    const pinned = { ...base, expect: { lostWrites: { min: 3 }, splitBrain: true, convergenceNotWithinUs: 20_000_000, linearizable: false, noFailover: true } };
    const back = parseScenario('pinned.yaml', scenarioToYaml(pinned));
    expect(back.expect).toEqual(pinned.expect);
  });

  it('rejects convergence with both within and not-within', () => {
    const text = readFileSync('scenarios/three-boxes-partition.yaml', 'utf8').replace(/expect:[\s\S]*$/, 'expect:\n  checkers:\n    convergence: { within: 10s, not-within: 10s }\n');
    expect(() => parseScenario('both.yaml', text)).toThrow(/exactly one of within or not-within/);
  });
});
