// Speed (issue 12), in one run: the standard hour's wall time and events/s
// (median of BENCH_RUNS, default 3), the bare loop's events/s and the ratio,
// explore-failover's seeds/min on 1 job and on every core, the scaling curve
// (1 master + 3/10/30/100 replicas + 9 Sentinels, a simulated minute), and
// peak memory of the standard cluster over 1 h (6 h and 24 h too with
// BENCH_LONG=1), each in a fresh process. Targets are printed beside the
// figures; nothing fails on them.

import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/scenario/simulate.js';
import { EXPLORE_TRACE_KINDS } from '../src/explore/outcome.js';
import { runBareLoop } from './bare-loop.js';
import { seedsPerMinute } from './explore.js';
import type { BenchResult } from './measure.js';
import { scalingScenario, standardScenario } from './standard.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function standardHour(): { results: BenchResult[]; eventsPerSec: number } {
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  simulate(standardScenario(0.05), { traceKeep: EXPLORE_TRACE_KINDS }); // warm the JIT
  const walls: number[] = [];
  let events = 0;
  let operations = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { result } = simulate(standardScenario(1), { traceKeep: EXPLORE_TRACE_KINDS });
    walls.push(performance.now() - started);
    events = result.stats.events;
    operations = result.stats.operations;
  }
  const wallMs = median(walls);
  const eventsPerSec = events / (wallMs / 1000);
  return {
    eventsPerSec,
    results: [
      {
        name: `standard hour: 3 data + 3 Sentinels + 5 clients, 100 SADD/s, a master crash (median of ${runs}; target <= 1 s)`,
        value: (wallMs / 1000).toFixed(2),
        unit: 's wall',
        detail: `runs ${walls.map((w) => (w / 1000).toFixed(2)).join(', ')} s; ${fmt(events)} kernel events, ${fmt(operations)} operations; ${fmt(eventsPerSec)} events/s`,
      },
    ],
  };
}

function bareLoop(standardEventsPerSec: number): BenchResult[] {
  const hourUs = 3_600_000_000;
  runBareLoop(9, 100_000, hourUs / 60, 2);
  const started = performance.now();
  const { events } = runBareLoop(9, 100_000, hourUs, 1);
  const perSec = events / ((performance.now() - started) / 1000);
  return [
    { name: 'bare inline loop (9-node heartbeat mesh, 1 simulated hour)', value: fmt(perSec), unit: 'events/s' },
    { name: 'standard hour events/s ÷ bare loop events/s (target >= 0.1)', value: (standardEventsPerSec / perSec).toFixed(3), unit: '' },
  ];
}

function scaling(): BenchResult[] {
  simulate(scalingScenario(3), { traceKeep: EXPLORE_TRACE_KINDS });
  return [3, 10, 30, 100].map((replicas) => {
    const started = performance.now();
    const { result } = simulate(scalingScenario(replicas), { traceKeep: EXPLORE_TRACE_KINDS });
    const wallMs = performance.now() - started;
    return {
      name: `scaling: 1 master + ${replicas} replicas + 9 Sentinels, 1 simulated minute${replicas === 100 ? ' (target < 10 s)' : ''}`,
      value: (wallMs / 1000).toFixed(2),
      unit: 's wall',
      detail: `${fmt(result.stats.events)} kernel events, ${fmt(result.stats.events / (wallMs / 1000))} events/s; settled in ${((result.start.settledMs ?? 0) / 1000).toFixed(1)} s`,
    };
  });
}

function peakMemory(): BenchResult[] {
  const hours = process.env['BENCH_LONG'] ? [1, 6, 24] : [1];
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  return hours.map((h) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=16384', child, String(h)], { encoding: 'utf8' });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) return { name: `peak RSS, standard cluster, ${h} simulated hour(s)`, value: 'failed', unit: '', detail: (r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) };
    const m = JSON.parse(line) as { wallMs: number; events: number; peakRssMB: number };
    return { name: `peak RSS, standard cluster, ${h} simulated hour(s) (target: 24 h < 500 MB)`, value: fmt(m.peakRssMB), unit: 'MB', detail: `${(m.wallMs / 1000).toFixed(1)} s wall, ${fmt(m.events)} kernel events` };
  });
}

export async function benchSpeed(): Promise<BenchResult[]> {
  const standard = standardHour();
  const results = [...standard.results, ...bareLoop(standard.eventsPerSec)];
  results.push(await seedsPerMinute(1, 100));
  const cores = availableParallelism();
  if (cores > 1) results.push({ ...(await seedsPerMinute(cores, 400)), name: `explore: seeds/min, scenarios/explore-failover.yaml, --swarm, ${cores} jobs (target >= 3,000 on 2)` });
  results.push(...scaling(), ...peakMemory());
  return results;
}
