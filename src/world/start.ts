// Starting a cluster as real clusters start. A launcher (a shell script, an
// orchestrator, `redsim conform`) starts the servers one after another; each
// takes a few milliseconds to exec, read its config and listen. A cold start
// makes the launch t=0. A warm start launches before t=0 and calls t=0 a
// moment after the cluster has settled (settle.ts), as a cluster that has
// been running for a while is when a test begins. That moment falls anywhere
// within a second (TEST_START_SPREAD_US): Redis does its replication work
// once a second and counts ACK ages and min-replicas-max-lag in whole
// seconds, so where in that second a fault falls decides, for one, when a
// cut-off master starts refusing writes (a second's worth of writes either
// way). A real test harness, `redsim conform`'s included, starts at no
// particular phase of it.
//
// The boot times are measured: Debian's redis-server and redis-sentinel
// 7.0.15 launched by Node's child_process.spawn on the 2-core machine CI runs
// on (3 data nodes, then 3 Sentinels, as `redsim conform` launches them).
// Alone, a server takes 10-14 ms from exec to "Ready to accept connections"
// and a Sentinel 10-20 ms to "Sentinel ID is" (its config is fsynced first);
// launched together they take 11-34 ms, and one spawn follows another 1-10 ms
// later. The ranges below are fitted to what decides a cold start, over 36
// real launches: how often a Sentinel's first INFO (sent the moment it runs)
// misses a replica (real: 36% of Sentinels; here 32% over 100 seeds), and how
// often a replica connects before its master listens, is refused and retries
// a second later (real: 25% of launches; here 26%). They are machine
// properties, not redis.conf settings.

import type { BootTime } from '../net/process.js';
import type { Timer } from '../sim/event-queue.js';
import type { Cluster } from './cluster.js';
import { unsettled, unsettledNodes, type SettleTargets, type SettleView } from './settle.js';

export interface BootModel {
  /** Time between one launch and the next (the launcher's own fork/exec). */
  readonly launchGap: BootTime;
  /** exec → "Ready to accept connections". */
  readonly redisServer: BootTime;
  /** exec → "Sentinel ID is …" (config read, myid saved with fsync, listening). */
  readonly sentinel: BootTime;
  /** exec → a client library's first connect. */
  readonly client: BootTime;
}

/** A warm start's t=0 comes this long after the cluster settled, uniformly (its own stream). */
export const TEST_START_SPREAD_US = 1_000_000;

export const MEASURED_BOOT: BootModel = {
  launchGap: { minUs: 2_000, maxUs: 8_000 },
  redisServer: { minUs: 11_000, maxUs: 25_000 },
  sentinel: { minUs: 15_000, maxUs: 28_000 },
  client: { minUs: 11_000, maxUs: 25_000 },
};

/**
 * Launch `order` one after another from now (each a launch gap after the
 * previous), except those with a start-after, which launch that long after
 * now. Returns when the last launch is scheduled; the simulation runs them.
 */
export function launch(cluster: Cluster, order: readonly string[], startAfterUs: Readonly<Record<string, number>>, gap: BootTime): void {
  const { sim, net } = cluster;
  const gaps = sim.rng.stream('launcher');
  // A fault may have started it already (a restart before its start-after).
  const start = (name: string) => {
    for (const p of net.resolveProcesses(name)) if (p.state === 'stopped') p.start();
  };
  let atUs = sim.nowUs;
  for (const name of order) {
    const after = startAfterUs[name];
    if (after !== undefined) {
      sim.at(sim.nowUs + after, () => start(name));
      continue;
    }
    sim.at(atUs, () => start(name));
    atUs += gap.minUs + Math.floor(gaps.next() * (gap.maxUs - gap.minUs + 1));
  }
}

export interface StartPlan {
  readonly mode: 'warm' | 'cold';
  readonly order: readonly string[];
  readonly startAfterUs: Readonly<Record<string, number>>;
  readonly settleTimeoutUs: number;
  readonly targets: SettleTargets;
  /** Named in the error when a warm start never settles. */
  readonly file: string;
}

/**
 * Start the observer, launch the servers, and for a warm start run until the
 * cluster has settled and make that t=0 (SettleError if it never does). The
 * trace gets a `start` event at t=0. Returns how long settling took (ms), or
 * null for a cold start. Clients are the caller's to start, at t=0.
 */
export function startCluster(cluster: Cluster, plan: StartPlan, boot: BootModel = MEASURED_BOOT): number | null {
  const { sim, net } = cluster;
  net.start('probe');
  launch(cluster, plan.order, plan.startAfterUs, boot.launchGap);
  let settledMs: number | null = null;
  let idleUs: number | null = null;
  if (plan.mode === 'warm') {
    const outcome = runUntilSettled(cluster, plan.targets, plan.settleTimeoutUs);
    if (!outcome.settled) throw new SettleError(plan.file, plan.settleTimeoutUs, outcome.missing);
    settledMs = outcome.tookUs / 1000;
    idleUs = sim.rng.stream('test-start').int(TEST_START_SPREAD_US);
    sim.runUntil(sim.nowUs + idleUs);
    sim.setOrigin();
  }
  sim.emit('launcher', 'start', { mode: plan.mode, settledUs: settledMs === null ? null : settledMs * 1000, idleUs });
  return settledMs;
}

export type SettleOutcome = { readonly settled: true; readonly tookUs: number } | { readonly settled: false; readonly missing: readonly string[] };

/**
 * Run the simulation, asking the cluster every `everyUs` whether it has
 * settled, until it has (the simulation stops right there) or `timeoutUs`
 * has passed since now. The data nodes are asked every round; the Sentinels
 * (whose replies cost far more to build) only once the data nodes are
 * settled, and once a second meanwhile so that a refusal names everything
 * missing. It has settled only on a round that asked everyone.
 */
export function runUntilSettled(cluster: Cluster, targets: SettleTargets, timeoutUs: number, everyUs = 100_000): SettleOutcome {
  const { sim } = cluster;
  const fromUs = sim.nowUs;
  const deadlineUs = fromUs + timeoutUs;
  const roundsPerSecond = Math.max(1, Math.round(1_000_000 / everyUs));
  let lastSentinels: SettleView['sentinels'] = new Map(targets.sentinels.map((s) => [s, null]));
  let missing: readonly string[] = ['nothing answered yet'];
  let settledAtUs: number | null = null;
  let rounds = 0;
  let next: Timer | null = null;
  const round = () => {
    const full = rounds++ % roundsPerSecond === 0;
    cluster.probe().settleRound(
      (nodes) => full || unsettledNodes(targets, nodes).length === 0,
      (nodes, sentinels) => {
        if (settledAtUs !== null) return;
        if (sentinels !== null) lastSentinels = sentinels;
        missing = unsettled(targets, { nodes, sentinels: lastSentinels });
        if (missing.length === 0 && (sentinels !== null || targets.sentinels.length === 0)) {
          settledAtUs = sim.nowUs;
          sim.cancel(next);
          sim.stop();
        }
      },
    );
    next = sim.nowUs + everyUs <= deadlineUs ? sim.after(everyUs, round) : null;
  };
  next = sim.after(everyUs, round);
  sim.runUntil(deadlineUs);
  return settledAtUs !== null ? { settled: true, tookUs: settledAtUs - fromUs } : { settled: false, missing };
}

/** A warm start that never settled: the scenario cannot run as written. */
export class SettleError extends Error {
  constructor(
    readonly file: string,
    readonly timeoutUs: number,
    readonly missing: readonly string[],
  ) {
    const shown = missing.slice(0, 4).join('; ') + (missing.length > 4 ? `; and ${missing.length - 4} more` : '');
    super(`${file}: start: the cluster did not settle within ${timeoutUs / 1e6}s of its launch (${shown}); fix the topology, raise start.settle-timeout, or use start: cold`);
  }
}
