// Every scenario in scenarios/ meets its own expectations, and says what it shows.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../src/index.js';

const dir = new URL('../../scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('the scenario library', () => {
  it('has the scenarios the issue lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s meets its expectations', (file) => {
    const scenario = loadScenario(`scenarios/${file}`);
    expect(scenario.description.length, 'a description of what it shows').toBeGreaterThan(80);
    expect(Object.keys(scenario.expect).length, 'some expectations').toBeGreaterThan(0);
    const { result } = simulate(scenario);
    const unmet = result.expectations.filter((e) => !e.met).map((e) => `${e.name}: ${e.detail}`);
    expect(unmet).toEqual([]);
    expect(result.passed).toBe(true);
  });
});

describe('library API (the README example)', () => {
  it('simulate(loadScenario(...)) gives the result --json prints, typed', () => {
    const run = simulate(loadScenario('scenarios/three-boxes-partition.yaml'), { seed: 7 });
    const result = run.result;
    expect(result.seed).toBe(7);
    expect(result.replay).toBe('npx redsim run scenarios/three-boxes-partition.yaml --seed 7');
    expect(result.checkers.lostWrites.lost).toBeGreaterThan(0);
    expect(result.checkers.lostWrites.attribution.byCause['full-resync-after-demotion']).toBe(result.checkers.lostWrites.lost);
    expect(result.failovers[0]!.durationMs).toBeLessThan(15_000);
    // same seed, same run
    expect(simulate(loadScenario('scenarios/three-boxes-partition.yaml'), { seed: 7 }).result.traceHash).toBe(result.traceHash);
  });
});
