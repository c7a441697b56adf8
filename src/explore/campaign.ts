// Running many seeds: in this thread (jobs = 1) or on worker threads, handing
// out one seed at a time so fast and slow seeds balance. Outcomes arrive as
// they finish; the summary sorts them by seed, so the output does not depend
// on scheduling.

import { runOnWorkers, siblingWorker } from './worker-pool.js';
import { runSeed, type SeedOutcome } from './outcome.js';

export interface CampaignOptions {
  readonly file: string;
  readonly seeds: readonly number[];
  readonly jobs: number;
  readonly swarm: boolean;
  readonly onOutcome?: (outcome: SeedOutcome) => void;
}

export async function runCampaign(options: CampaignOptions): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  const record = (o: SeedOutcome) => {
    outcomes.push(o);
    options.onOutcome?.(o);
  };
  if (options.jobs <= 1 || options.seeds.length <= 1) {
    for (const seed of options.seeds) {
      record(runSeed(options.file, seed, options.swarm));
      // Let progress output and signals through between seeds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return outcomes.sort((a, b) => a.seed - b.seed);
  }
  await runOnWorkers<SeedOutcome>(siblingWorker(import.meta.url), { file: options.file, swarm: options.swarm }, options.seeds.map((seed) => ({ seed })), options.jobs, record);
  return outcomes.sort((a, b) => a.seed - b.seed);
}

/** `--shard I/K`: the seeds of shard I (1-based) out of K. */
export function shardSeeds(first: number, count: number, shard: { index: number; of: number } | null): number[] {
  const all = Array.from({ length: count }, (_, i) => first + i);
  return shard === null ? all : all.filter((_, i) => i % shard.of === shard.index - 1);
}
