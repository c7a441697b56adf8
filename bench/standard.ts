// The standard cluster of issue 12, as scenarios: 3 data nodes, 3 Sentinels,
// 5 Sentinel-aware clients at 100 SADD/s in all, and one master crash and
// restart; and the scaling cluster, 1 master + N replicas + 9 Sentinels.
// Shared by the speed benchmark and its memory child.

import { parseScenario, type Scenario } from '../src/scenario/scenario.js';

const clients = [1, 2, 3, 4, 5].map((i) => `  c${i}: { discovery: sentinel }`).join('\n');

/** The standard cluster for `hours` of simulated time (the master crashes for 10 s at 60 s). */
export function standardScenario(hours: number): Scenario {
  const seconds = Math.round(hours * 3600);
  return parseScenario(
    'standard.yaml',
    `name: standard
duration: ${seconds}s
hosts: { box1: [m1, s1], box2: [r2, s2], box3: [r3, s3] }
redis:
  nodes: { m1: {}, r2: { replicaof: m1 }, r3: { replicaof: m1 } }
sentinel:
  defaults: { down-after-milliseconds: 5000, failover-timeout: 60000 }
  monitor: { name: mymaster, master: m1, quorum: 2 }
  nodes: [s1, s2, s3]
clients:
${clients}
workload: { type: set-add, rate: 20/s, until: ${seconds - 5}s }
faults:
  - { at: 60s, crash: m1, for: 10s }
`,
  );
}

/** 1 master + `replicas` replicas + 9 Sentinels, a simulated minute, the master crashed for 10 s at 20 s. */
export function scalingScenario(replicas: number): Scenario {
  const names = Array.from({ length: replicas }, (_, i) => `r${i + 2}`);
  return parseScenario(
    `scale-${replicas}.yaml`,
    `name: scale-${replicas}
duration: 60s
redis:
  nodes:
    m1: {}
${names.map((r) => `    ${r}: { replicaof: m1 }`).join('\n')}
sentinel:
  defaults: { down-after-milliseconds: 5000 }
  monitor: { name: mymaster, master: m1, quorum: 5 }
  nodes: [s1, s2, s3, s4, s5, s6, s7, s8, s9]
clients:
${clients}
workload: { type: set-add, rate: 20/s, until: 55s }
faults:
  - { at: 20s, crash: m1, for: 10s }
`,
  );
}
