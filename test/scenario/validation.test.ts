// Bad scenario files: one line naming file, line, column and field.

import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/index.js';

const base = `name: t
duration: 30s
redis:
  nodes:
    m1: {}
    r2: { replicaof: m1 }
sentinel:
  monitor: { name: mymaster, master: m1, quorum: 2 }
  nodes: [s1, s2, s3]
`;

function error(text: string): string {
  try {
    parseScenario('scenarios/x.yaml', text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('scenario validation', () => {
  it('accepts a good file', () => {
    const s = parseScenario('scenarios/x.yaml', base);
    expect(s.redis['r2']).toEqual({ replicaof: 'm1 6379' });
    expect(s.sentinel?.monitor).toEqual({ name: 'mymaster', master: 'm1', quorum: 2 });
    expect(s.durationUs).toBe(30_000_000);
  });

  it('names file, line, column and field, and what was expected', () => {
    expect(error(base.replace('quorum: 2', 'quorum: two'))).toBe('scenarios/x.yaml:8:50 sentinel.monitor.quorum: expected a positive integer, got "two"');
    expect(error(base.replace('duration: 30s', 'duration: 30'))).toBe('scenarios/x.yaml:2:11 duration: expected a duration such as 250ms, 5s, 2m or 1h, got 30');
    expect(error(base.replace('name: t\n', ''))).toMatch(/^scenarios\/x\.yaml:1:1 name: required$/);
  });


  it.each([
    [base.replace('r2: { replicaof: m1 }', 'r2: { replicaof: m1, repl-backlog-sise: 1mb }'), /6:26 redis\.nodes\.r2\.repl-backlog-sise: unknown redis\.conf setting; did you mean "repl-backlog-size"\?/],
    [base + 'sentinel2: {}\n', /10:1 sentinel2: unknown top-level field; did you mean "sentinel"\?/],
    [base + 'conform: { failover-tolerance: 1s }\n', /10:12 conform\.failover-tolerance: unknown field; did you mean "failover-time-tolerance"\?/],
    [base + 'conform: { failover-time-tolerance: soon }\n', /10:37 conform\.failover-time-tolerance: /],
    [base.replace('m1: {}', 'm1: { maxmemory-polcy: x }'), /redis\.nodes\.m1\.maxmemory-polcy: unknown redis\.conf setting/],
    [base.replace('m1: {}', 'm1: { appendfsync: sometimes }'), /redis\.nodes\.m1\.appendfsync: argument\(s\) must be one of the following: always, everysec, no/],
    [base.replace('m1: {}', 'm1: { repl-backlog-size: lots }'), /redis\.nodes\.m1\.repl-backlog-size: argument must be a memory value/],
    [base.replace('master: m1,', 'master: m9,'), /8:38 sentinel\.monitor\.master: no data node named "m9"; did you mean "m1"\?/],
    [base + 'faults:\n  - { at: 10s, crash: m2 }\n', /11:23 faults\[0\]\.crash: no process or box named "m2"; did you mean "m1"\?/],
    [base + 'faults:\n  - { at: 10s, crahs: m1 }\n', /faults\[0\]\.crahs: unknown fault field; did you mean "crash"\?/],
    [base + 'faults:\n  - { at: 10s, partition: [[m1]] }\n', /faults\[0\]\.partition: expected at least two groups/],
    [base + 'faults:\n  - { at: 99s, crash: m1 }\n', /faults\[0\]\.at: expected a time within the duration/],
    [base + 'workload: { type: counters }\n', /workload\.type: expected one of set-add, counter, register, list-append, got "counters"; did you mean "counter"\?/],
    [base + 'workload: { rate: 10 }\n', /workload\.rate: expected a rate such as 10\/s, got 10/],
    [base + 'clients:\n  c1: { discovery: fixed, address: m7 }\n', /clients\.c1\.address: no data node named "m7"/],
    [base + 'clients:\n  m1: { discovery: sentinel }\n', /clients\.m1: "m1" is already the name of another process/],
    [base + 'hosts:\n  box1: [m1, nobody]\n', /hosts\.box1\[1\]: no process named "nobody"/],
    [base + 'expect:\n  checkers:\n    lost-writes: { minimum: 1 }\n', /expect\.checkers\.lost-writes\.minimum: unknown field; did you mean "min"\?/],
    [base + 'expect:\n  final: { master: r9 }\n', /expect\.final\.master: no data node named "r9"/],
    ['name: t\nduration: [1\n', /^scenarios\/x\.yaml:\d+:\d+ not valid YAML/],
    ['name: t\nname: u\nduration: 1s\n', /not valid YAML/],
    [base + 'faults: { generate: { partition: 1.5 } }\n', /faults\.generate\.partition: expected a probability between 0 and 1, got 1\.5/],
    [base + 'faults: { generate: { partitoin: 0.3 } }\n', /faults\.generate\.partitoin: unknown generator field; did you mean "partition"\?/],
    [base + 'explore: { swarm: { quorum: [1, 9] } }\n', /explore\.swarm\.quorum: expected at most 3 \(the number of Sentinels\)/],
  ])('%#: rejects it with one clear line', (text, message) => {
    const m = error(text);
    expect(m).toMatch(/^scenarios\/x\.yaml:\d+:\d+ /);
    expect(m).toMatch(message);
    expect(m.split('\n')).toHaveLength(1);
  });
});

describe('issue 17: validation gaps a new user met', () => {
  const cluster = (r2: string) => `name: v\nduration: 30s\nredis:\n  nodes:\n    m1: {}\n    r2: ${r2}\n`;
  it('replicaof must name another data node of the scenario, with a did-you-mean', () => {
    expect(() => parseScenario('v.yaml', cluster('{ replicaof: m0 }'))).toThrow(/^v\.yaml:6:\d+ redis\.nodes\.r2\.replicaof: no data node named "m0"; did you mean "m1"\?$/);
    expect(() => parseScenario('v.yaml', cluster('{ replicaof: r2 }'))).toThrow(/redis\.nodes\.r2\.replicaof: r2 cannot replicate itself/);
    expect(() => parseScenario('v.yaml', cluster('{ replicaof: "m1 6379" }'))).not.toThrow();
  });
  it('a partition that leaves a box in neither group says so in the story (it reaches both sides)', async () => {
    const { simulate } = await import('../../src/index.js');
    const { renderStory } = await import('../../src/report/text.js');
    const run = simulate(
      parseScenario(
        'p.yaml',
        'name: p\nduration: 20s\nhosts:\n  box1: [m1]\n  box2: [r2]\n  box3: [r3]\nredis:\n  nodes:\n    m1: {}\n    r2: { replicaof: m1 }\n    r3: { replicaof: m1 }\nfaults:\n  - { at: 5s, partition: [[box1], [box2]], for: 5s }\n',
      ),
    );
    expect(renderStory(run, null)).toMatch(/partition box1 \| box2 \(box3 in neither group: reaches both sides\)/);
    // With every box placed, no note.
    const placed = simulate(
      parseScenario('q.yaml', 'name: q\nduration: 20s\nhosts:\n  box1: [m1]\n  box2: [r2]\nredis:\n  nodes:\n    m1: {}\n    r2: { replicaof: m1 }\nfaults:\n  - { at: 5s, partition: [[box1], [box2]], for: 5s }\n'),
    );
    expect(renderStory(placed, null)).not.toMatch(/in neither group/);
  });
});
