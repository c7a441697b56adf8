// `redsim explore FILE --seeds N`: many seeds of a scenario with generated
// faults, on worker threads; a progress line, a summary table, and every
// failing seed saved with the command that replays it.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import { REDSIM_COMMAND } from '../scenario/simulate.js';
import { INVARIANTS } from '../check/invariants/index.js';
import { INVARIANT_ROW_PREFIX } from '../scenario/expectations.js';
import { loadScenario } from '../scenario/load.js';
import { runCampaign, shardSeeds } from '../explore/campaign.js';
import { buildInfo, writeArtifact } from '../explore/artifact.js';
import { summarize } from '../explore/summary.js';
import type { SeedOutcome } from '../explore/outcome.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK, UsageError } from './errors.js';
import { packageRoot } from '../scenario/bundled.js';

export interface ExploreOptions {
  seeds: number;
  jobs?: number;
  shard?: string;
  swarm: boolean;
  firstSeed: number;
  failuresDir: string;
  json: boolean;
}

export function parseShard(text: string): { index: number; of: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const of = m ? Number(m[2]) : NaN;
  if (!m || of < 1 || index < 1 || index > of) throw new UsageError(`option '--shard <I/K>' argument '${text}' is invalid. expected I/K with 1 <= I <= K, e.g. 2/4`);
  return { index, of };
}

export async function exploreCommand(file: string, options: ExploreOptions): Promise<number> {
  const scenario = loadScenario(file);
  if (scenario.generator === null) {
    throw new UsageError(`${file}: has no generated faults (faults: { generate: ... }); redsim explore needs them (see scenarios/explore-failover.yaml)`);
  }
  if (options.swarm && scenario.swarm === null) process.stderr.write(`note: ${file} has no explore.swarm ranges: --swarm draws only which fault families are on\n`);
  const shard = options.shard === undefined ? null : parseShard(options.shard);
  const seeds = shardSeeds(options.firstSeed, options.seeds, shard);
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const started = performance.now();
  const tty = process.stderr.isTTY && !options.json;
  let done = 0;
  let failed = 0;
  let lastLine = 0;
  const build = buildInfo(packageRoot());
  const saved: { outcome: SeedOutcome; path: string }[] = [];
  const progress = (final = false) => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const pct = Math.floor((done / seeds.length) * 100);
    const line = `${scenario.name}: [${'#'.repeat(Math.floor(pct / 5)).padEnd(20, '.')}] ${done}/${seeds.length} seeds · ${rate.toFixed(1)} seeds/s · ${failed} failed`;
    if (tty) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    else if (!options.json && (final || pct >= lastLine + 10)) {
      lastLine = pct - (pct % 10);
      process.stderr.write(`${line}\n`);
    }
  };
  const outcomes = await runCampaign({
    file,
    seeds,
    jobs,
    swarm: options.swarm,
    onOutcome: (o) => {
      done++;
      if (!o.passed) {
        failed++;
        saved.push({ outcome: o, path: writeArtifact(options.failuresDir, scenario, o, options.swarm, build) });
      }
      progress();
    },
  });
  progress(true);
  const wallS = (performance.now() - started) / 1000;
  const summary = summarize(outcomes);
  if (options.json) {
    process.stdout.write(JSON.stringify({ scenario: scenario.name, seeds: seeds.length, jobs, swarm: options.swarm, shard, wallS, summary, failures: saved.map((s) => ({ seed: s.outcome.seed, artifact: s.path, violated: s.outcome.violated })) }, null, 2) + '\n');
    return summary.failed > 0 ? EXIT_EXPECTATION_FAILED : EXIT_OK;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const sec = (ms: number) => (Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(1)}s`);
  const out: string[] = [];
  out.push('');
  out.push(chalk.bold(`${scenario.name} · ${seeds.length} seeds${shard ? ` (shard ${shard.index}/${shard.of})` : ''}${options.swarm ? ' · swarm' : ''} · ${jobs} job${jobs > 1 ? 's' : ''} · ${wallS.toFixed(1)} s · ${Math.round((seeds.length / wallS) * 60).toLocaleString('en-US')} seeds/min`));
  out.push('');
  out.push(`  ${'expectation'.padEnd(44)} seeds failed`);
  const expectations = scenario.expect;
  // Violated invariants fail a seed as expectations named `invariant: …`; they get their own rows below.
  const scenarioRows = summary.byExpectation.filter((e) => !e.name.startsWith(INVARIANT_ROW_PREFIX));
  if (scenarioRows.length === 0) out.push(`  ${chalk.green('every expectation met in every seed'.padEnd(44))} 0`);
  for (const e of scenarioRows) out.push(`  ${chalk.red(e.name.padEnd(44))} ${e.seeds}`);
  void expectations;
  out.push('');
  out.push(`  ${`invariant${scenario.expect.invariants === false ? ' (reported only: expect.invariants: false)' : ''}`.padEnd(44)} seeds violated`);
  for (const { title } of INVARIANTS) {
    const seedsViolated = summary.byInvariant.find((i) => i.invariant === title)?.seeds ?? 0;
    out.push(`  ${(seedsViolated > 0 ? chalk.red : chalk.green)(title.padEnd(44))} ${seedsViolated}`);
  }
  out.push('');
  out.push(`  acknowledged writes lost: in ${summary.seedsWithLoss} of ${summary.seeds} seeds; lost rate p50 ${pct(summary.lostRate.p50)} · p90 ${pct(summary.lostRate.p90)} · p99 ${pct(summary.lostRate.p99)} · max ${pct(summary.lostRate.max)}`);
  out.push(`  split brain (two masters taking writes): in ${summary.seedsWithSplitBrain} seeds`);
  out.push(`  failover time, fault to +switch-master on a majority (${summary.failoverMs.count} failovers): p50 ${sec(summary.failoverMs.p50)} · p90 ${sec(summary.failoverMs.p90)} · p99 ${sec(summary.failoverMs.p99)} · max ${sec(summary.failoverMs.max)}`);
  if (saved.length > 0) {
    out.push('');
    out.push(chalk.bold(`Failing seeds (${saved.length}), saved in ${options.failuresDir}:`));
    for (const s of saved.sort((a, b) => a.outcome.seed - b.outcome.seed).slice(0, 20)) {
      out.push(`  seed ${s.outcome.seed}: ${s.outcome.violated.map((v) => `${v.name} (${v.detail})`).join('; ')}`);
      out.push(`    ${chalk.green(`${REDSIM_COMMAND} replay ${s.path}`)}`);
    }
    if (saved.length > 20) out.push(`  ... and ${saved.length - 20} more`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return summary.failed > 0 ? EXIT_EXPECTATION_FAILED : EXIT_OK;
}

export const DEFAULT_FAILURES_DIR = join('reports', 'failures');
