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
