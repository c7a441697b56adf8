// `redsim sweep` as a library call: the cross product of the varied settings,
// each over the same seeds of the scenario's faults, run on worker threads
// (one task at a time per worker, so fast and slow tasks balance), then
// summarized per setting. The result depends only on the scenario, the
// settings and the seeds: outcomes are sorted before they are summarized, so
// any number of jobs, or shards merged, gives the same table.

import { availableParallelism } from 'node:os';
import { loadScenario, readScenarioText } from '../scenario/load.js';
import { shardSeeds } from '../explore/campaign.js';
import { runOnWorkers, siblingWorker } from '../explore/worker-pool.js';
import { crossProduct, dimension, parseVary, scenarioFor, SweepError, type Dimension, type Setting } from './settings.js';
import { runSweepSeed, type SweepSeedOutcome } from './outcome.js';
import { effects, sortSummaries, summarize, tradeOff, type SettingSummary } from './summary.js';

export interface SweepOptions {
  readonly file: string;
  /** `NAME=V1,V2` texts or dimensions; default: the scenario's `sweep.vary`. */
  readonly vary?: readonly (string | Dimension)[];
  /** Seeds per setting; default the scenario's `sweep.seeds`, else 20. */
  readonly seeds?: number;
  readonly firstSeed?: number;
  /** Worker threads (default: the cores); 1 runs in this thread. */
  readonly jobs?: number;
  /** Run only shard I of K of the seeds (1-based); merge the shards' outcomes with `mergeSweeps`. */
  readonly shard?: { readonly index: number; readonly of: number } | null;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepResult {
  readonly scenario: string;
  readonly file: string;
  readonly dimensions: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly seeds: { readonly first: number; readonly count: number; readonly shard: { readonly index: number; readonly of: number } | null };
  /** Sorted: least loss first, then least unavailability. */
  readonly rows: readonly SettingSummary[];
  readonly tradeOff: string;
  /** Each varied setting on its own, the others held as in the least-loss row. */
  readonly effects: readonly string[];
  /** Every (setting, seed), sorted: what shards merge from. */
  readonly outcomes: readonly SweepSeedOutcome[];
  readonly wallMs: number;
}

const DEFAULT_SEEDS = 20;

/** The dimensions of a sweep: the flags', else the scenario's `sweep:` section. */
export function sweepDimensions(file: string, vary: readonly (string | Dimension)[] | undefined): Dimension[] {
  if (vary !== undefined && vary.length > 0) return vary.map((v) => (typeof v === 'string' ? parseVary(v) : v));
  const section = loadScenario(file).sweep;
  if (section === null) throw new SweepError(`${file} has no sweep: section; say what to vary with --vary NAME=V1,V2 (e.g. --vary down-after-milliseconds=1s,5s,30s)`);
  return section.vary.map((v) => dimension(v.name, v.values));
}

export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const base = loadScenario(options.file);
  const dimensions = sweepDimensions(options.file, options.vary);
  const settings = crossProduct(dimensions);
  // Every setting is a valid scenario before anything runs: a bad value stops the sweep with one line.
  const text = readScenarioText(options.file);
  const scenarios = settings.map((s) => scenarioFor(options.file, text, s));
  const count = options.seeds ?? base.sweep?.seeds ?? DEFAULT_SEEDS;
  const first = options.firstSeed ?? 1;
  const shard = options.shard ?? null;
  const seeds = shardSeeds(first, count, shard);
  const tasks = settings.flatMap((s) => seeds.map((seed) => ({ setting: s.index, seed })));
  const outcomes: SweepSeedOutcome[] = [];
  const record = (o: SweepSeedOutcome) => {
    outcomes.push(o);
    options.onProgress?.(outcomes.length, tasks.length);
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), tasks.length));
  if (jobs <= 1) {
    for (const t of tasks) {
      record(runSweepSeed(scenarios[t.setting]!, t.setting, t.seed));
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    await runOnWorkers<SweepSeedOutcome>(siblingWorker(import.meta.url), { file: options.file, settings }, tasks, jobs, record);
  }
  return assemble(base.name, options.file, dimensions, settings, { first, count, shard }, outcomes, performance.now() - started);
}

/** The table from outcomes (a sweep's, or several shards' together). */
export function assemble(
  scenario: string,
  file: string,
  dimensions: readonly Dimension[],
  settings: readonly Setting[],
  seeds: SweepResult['seeds'],
  outcomes: readonly SweepSeedOutcome[],
  wallMs: number,
): SweepResult {
  const sorted = [...outcomes].sort((a, b) => a.setting - b.setting || a.seed - b.seed);
  const rows = sortSummaries(settings.map((s) => summarize(s, sorted.filter((o) => o.setting === s.index))));
  return {
    scenario,
    file,
    dimensions: dimensions.map((d) => ({ name: d.name, values: d.values.map((v) => v.label) })),
    seeds,
    rows,
    tradeOff: tradeOff(rows),
    effects: effects(rows),
    outcomes: sorted,
    wallMs: Math.round(wallMs),
  };
}

/** Shards of one sweep (same file, settings and seed range) into the whole sweep's result. */
export function mergeSweeps(parts: readonly SweepResult[]): SweepResult {
  const first = parts[0];
  if (first === undefined) throw new SweepError('nothing to merge');
  const key = (r: SweepResult) => JSON.stringify([r.file, r.dimensions, r.seeds.first, r.seeds.count]);
  for (const p of parts) if (key(p) !== key(first)) throw new SweepError(`cannot merge: ${p.file} ${JSON.stringify(p.dimensions)} seeds ${p.seeds.first}+${p.seeds.count} is not the same sweep as the first part`);
  const dimensions = first.dimensions.map((d) => dimension(d.name, d.values));
  const settings = crossProduct(dimensions);
  const seen = new Set<string>();
  const outcomes = parts.flatMap((p) => p.outcomes).filter((o) => {
    const k = `${o.setting}/${o.seed}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return assemble(first.scenario, first.file, dimensions, settings, { first: first.seeds.first, count: first.seeds.count, shard: null }, outcomes, Math.max(...parts.map((p) => p.wallMs)));
}
