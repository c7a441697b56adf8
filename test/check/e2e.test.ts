// The checkers end to end, on simulated runs where the answer is known.

import { describe, expect, it } from 'vitest';
import { buildCluster, type ClusterSpec } from '../../src/world/cluster.js';
import { runPlan } from '../../src/world/run.js';
import { checkLostWrites } from '../../src/check/lost-writes.js';
import { attributeLosses } from '../../src/check/loss-attribution.js';
import { checkSplitBrain } from '../../src/check/split-brain.js';
import { checkConvergence } from '../../src/check/convergence.js';
import { checkAvailability } from '../../src/check/availability.js';
import { runCheckers } from '../../src/check/index.js';

const s = (n: number) => n * 1_000_000;

/** The Redis docs' "basic setup with three boxes", clients c1 on box1 (the master's) and c2 on box2. */
function threeBoxes(extraRedis: Record<string, string | number> = {}, seed = 1): ClusterSpec {
  return {
    seed,
    hosts: { m1: 'box1', s1: 'box1', c1: 'box1', r2: 'box2', s2: 'box2', c2: 'box2', r3: 'box3', s3: 'box3' },
    redis: { m1: { ...extraRedis }, r2: { replicaof: 'm1 6379', ...extraRedis }, r3: { replicaof: 'm1 6379', ...extraRedis } },
    sentinel: {
      names: ['s1', 's2', 's3'],
      monitor: { name: 'mymaster', master: 'm1', quorum: 2 },
      config: { 'down-after-milliseconds': 5000, 'failover-timeout': 60000 },
    },
    clients: {
      c1: { discovery: { kind: 'fixed', address: 'm1' }, workload: 'set-add', ratePerSec: 10, timeoutUs: s(1) },
      c2: { discovery: { kind: 'sentinel', sentinels: ['s2', 's3'], masterName: 'mymaster' }, workload: 'set-add', ratePerSec: 10, timeoutUs: s(1) },
    },
  };
}

/** Start, cut box1 (the master's, with c1) off from 20 s to 50 s, and run the plan. */
function partitionMasterBox(cluster: ReturnType<typeof buildCluster>, workloadEndUs: number, finalReadAtUs: number): void {
  const { sim, net } = cluster;
  net.startAll();
  let cut: ReturnType<typeof net.partition> | null = null;
  sim.at(s(20), () => (cut = net.partition([['box1'], ['box2', 'box3']])));
  sim.at(s(50), () => net.heal(cut!));
  runPlan(cluster, { workloadEndUs, finalReadAtUs });
}

function check(cluster: ReturnType<typeof buildCluster>, endUs: number) {
  const ops = cluster.history.ops;
  const trace = cluster.sim.trace.events;
  const lost = checkLostWrites(ops);
  return {
    lost,
    attribution: attributeLosses(lost.lostWrites, trace),
    splitBrain: checkSplitBrain(ops, trace, endUs),
    convergence: checkConvergence(trace, 60_000),
    availability: checkAvailability(ops, trace),
  };
}

describe('checkers end to end', () => {
  it('no faults: nothing lost, no split brain, converged, every operation ok', () => {
    const cluster = buildCluster(threeBoxes());
    cluster.net.startAll();
    runPlan(cluster, { workloadEndUs: s(30), finalReadAtUs: s(35) });
    const r = check(cluster, s(35));
    expect(r.lost.valid).toBe(true);
    expect(r.lost.acked).toBeGreaterThan(400);
    expect(r.lost.lost).toBe(0);
    expect(r.splitBrain.valid).toBe(true);
    expect(r.convergence.valid).toBe(true);
    expect(r.convergence.master).toBe('m1');
    expect(r.availability.failovers).toEqual([]);
    for (const c of Object.values(r.availability.clients)) expect(c.okRate).toBeGreaterThan(0.99);
  });

  it('three boxes, master partitioned with its client: acknowledged writes lost to the demotion, split brain found', () => {
    const cluster = buildCluster(threeBoxes());
    partitionMasterBox(cluster, s(90), s(100));
    const r = check(cluster, s(100));

    expect(r.lost.valid).toBe(false);
    expect(r.lost.lost).toBeGreaterThan(50);
    expect(r.lost.perClient['c1']!.lost).toBe(r.lost.lost);
    expect(r.lost.perClient['c2']!.lost).toBe(0);
    // Every lost write was acknowledged by m1 between the partition and its
    // demotion, which comes after the heal: the Sentinels convert it only once it
    // has reported master for 8 s, so it takes its client's writes until then.
    const demotedAtUs = cluster.sim.trace.events.find((e) => e.kind === 'redis.role' && e.node === 'm1' && e['role'] === 'replica')!.tUs;
    expect(demotedAtUs).toBeGreaterThan(s(50));
    for (const w of r.lost.lostWrites) {
      expect(w.node).toBe('m1');
      expect(w.ackedAtUs).toBeGreaterThanOrEqual(s(20));
      expect(w.ackedAtUs).toBeLessThanOrEqual(demotedAtUs);
    }
    expect(r.lost.lostWrites.some((w) => w.ackedAtUs > s(50))).toBe(true);
    // ...and erased by m1's full resync after it was demoted
    expect(r.attribution.byCause).toEqual({ 'full-resync-after-demotion': r.lost.lost });
    const story = r.attribution.losses[0]!.story;
    expect(story).toMatch(/acknowledged by m1 at .* was erased when m1, demoted by \+switch-master mymaster m1 6379 r\d 6379 \(epoch 1\) at .* did a full resync at/);

    expect(r.splitBrain.valid).toBe(false);
    const interval = r.splitBrain.intervals[0]!;
    expect(interval.masters).toContain('m1');
    expect(interval.writesByNode['m1']).toBeGreaterThan(0);
    expect(interval.startUs).toBeGreaterThan(s(20));
    expect(interval.endUs).toBeGreaterThan(s(50));

    expect(r.availability.failovers).toHaveLength(1);
    const failover = r.availability.failovers[0]!;
    expect(failover.fault).toBe('partition box1 | box2,box3');
    expect(failover.durationMs!).toBeGreaterThan(5000);
    expect(failover.durationMs!).toBeLessThan(15000);
    expect(r.convergence.valid).toBe(true);
  });

  it('the same with min-replicas-to-write 1: the loss window is bounded by min-replicas-max-lag plus detection', () => {
    const cluster = buildCluster(threeBoxes({ 'min-replicas-to-write': 1, 'min-replicas-max-lag': 10 }));
    partitionMasterBox(cluster, s(90), s(100));
    const r = check(cluster, s(100));
    expect(r.lost.lost).toBeGreaterThan(0);
    // m1 stops accepting writes once its replicas' last ACK is older than 10 s
    // (checked once a second): nothing acknowledged after 20 + 10 + 2 s.
    const lastLostUs = Math.max(...r.lost.lostWrites.map((w) => w.ackedAtUs));
    expect(lastLostUs).toBeLessThan(s(32));
    const refused = cluster.history.ops.filter((o) => o.process === 'c1' && o.type === 'fail' && o.error?.startsWith('NOREPLICAS'));
    expect(refused.length).toBeGreaterThan(0);
    // Far fewer losses than without the setting.
    const unbounded = buildCluster(threeBoxes());
    partitionMasterBox(unbounded, s(90), s(100));
    expect(r.lost.lost).toBeLessThan(checkLostWrites(unbounded.history.ops).lost / 2);
  });

  it('a persistence-off master restarted before Sentinel notices: everything acknowledged before is lost, and attributed', () => {
    const spec = threeBoxes({ save: '""', appendonly: 'no' });
    const cluster = buildCluster(spec);
    const { sim, net } = cluster;
    net.startAll();
    sim.at(s(20), () => net.crash('m1'));
    sim.at(s(21), () => net.restart('m1'));
    runPlan(cluster, { workloadEndUs: s(40), finalReadAtUs: s(50) });
    const r = check(cluster, s(50));
    expect(r.lost.valid).toBe(false);
    const before = r.lost.lostWrites.filter((w) => w.ackedAtUs < s(20));
    expect(before.length).toBeGreaterThan(300);
    expect(r.attribution.losses.filter((l) => l.ackedAtUs < s(20)).every((l) => l.cause === 'restart-without-persistence')).toBe(true);
    expect(r.attribution.losses[0]!.story).toMatch(/was lost when m1 restarted at .* with no persistence and came back empty/);
    // no failover happened: the master came back faster than down-after-milliseconds
    expect(r.availability.failovers).toEqual([]);
  });
});

describe('linearizability end to end (register workload)', () => {
  const registerCluster = (seed: number) => {
    const spec = threeBoxes({}, seed);
    const clients = spec.clients!;
    return buildCluster({
      ...spec,
      clients: {
        c1: { ...clients['c1']!, workload: 'register' },
        c2: { ...clients['c2']!, workload: 'register' },
        c3: { discovery: { kind: 'sentinel', sentinels: ['s3', 's2'], masterName: 'mymaster' }, workload: 'register', ratePerSec: 10, timeoutUs: s(1) },
      },
      hosts: { ...spec.hosts, c3: 'box3' },
    });
  };

  it('no faults: the register history is linearizable', () => {
    const cluster = registerCluster(1);
    cluster.net.startAll();
    runPlan(cluster, { workloadEndUs: s(30), finalReadAtUs: s(35) });
    const r = runCheckers(cluster.history.ops, cluster.sim.trace.events, { endUs: s(35), convergenceBoundMs: 60_000 });
    expect(r.linearizability.valid).toBe(true);
    expect(r.linearizability.keys.reduce((n, k) => n + k.ops, 0)).toBeGreaterThan(500);
    expect(r.lostWrites.workload).toBe('register');
  });

  it('a partitioned old master taking writes makes it non-linearizable, with a counterexample', () => {
    const cluster = registerCluster(2);
    partitionMasterBox(cluster, s(80), s(90));
    const r = runCheckers(cluster.history.ops, cluster.sim.trace.events, { endUs: s(90), convergenceBoundMs: 60_000 });
    expect(r.linearizability.valid).toBe(false);
    const bad = r.linearizability.keys.find((k) => k.valid === false)!;
    expect(bad.counterexample!.length).toBeGreaterThan(0);
    expect(r.splitBrain.valid).toBe(false);
  });
});

describe('every workload end to end', () => {
  it.each(['set-add', 'counter', 'list-append'] as const)('%s with no faults: every acknowledged write is in the final read', (type) => {
    const spec = threeBoxes();
    const clients = spec.clients!;
    const cluster = buildCluster({ ...spec, clients: { c1: { ...clients['c1']!, workload: type }, c2: { ...clients['c2']!, workload: type } } });
    cluster.net.startAll();
    runPlan(cluster, { workloadEndUs: s(20), finalReadAtUs: s(25) });
    const r = checkLostWrites(cluster.history.ops);
    expect(r.workload).toBe(type);
    expect(r.valid).toBe(true);
    expect(r.acked).toBeGreaterThan(300);
    // history.jsonl: one JSON object per line, in order
    const lines = cluster.history.toJsonLines().trim().split('\n');
    expect(lines.length).toBe(cluster.history.ops.length);
    expect(JSON.parse(lines[0]!)).toMatchObject({ process: expect.any(String), type: 'invoke', f: expect.any(String), time: expect.any(Number) });
  });
});

describe('runCheckers', () => {
  it('judges linearizability only on register operations (a set-add history is not a register)', () => {
    const cluster = buildCluster(threeBoxes());
    cluster.net.startAll();
    runPlan(cluster, { workloadEndUs: s(10), finalReadAtUs: s(12) });
    const r = runCheckers(cluster.history.ops, cluster.sim.trace.events, { endUs: s(12), convergenceBoundMs: 60_000 });
    expect(r.linearizability.keys).toEqual([]);
    expect(r.linearizability.valid).toBe(true);
  });
});
