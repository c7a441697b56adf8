// Sweep settings: names resolve as in scenario files, values are validated as
// a scenario file's would be, and durations become Redis's own units.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { crossProduct, parseVary, scenarioFor, SweepError } from '../../src/sweep/settings.js';
import { settingPath } from '../../src/scenario/setting-path.js';
import { parseScenario } from '../../src/scenario/scenario.js';
import { percentile, wilson, meanInterval } from '../../src/sweep/stats.js';
import { errorKind } from '../../src/sweep/outcome.js';

const FILE = 'scenarios/three-boxes-partition.yaml';
const TEXT = readFileSync(FILE, 'utf8');

describe('sweep settings', () => {
  it('resolve bare redis.conf and sentinel.conf names, quorum, and dotted paths', () => {
    expect(settingPath('min-replicas-to-write')).toEqual(['redis', 'defaults', 'min-replicas-to-write']);
    expect(settingPath('down-after-milliseconds')).toEqual(['sentinel', 'defaults', 'down-after-milliseconds']);
    expect(settingPath('quorum')).toEqual(['sentinel', 'monitor', 'quorum']);
    expect(settingPath('workload.rate')).toEqual(['workload', 'rate']);
    expect(settingPath('down-after')).toMatch(/not a redis.conf or sentinel.conf setting.*did you mean down-after-milliseconds\?/);
  });

  it('convert durations to the unit Redis counts in, and refuse fractions of it', () => {
    expect(parseVary('down-after-milliseconds=1s,500ms,30000').values.map((v) => v.value)).toEqual([1000, 500, 30000]);
    expect(parseVary('min-replicas-max-lag=10s,2s').values.map((v) => v.value)).toEqual([10, 2]);
    expect(() => parseVary('min-replicas-max-lag=1500ms')).toThrow('min-replicas-max-lag=1500ms: min-replicas-max-lag counts whole seconds');
    expect(() => parseVary('quorum')).toThrow(/expected NAME=VALUE,VALUE/);
    expect(() => parseVary('quorum=2,2')).toThrow(/listed twice/);
  });

  it('cross the dimensions, the first varying slowest, and make each a validated scenario', () => {
    const settings = crossProduct([parseVary('down-after-milliseconds=1s,5s'), parseVary('min-replicas-to-write=0,1'), parseVary('quorum=2')]);
    expect(settings.map((s) => s.label)).toEqual([
      'down-after-milliseconds=1s min-replicas-to-write=0 quorum=2',
      'down-after-milliseconds=1s min-replicas-to-write=1 quorum=2',
      'down-after-milliseconds=5s min-replicas-to-write=0 quorum=2',
      'down-after-milliseconds=5s min-replicas-to-write=1 quorum=2',
    ]);
    const scenario = scenarioFor(FILE, TEXT, settings[1]!);
    expect(scenario.sentinel!.config['down-after-milliseconds']).toBe(1000);
    expect(scenario.redis['m1']!['min-replicas-to-write']).toBe('1');
    expect(scenario.sentinel!.monitor.quorum).toBe(2);
    // untouched fields stay as in the file
    expect(scenario.sentinel!.config['failover-timeout']).toBe(60000);
    expect(() => crossProduct([parseVary('quorum=2'), parseVary('sentinel.monitor.quorum=3')])).toThrow(/varied twice/);
  });

  it('a bad value gets the scenario loader\'s own one-line reason, naming the --vary', () => {
    const [bad] = crossProduct([parseVary('quorum=two')]);
    expect(() => scenarioFor(FILE, TEXT, bad!)).toThrow(new SweepError('--vary quorum=two: expected a positive integer, got "two"'));
    const [unknownConfig] = crossProduct([parseVary('appendfsync=sometimes')]);
    expect(() => scenarioFor(FILE, TEXT, unknownConfig!)).toThrow(/^--vary appendfsync=sometimes: /);
  });

  it('a scenario sweep: section is read and checked like the rest of the file', () => {
    expect(parseScenario(FILE, TEXT).sweep).toEqual({ seeds: 100, vary: [{ name: 'down-after-milliseconds', values: ['1s', '5s', '30s'] }, { name: 'min-replicas-to-write', values: ['0', '1'] }] });
    const typo = TEXT.replace('    down-after-milliseconds: [1s, 5s, 30s]', '    down-after-milisecond: [1s]');
    expect(typo).not.toBe(TEXT);
    expect(() => parseScenario('x.yaml', typo)).toThrow(/^x\.yaml:\d+:\d+ sweep\.vary\.down-after-milisecond: "down-after-milisecond" is not a redis.conf or sentinel.conf setting.*did you mean down-after-milliseconds\?/);
    const empty = TEXT.replace('    down-after-milliseconds: [1s, 5s, 30s]', '    down-after-milliseconds: []');
    expect(() => parseScenario('x.yaml', empty)).toThrow(/sweep\.vary\.down-after-milliseconds: expected a list of values/);
  });
});

describe('sweep statistics', () => {
  it('nearest-rank percentiles, Wilson intervals, mean intervals', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 90)).toBe(5);
    expect(percentile([], 50)).toBeNull();
    const [lo, hi] = wilson(0, 20);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.161, 3);
    const [lo2, hi2] = wilson(10, 20);
    expect(lo2).toBeCloseTo(0.299, 3);
    expect(hi2).toBeCloseTo(0.701, 3);
    const m = meanInterval([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.high - m.mean).toBeCloseTo(1.96 * Math.sqrt(5 / 3 / 4), 9);
  });

  it('errors are grouped by their Redis code, client reasons kept whole', () => {
    expect(errorKind('NOREPLICAS Not enough good replicas to write.')).toBe('NOREPLICAS');
    expect(errorKind("READONLY You can't write against a read only replica.")).toBe('READONLY');
    expect(errorKind('no Sentinel answered')).toBe('no Sentinel answered');
    expect(errorKind('timeout')).toBe('timeout');
  });
});
