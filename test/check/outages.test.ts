// An outage fails a run that asks for it, and the story and the JSON show it
// with its window, even where the ok rate looks fine (issue 17).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';
import { renderStory } from '../../src/report/text.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { buildReportData } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/html.js';

// conform-partition-min-replicas: c1 on the cut-off master's box gets NOREPLICAS
// from ~10 s after the cut until its box heals and m1 is demoted.
const withGap = (gap: string) =>
  parseScenario('outage.yaml', readFileSync('scenarios/conform-partition-min-replicas.yaml', 'utf8').replace('    convergence: { within: 25s }', `    convergence: { within: 25s }\n    availability: { max-gap: ${gap} }`));

describe('availability outages', () => {
  it('max-gap 5s fails the run, naming the client, the window and its unavailable seconds', () => {
    const run = simulate(withGap('5s'), { seed: 1 });
    const e = run.result.expectations.find((x) => x.name.startsWith('availability'))!;
    expect(e.met).toBe(false);
    expect(e.detail).toMatch(/^longest: c1, \d+(\.\d+)?s without an acknowledged write \(\d+(\.\d+)?s–\d+(\.\d+)?s\), \d+ s unavailable$/);
    expect(run.result.passed).toBe(false);
    const c1 = run.result.checkers.availability.clients['c1']!;
    expect(c1.longestWriteGap!.ms).toBeGreaterThan(20_000);
    expect(c1.outages.length).toBeGreaterThanOrEqual(1);
    expect(c1.unavailableBecause['NOREPLICAS']).toBeGreaterThan(5);
    // The story marks it and lists the window; the ok rate is still there, after it.
    const story = renderStory(run, null);
    expect(story).toMatch(/✗ availability: .*c1 longest without an acknowledged write \d+\.\d{3}s, \d+ s unavailable \(mostly (NOREPLICAS|READONLY)\); \d+\.\d% of \d+ ops ok/);
    expect(story).toMatch(/c1: no acknowledged write from \d+\.\d{3}s to \d+\.\d{3}s/);
    expect(story).toMatch(/✗ availability: no client without an acknowledged write for over 5s/);
    // The report: a verdict row, and the window in the fault track on c1's lane.
    const data = buildReportData(run.scenario, run.result, run.trace, run.history, { arrows: [], truncated: false });
    const outage = data.faults.find((f) => f.kind === 'outage')!;
    expect(outage).toMatchObject({ nodes: ['c1'], fromUs: c1.outages[0]!.fromUs, toUs: c1.outages[0]!.toUs });
    expect(outage.label).toMatch(/^c1: no acknowledged write for \d+\.\d s$/);
    expect(data.verdicts.find((v) => v.name.startsWith('no outage'))).toMatchObject({ ok: false, kind: 'checker' });
    expect(renderHtml(data)).toContain('"outage":"#d0002a"');
  });

  it('a max-gap above the outage passes; the field is written back and checked', () => {
    const sc = withGap('60s');
    expect(simulate(sc, { seed: 1 }).result.expectations.find((x) => x.name.startsWith('availability'))!.met).toBe(true);
    expect(parseScenario('again.yaml', scenarioToYaml(sc)).expect.availabilityMaxGapUs).toBe(60_000_000);
    expect(() => withGap('soon')).toThrow(/outage\.yaml:\d+.*availability\.max-gap/);
    expect(() => withGap('0s')).toThrow(/above 0/);
  });
});
