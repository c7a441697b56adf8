// The crashes issue 15 found, each now a one-line scenario error at its field.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/scenario/scenario.js';
import { ScenarioError } from '../../src/scenario/fields.js';

const BASE = readFileSync('scenarios/three-boxes-partition.yaml', 'utf8');
const GENERATED = readFileSync('scenarios/explore-failover.yaml', 'utf8');

/** The one-line error the text gets (or 'ok'). */
function problem(text: string): string {
  try {
    parseScenario('x.yaml', text);
    return 'ok';
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
}

describe('hostile scenario input', () => {
  it('names that are object members, that need quoting, or that redsim uses itself are refused', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(problem(BASE.replace(/\bc1\b/g, name)), name).toMatch(/^x\.yaml:\d+:\d+ clients\.\S+: "[^"]+" is (a reserved name|not a usable name)/);
    }
    expect(problem(BASE.replace(/\bc1\b/g, 'a b'))).toMatch(/"a b" is not a usable name: a letter, then letters, digits, _ or -, at most 32 characters/);
    expect(problem(BASE.replace(/\bm1\b/g, '"m\'1"'))).toMatch(/is not a usable name/);
    expect(problem(BASE.replace(/\bc1\b/g, 'operator'))).toMatch(/"operator" is a reserved name/);
    expect(problem(BASE.replace(/\bbox3\b/g, 'box 3'))).toMatch(/^x\.yaml:\d+:\d+ hosts\.box 3: "box 3" is not a usable name/);
    expect(problem(BASE.replace('name: mymaster', 'name: "my master"'))).toMatch(/sentinel\.monitor\.name: "my master" is not a usable master name/);
    expect(problem(BASE)).toBe('ok');
  });

  it('a process on both sides of one partition is an error at the group', () => {
    expect(problem(BASE.replace('partition: [[box1], [box2, box3]]', 'partition: [[box1], [box2, box3, m1]]'))).toMatch(
      /^x\.yaml:\d+:\d+ faults\[0\]\.partition\[1\]: "m1" would be on both sides: it is in group 1 \(as box1\) and in group 2 \(as m1\)$/,
    );
    expect(problem(BASE.replace('partition: [[box1], [box2, box3]]', 'partition: [[box1, box2], [box2, box3]]'))).toMatch(/"box2" would be on both sides/);
  });

  it('extreme generator settings and clock values are refused with their bounds', () => {
    expect(problem(GENERATED.replace('every: 5s', 'every: 1us'))).toMatch(/generate\.every: expected at least 100ms between fault draws/);
    expect(problem(GENERATED.replace(/^duration: .*$/m, 'duration: 1000h').replace('every: 5s', 'every: 100ms').replace('until: 35s', 'until: 999h'))).toMatch(/fault draws between from and until: at most 10,000/);
    expect(problem(BASE.replace('- { at: 50s, heal: all }', '- { at: 50s, clock: m1, drift: -1 }'))).toMatch(/faults\[1\]\.drift: expected a drift between -0\.9 and 10 \(0\.01 = 1% fast\), got -1/);
    expect(problem(BASE.replace('- { at: 50s, heal: all }', '- { at: 50s, clock: m1, jump: 99999h }'))).toMatch(/faults\[1\]\.jump: expected a jump of at most a year either way/);
  });

  it('errors stay one readable line whatever the value: binary, newlines, megabytes', () => {
    const binary = problem(BASE.replace(/^name: .*$/m, 'name: !!binary SGVsbG8KV29ybGQ='));
    expect(binary).toMatch(/name: expected a name or text, got binary data \(11 bytes\)$/);
    const newline = problem(BASE.replace(/\bc1\b/g, '"c\\n1"'));
    expect(newline.split('\n')).toHaveLength(1);
    expect(newline).toContain('"c\\n1" is not a usable name');
    const huge = problem(BASE.replace('quorum: 2', `quorum: "${'x'.repeat(5_000_000)}"`));
    expect(huge.split('\n')).toHaveLength(1);
    expect(huge.length).toBeLessThanOrEqual(400);
    expect(huge).toMatch(/expected a positive integer, got "x+\.\.\." \(5,000,000 characters\)$/);
  });
});
