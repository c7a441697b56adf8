// How a client paces its operations (open or closed loop, jitter) and how its
// time-outs count (a connect's own, a request's from when it is sent).

import { describe, expect, it } from 'vitest';
import { buildCluster, type ClusterSpec } from '../../src/world/cluster.js';
import type { ClientSpec } from '../../src/client/client.js';
import type { HistoryOp } from '../../src/sim/history.js';
import { parseScenario, simulate } from '../../src/index.js';
import { scenarioToYaml } from '../../src/scenario/write.js';

const s = (n: number) => n * 1_000_000;

function cluster(client: Omit<ClientSpec, 'index'>): ReturnType<typeof buildCluster> {
  const spec: ClusterSpec = { seed: 5, redis: { m1: {} }, clients: { c1: client } };
  const c = buildCluster(spec);
  c.net.startAll();
  return c;
}

const fixed = (over: Partial<ClientSpec> = {}): Omit<ClientSpec, 'index'> => ({ discovery: { kind: 'fixed', address: 'm1' }, workload: 'set-add', ratePerSec: 20, timeoutUs: s(1), ...over });
const ops = (c: ReturnType<typeof buildCluster>, type: HistoryOp['type']) => c.history.ops.filter((o) => o.process === 'c1' && o.type === type);
const gaps = (xs: readonly HistoryOp[]) => xs.slice(1).map((o, i) => o.time - xs[i]!.time);

describe('client pacing', () => {
  it('open loop (the default): one operation per period, on a fixed schedule', () => {
    const c = cluster(fixed());
    c.sim.runUntil(s(5));
    const between = gaps(ops(c, 'invoke'));
    expect(between.length).toBeGreaterThan(90);
    expect(new Set(between)).toEqual(new Set([50_000]));
  });

  it('jitter: each wait is longer by 0..jitter, drawn per operation', () => {
    const c = cluster(fixed({ jitterUs: 1000 }));
    c.sim.runUntil(s(5));
    const between = gaps(ops(c, 'invoke'));
    expect(Math.min(...between)).toBeGreaterThanOrEqual(50_000);
    expect(Math.max(...between)).toBeLessThanOrEqual(51_000);
    expect(new Set(between).size).toBeGreaterThan(20);
  });

  it('closed loop: after a slow outcome the next operation goes at once; an open loop waits for its next slot', () => {
    const nextAfterTimeout = (loop: 'open' | 'closed') => {
      const c = cluster(fixed({ loop, timeoutUs: 1_010_000 }));
      c.sim.at(s(2) + 10_000, () => c.net.pause('m1'));
      c.sim.at(s(4), () => c.net.resume('m1'));
      c.sim.runUntil(s(6));
      const timedOut = ops(c, 'info').find((o) => o.error === 'timeout')!;
      const next = ops(c, 'invoke').find((o) => o.time >= timedOut.time && o.value !== timedOut.value)!;
      return next.time - timedOut.time;
    };
    // The time-out ends 10 ms into a slot: closed goes at once, open waits the other 40 ms.
    expect(nextAfterTimeout('closed')).toBe(0);
    expect(nextAfterTimeout('open')).toBe(40_000);
  });

  it('closed loop without faults issues at the rate: the rest of each period after the reply', () => {
    const c = cluster(fixed({ loop: 'closed' }));
    c.sim.runUntil(s(10));
    const n = ops(c, 'ok').length;
    expect(n).toBeGreaterThan(195);
    expect(n).toBeLessThanOrEqual(200);
    for (const g of gaps(ops(c, 'invoke'))) expect(g).toBe(50_000);
  });
});

describe('client time-outs', () => {
  it('a connect has its own time-out; a request\'s counts from when it is sent', () => {
    const c = cluster(fixed({ connectTimeoutUs: 200_000 }));
    // Cut c1 from m1 (a cable cut: nothing answers) from 2 s.
    c.sim.at(s(2), () => c.net.partition([['c1'], ['m1']]));
    c.sim.runUntil(s(5));
    // The request in flight at the cut: sent, then no answer for 1 s.
    const info = ops(c, 'info')[0]!;
    const sentAt = ops(c, 'invoke').find((o) => o.value === info.value)!;
    expect(info.error).toBe('timeout');
    expect(info.time - sentAt.time).toBe(s(1));
    // Then reconnects: each fails after the 200 ms connect time-out, certainly not applied.
    const fails = ops(c, 'fail').filter((o) => o.time > info.time);
    expect(fails.length).toBeGreaterThan(3);
    expect(fails.every((o) => o.error === 'connect timeout')).toBe(true);
    const invokes = ops(c, 'invoke');
    for (const f of fails.slice(0, 3)) expect(f.time - invokes.find((o) => o.value === f.value)!.time).toBe(200_000);
  });
});

describe('scenario fields for pacing and time-outs', () => {
  const base = (workload: string, client = '{ discovery: fixed, address: m1 }') =>
    `name: pacing\nduration: 5s\nredis:\n  nodes:\n    m1: {}\nclients:\n  c1: ${client}\nworkload: ${workload}\n`;
  it('loop, jitter and connect-timeout are read, checked and written back', () => {
    const sc = parseScenario('p.yaml', base('{ rate: 20/s, loop: closed, jitter: 2ms }', '{ discovery: fixed, address: m1, connect-timeout: 300ms }'));
    expect(sc.workload).toMatchObject({ loop: 'closed', jitterUs: 2000 });
    expect(sc.clients['c1']).toMatchObject({ connectTimeoutUs: 300_000 });
    const again = parseScenario('p.yaml', scenarioToYaml(sc));
    expect(again.workload).toMatchObject({ loop: 'closed', jitterUs: 2000 });
    expect(again.clients['c1']).toMatchObject({ connectTimeoutUs: 300_000 });
    expect(parseScenario('p.yaml', base('{ rate: 20/s }')).workload).toMatchObject({ loop: 'open', jitterUs: 0 });
  });
  it('a bad loop names the field and the choices', () => {
    expect(() => parseScenario('p.yaml', base('{ rate: 20/s, loop: round }'))).toThrow(/p\.yaml:\d+.*workload\.loop.*open.*closed/);
  });
});

describe('scenario field: scheduling (host scheduling delays, off by default)', () => {
  const base = (extra: string) => `name: sched\nduration: 5s\nredis:\n  nodes:\n    m1: {}\n${extra}`;
  it('off unless asked; "on" or explicit figures; written back', () => {
    expect(parseScenario('s.yaml', base('')).scheduling).toBeNull();
    expect(parseScenario('s.yaml', base('scheduling: on\n')).scheduling).toEqual({ meanGapUs: 250_000, minUs: 500, maxUs: 4_000 });
    const sc = parseScenario('s.yaml', base('scheduling: { every: 100ms, min: 1ms, max: 20ms }\n'));
    expect(sc.scheduling).toEqual({ meanGapUs: 100_000, minUs: 1_000, maxUs: 20_000 });
    expect(parseScenario('s.yaml', scenarioToYaml(sc)).scheduling).toEqual(sc.scheduling);
  });
  it('bad figures name the field', () => {
    expect(() => parseScenario('s.yaml', base('scheduling: { max: 2s }\n'))).toThrow(/s\.yaml:6.*scheduling\.max.*at most 1s/);
    expect(() => parseScenario('s.yaml', base('scheduling: sometimes\n'))).toThrow(/s\.yaml:6.*scheduling.*on.*off/);
  });
  it('on: a process is now and then not run, so what it receives waits (a reply comes later than the network alone)', () => {
    const delays = (scheduling: string) => {
      const run = simulate(parseScenario('s.yaml', `name: sched\nduration: 10s\nseed: 3\nredis:\n  nodes:\n    m1: {}\nclients:\n  c1: { discovery: fixed, address: m1 }\nworkload: { rate: 50/s }\n${scheduling}`));
      const adds = run.history.filter((o) => o.f === 'add');
      const invokes = new Map(adds.filter((o) => o.type === 'invoke').map((o) => [o.value, o.time]));
      return adds.filter((o) => o.type === 'ok').map((o) => o.time - invokes.get(o.value)!);
    };
    const off = delays('');
    const on = delays('scheduling: { every: 50ms, min: 2ms, max: 4ms }');
    const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
    console.log(`reply times p99/max: off ${p99(off)}/${Math.max(...off)} us, on ${p99(on)}/${Math.max(...on)} us`);
    expect(Math.max(...on)).toBeGreaterThan(Math.max(...off) + 2_000);
    expect(p99(on)).toBeGreaterThan(p99(off));
  });
});
