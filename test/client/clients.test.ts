// The client models: how they find the master and what they record.

import { describe, expect, it } from 'vitest';
import { buildCluster, type ClusterSpec } from '../../src/world/cluster.js';
import { pairOps } from '../../src/sim/history.js';
import type { ClientSpec } from '../../src/client/client.js';

const s = (n: number) => n * 1_000_000;

function spec(clients: Record<string, Omit<ClientSpec, 'index'>>): ClusterSpec {
  return {
    seed: 3,
    redis: { m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } },
    sentinel: { names: ['s1', 's2', 's3'], monitor: { name: 'mymaster', master: 'm1', quorum: 2 }, config: { 'down-after-milliseconds': 3000, 'failover-timeout': 30000 } },
    clients,
  };
}

const sentinelClient = (extra: Partial<Extract<ClientSpec['discovery'], { kind: 'sentinel' }>> = {}, workload: ClientSpec['workload'] = 'set-add'): Omit<ClientSpec, 'index'> => ({
  discovery: { kind: 'sentinel', sentinels: ['s1', 's2', 's3'], masterName: 'mymaster', ...extra },
  workload,
  ratePerSec: 20,
  timeoutUs: s(1),
});

/** Nodes that acknowledged the client's writes, in order of first appearance. */
const ackNodes = (cluster: ReturnType<typeof buildCluster>, process: string) =>
  [...new Set(pairOps(cluster.history.ops).filter((p) => p.invoke.process === process && p.completion?.type === 'ok' && p.invoke.f !== 'read').map((p) => p.completion!.node))];

describe('client models', () => {
  it('every invoke has exactly one completion, and values are unique', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient(), c2: sentinelClient() }));
    cluster.net.startAll();
    cluster.sim.runUntil(s(10));
    const pairs = pairOps(cluster.history.ops);
    expect(pairs.length).toBeGreaterThan(300);
    expect(pairs.filter((p) => p.completion === null).length).toBeLessThanOrEqual(2);
    const values = pairs.map((p) => p.invoke.value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('a Sentinel client follows a failover: errors or time-outs, then the new master confirmed by ROLE', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient() }));
    cluster.net.startAll();
    // After the Sentinels' second INFO (10 s), which tells them of the replicas.
    cluster.sim.at(s(15), () => cluster.net.crash('m1'));
    cluster.sim.runUntil(s(35));
    const nodes = ackNodes(cluster, 'c1');
    expect(nodes[0]).toBe('m1');
    expect(nodes.length).toBe(2);
    expect(['r2', 'r3']).toContain(nodes[1]);
    const failed = cluster.history.ops.filter((o) => o.process === 'c1' && (o.type === 'fail' || o.type === 'info'));
    expect(failed.length).toBeGreaterThan(0);
  });

  it('a fixed client keeps its address: refused while the node is down, back after its restart', () => {
    const cluster = buildCluster(spec({ c1: { discovery: { kind: 'fixed', address: 'm1' }, workload: 'set-add', ratePerSec: 20, timeoutUs: s(1) } }));
    cluster.net.startAll();
    cluster.sim.at(s(5), () => cluster.net.crash('m1'));
    cluster.sim.at(s(6), () => cluster.net.restart('m1'));
    cluster.sim.runUntil(s(10));
    const ops = cluster.history.ops.filter((o) => o.process === 'c1');
    expect(ops.some((o) => o.type === 'fail' && o.error === 'refused')).toBe(true);
    expect(ops.filter((o) => o.type === 'ok' && o.time > s(6)).length).toBeGreaterThan(50);
    expect(new Set(ops.filter((o) => o.type === 'ok').map((o) => o.node))).toEqual(new Set(['m1']));
  });

  it('a timed-out request is info (its outcome unknown), not fail', () => {
    const cluster = buildCluster(spec({ c1: { discovery: { kind: 'fixed', address: 'm1' }, workload: 'set-add', ratePerSec: 5, timeoutUs: s(1) } }));
    cluster.net.startAll();
    cluster.sim.at(s(5), () => cluster.net.pause('m1'));
    cluster.sim.at(s(9), () => cluster.net.resume('m1'));
    cluster.sim.runUntil(s(12));
    const info = cluster.history.ops.filter((o) => o.type === 'info');
    expect(info.length).toBeGreaterThan(0);
    expect(info.every((o) => o.error === 'timeout' || o.error === 'connection-closed')).toBe(true);
  });

  it('per-operation discovery asks a Sentinel (and ROLE) before every operation: four more round trips each', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient({ perOp: true }), c2: sentinelClient() }));
    cluster.net.startAll();
    cluster.sim.runUntil(s(8));
    const medianLatencyUs = (process: string) => {
      const l = pairOps(cluster.history.ops)
        .filter((p) => p.invoke.process === process && p.completion?.type === 'ok' && p.invoke.time > s(2))
        .map((p) => p.completion!.time - p.invoke.time)
        .sort((a, b) => a - b);
      return l[Math.floor(l.length / 2)]!;
    };
    const perOp = medianLatencyUs('c1');
    const cached = medianLatencyUs('c2');
    // Each of the two extra requests goes on a new connection: handshake + request.
    expect(perOp / cached).toBeGreaterThan(4);
    expect(perOp / cached).toBeLessThan(6);
  });

  it('a subscriber of +switch-master moves to the new master as soon as it is announced', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient({ subscribe: true }) }));
    cluster.net.startAll();
    // After the Sentinels' second INFO (10 s), which tells them of the replicas.
    cluster.sim.at(s(15), () => cluster.net.crash('m1'));
    cluster.sim.runUntil(s(35));
    expect(ackNodes(cluster, 'c1').length).toBe(2);
  });

  it('read-from-replicas sends reads to a replica and writes to the master', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient({ readFromReplicas: true }, 'register') }));
    cluster.net.startAll();
    cluster.sim.runUntil(s(15));
    const pairs = pairOps(cluster.history.ops).filter((p) => p.completion?.type === 'ok');
    const readNodes = new Set(pairs.filter((p) => p.invoke.f === 'read' && p.completion!.time > s(12)).map((p) => p.completion!.node));
    const writeNodes = new Set(pairs.filter((p) => p.invoke.f === 'write').map((p) => p.completion!.node));
    expect(writeNodes).toEqual(new Set(['m1']));
    expect([...readNodes].every((n) => n === 'r2' || n === 'r3')).toBe(true);
    expect(readNodes.size).toBeGreaterThan(0);
  });
});

describe('discovery errors say what went wrong', () => {
  const errorsOf = (cluster: ReturnType<typeof buildCluster>) => new Set(cluster.history.ops.filter((o) => o.process === 'c1' && o.type === 'fail').map((o) => o.error));
  it('no Sentinel answered: every Sentinel is down', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient() }));
    cluster.net.startAll();
    for (const name of ['s1', 's2', 's3']) cluster.net.crash(name);
    cluster.sim.runUntil(s(3));
    expect(errorsOf(cluster)).toEqual(new Set(['no Sentinel answered']));
  });
  it('the Sentinels named a master that did not confirm with ROLE (the client is cut off from it, the Sentinels are not)', () => {
    const cluster = buildCluster(spec({ c1: sentinelClient() }));
    cluster.net.startAll();
    cluster.sim.at(s(12), () => cluster.net.partition([['c1'], ['m1']]));
    cluster.sim.runUntil(s(20));
    expect(errorsOf(cluster)).toContain('no named master confirmed by ROLE');
    expect(errorsOf(cluster)).not.toContain('no Sentinel answered');
  });
});
