// Running a cluster through a workload: clients work while the scheduled
// faults happen; at the end of the workload phase they stop, the cluster gets
// time to settle, and one client reads everything from the final master. The
// probe records the cluster's state every second throughout, for the
// convergence checker.

import type { Cluster } from './cluster.js';

export interface RunPlan {
  /** When clients stop issuing operations, µs. */
  readonly workloadEndUs: number;
  /** When the final reads start (after faults healed and the cluster settled), µs. */
  readonly finalReadAtUs: number;
  /** Probe rounds: how often, µs (default 1 s). */
  readonly probeEveryUs?: number;
  /** When probing starts, µs (default: at once). Convergence only reads rounds after the faults are over. */
  readonly probeFromUs?: number;
  /** Give up on final reads that have not completed by then, µs after they started. */
  readonly finalReadBudgetUs?: number;
}

/** Plan times count from the run's t=0 (`sim.originUs`: later than kernel time 0 after a warm start). */
export function runPlan(cluster: Cluster, plan: RunPlan): void {
  const { sim } = cluster;
  scheduleProbes(cluster, plan);
  sim.runUntil(sim.originUs + plan.workloadEndUs);
  for (const client of cluster.clients.values()) client.stop();
  sim.runUntil(sim.originUs + plan.finalReadAtUs);
  runFinalReads(cluster, plan);
}

/** Probe rounds every `probeEveryUs` from `probeFromUs` until the final reads. */
export function scheduleProbes(cluster: Cluster, plan: RunPlan): void {
  const { sim } = cluster;
  const probeEveryUs = plan.probeEveryUs ?? 1_000_000;
  const probeRound = () => {
    cluster.probe().runRound();
    if (sim.sinceOriginUs + probeEveryUs <= plan.finalReadAtUs) sim.after(probeEveryUs, probeRound);
  };
  sim.at(sim.originUs + Math.min(Math.max(probeEveryUs, plan.probeFromUs ?? 0), plan.finalReadAtUs), probeRound);
}

/** One client reads everything from the master it finds now; runs until it is done or the budget is spent. */
export function runFinalReads(cluster: Cluster, plan: RunPlan): void {
  const { sim } = cluster;
  const reader = cluster.clients.values().next().value;
  if (reader === undefined) return;
  let finished = false;
  reader.finalReads(() => {
    finished = true;
  });
  const deadline = sim.nowUs + (plan.finalReadBudgetUs ?? 30_000_000);
  while (!finished && sim.nowUs <= deadline && sim.step()) {
    /* until the final reads are in */
  }
}
