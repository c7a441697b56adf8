// Exploration benchmark (issue 7): seeds per minute of a 60 s scenario with
// 3 data nodes, 3 Sentinels and 5 clients under generated faults
// (scenarios/explore-failover.yaml), with 1 job and with every core; the
// simulated/wall ratio of one seed; and one simulated hour of the same
// cluster with no faults (targets: 2,000 seeds/min on 2 cores; an hour in
// under a second).

import { availableParallelism } from 'node:os';
import { runCampaign } from '../src/explore/campaign.js';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/scenario/simulate.js';
import { EXPLORE_TRACE_KINDS } from '../src/explore/outcome.js';
import type { BenchResult } from './measure.js';

const FILE = 'scenarios/explore-failover.yaml';

export async function seedsPerMinute(jobs: number, seeds: number): Promise<BenchResult> {
  const list = Array.from({ length: seeds }, (_, i) => i + 1);
  const started = performance.now();
  const outcomes = await runCampaign({ file: FILE, seeds: list, jobs, swarm: true });
  const wallS = (performance.now() - started) / 1000;
  const failed = outcomes.filter((o) => !o.passed).length;
  return {
    name: `explore: seeds/min, ${FILE}, --swarm, ${jobs} job(s)`,
    value: Math.round((seeds / wallS) * 60).toLocaleString('en-US'),
    unit: 'seeds/min',
    detail: `${seeds} seeds in ${wallS.toFixed(1)} s wall (${failed} failed)`,
  };
}

function oneSeed(): BenchResult {
  const scenario = loadScenario(FILE);
  simulate(scenario, { seed: 1, traceKeep: EXPLORE_TRACE_KINDS }); // warm up
  const started = performance.now();
  const r = simulate(scenario, { seed: 2, traceKeep: EXPLORE_TRACE_KINDS }).result;
  const wallMs = performance.now() - started;
  return {
    name: 'explore: one seed, simulated/wall',
    value: Math.round(scenario.durationUs / 1000 / wallMs).toLocaleString('en-US'),
    unit: 'x',
    detail: `60 s simulated in ${wallMs.toFixed(0)} ms wall; ${r.stats.events.toLocaleString('en-US')} kernel events, ${r.stats.operations.toLocaleString('en-US')} operations`,
  };
}

function oneHour(): BenchResult {
  const base = loadScenario(FILE);
  const hourUs = 3_600_000_000;
  const scenario = { ...base, durationUs: hourUs, workload: { ...base.workload, untilUs: hourUs - 5_000_000 }, generator: null, swarm: null, faults: [], expect: {} };
  const started = performance.now();
  const r = simulate(scenario, { traceKeep: EXPLORE_TRACE_KINDS }).result;
  const wallMs = performance.now() - started;
  return {
    name: 'explore: 1 simulated hour, 3 data + 3 Sentinels + 5 clients, no faults',
    value: (wallMs / 1000).toFixed(2),
    unit: 's wall',
    detail: `simulated/wall = ${Math.round(hourUs / 1000 / wallMs).toLocaleString('en-US')}x; ${r.stats.events.toLocaleString('en-US')} kernel events, ${r.stats.operations.toLocaleString('en-US')} operations`,
  };
}

export async function benchExplore(): Promise<BenchResult[]> {
  const cores = availableParallelism();
  const results = [oneSeed(), oneHour(), await seedsPerMinute(1, 100)];
  if (cores > 1) results.push(await seedsPerMinute(cores, 400));
  return results;
}
