// Sentinel benchmark (issue 4): a 3-data-node, 3-Sentinel cluster idling for
// one simulated hour, and one failover from the master's death to
// +switch-master on all three Sentinels.

import { buildCluster, type ClusterSpec } from '../src/world/cluster.js';
import type { BenchResult } from './measure.js';
import { timeIt } from './measure.js';

const HOUR_US = 3_600_000_000;

function spec(seed: number): ClusterSpec {
  return {
    seed,
    traceKeep: 'none',
    redis: { m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } },
    sentinel: {
      names: ['s1', 's2', 's3'],
      monitor: { name: 'mymaster', master: 'm1', quorum: 2 },
      config: { 'down-after-milliseconds': 5000, 'failover-timeout': 60000 },
    },
  };
}

export function benchSentinel(): BenchResult[] {
  // Warm the JIT.
  const warm = buildCluster(spec(2));
  warm.net.startAll();
  warm.sim.runUntil(HOUR_US / 20);

  const idle = timeIt(
    'sentinel: 3 data nodes + 3 Sentinels idling, 1 simulated hour',
    () => {
      const c = buildCluster(spec(1));
      c.net.startAll();
      c.sim.runUntil(HOUR_US);
      return c.sim.eventsExecuted;
    },
    HOUR_US,
  );

  const c = buildCluster({ ...spec(3), traceKeep: new Set(['sentinel.event']) });
  c.net.startAll();
  c.sim.runUntil(20_000_000);
  const killedAtUs = c.sim.nowUs;
  c.net.crash('m1');
  const eventsBefore = c.sim.eventsExecuted;
  const started = performance.now();
  const switched = () => c.sim.trace.events.filter((e) => e['name'] === '+switch-master').length >= 3;
  while (!switched() && c.sim.step()) {
    /* until every Sentinel switched */
  }
  const wallMs = performance.now() - started;
  const failoverMs = (c.sim.nowUs - killedAtUs) / 1000;
  return [
    idle,
    {
      name: 'sentinel: one failover, master killed -> +switch-master on all 3',
      value: wallMs.toFixed(1),
      unit: 'ms wall',
      detail: `${failoverMs.toFixed(0)} ms simulated (down-after 5000), ${(c.sim.eventsExecuted - eventsBefore).toLocaleString('en-US')} kernel events`,
    },
  ];
}
