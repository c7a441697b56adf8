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

export function runPlan(cluster: Cluster, plan: RunPlan): void {
  const { sim } = cluster;
  const probeEveryUs = plan.probeEveryUs ?? 1_000_000;
  const probeRound = () => {
    cluster.probe().runRound();
    if (sim.nowUs + probeEveryUs <= plan.finalReadAtUs) sim.after(probeEveryUs, probeRound);
  };
  sim.at(Math.min(Math.max(probeEveryUs, plan.probeFromUs ?? 0), plan.finalReadAtUs), probeRound);
  sim.runUntil(plan.workloadEndUs);
  for (const client of cluster.clients.values()) client.stop();
  sim.runUntil(plan.finalReadAtUs);
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
