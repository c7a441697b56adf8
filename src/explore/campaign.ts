// Running many seeds: in this thread (jobs = 1) or on worker threads, handing
// out one seed at a time so fast and slow seeds balance. Outcomes arrive as
// they finish; the summary sorts them by seed, so the output does not depend
// on scheduling.

import { Worker } from 'node:worker_threads';
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
  const queue = [...options.seeds];
  // From TypeScript sources (tests), the worker runs its .ts twin through tsx.
  const fromSources = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: Math.min(options.jobs, queue.length) }, () => {
      return new Promise<void>((resolve, reject) => {
        const workerData = { file: options.file, swarm: options.swarm };
        // `--import tsx` in a worker's execArgv is not honoured by Node 20, so
        // from sources a small bootstrap registers tsx, then loads the worker.
        const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
        const worker = fromSources ? new Worker(bootstrap, { eval: true, workerData }) : new Worker(workerUrl, { workerData });
        const next = () => {
          const seed = queue.shift();
          worker.postMessage(seed === undefined ? { done: true } : { seed });
        };
        worker.on('message', (message: { ready?: true; outcome?: SeedOutcome; error?: string }) => {
          if (message.outcome) record(message.outcome);
          if (message.error) errors.push(message.error);
          next();
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      });
    }),
  );
  if (errors.length > 0) throw new Error(errors[0]);
  return outcomes.sort((a, b) => a.seed - b.seed);
}

/** `--shard I/K`: the seeds of shard I (1-based) out of K. */
export function shardSeeds(first: number, count: number, shard: { index: number; of: number } | null): number[] {
  const all = Array.from({ length: count }, (_, i) => first + i);
  return shard === null ? all : all.filter((_, i) => i % shard.of === shard.index - 1);
}
