// `redsim conform FILE [--runs N] [--seeds M]`: the scenario on real
// redis-server and redis-sentinel processes, and in simulation, side by side.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../scenario/simulate.js';
import { messageRecorder } from '../report/build.js';
import { writeReportFolder } from '../report/folder.js';
import { renderLogs } from '../report/text.js';
import { PortTakenError, findBinaries, redisVersion } from '../conform/real-cluster.js';
import { runReal, unsupportedForReal, type PartitionMode } from '../conform/real-run.js';
import { compare, realFacts, simFacts, type Row, type RunFacts } from '../conform/compare.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK, UsageError } from './errors.js';

export interface ConformOptions {
  runs: number;
  /** Default: the scenario's conform.seeds, else 10. */
  seeds?: number;
  redisBin?: string;
  basePort: number;
  toleranceMs?: number;
  reportDir?: string;
  partitions?: PartitionMode;
}

export async function conformCommand(file: string, options: ConformOptions): Promise<number> {
  const scenario = loadScenario(file);
  const partitions = options.partitions ?? 'netns';
  const why = unsupportedForReal(scenario, partitions);
  if (why !== null) throw new UsageError(`${file}: ${why}`);
  const bin = findBinaries(options.redisBin);
  if (bin === null) throw new UsageError(`redis-server and redis-sentinel not found ${options.redisBin !== undefined ? `in ${options.redisBin}` : 'on PATH'}: apt-get install redis-server redis-sentinel, or give --redis-bin DIR`);
  const version = redisVersion(bin);
  const seeds = options.seeds ?? scenario.conform.seeds ?? 10;
  const dir = options.reportDir ?? join('reports', `conform-${scenario.name}`);
  mkdirSync(dir, { recursive: true });
  process.stdout.write(chalk.bold(`redsim conform · ${scenario.name} · real Redis ${version} × ${options.runs} run(s) of ${scenario.durationUs / 1e6}s, simulation × ${seeds} seed(s)\n`));

  const sim: RunFacts[] = [];
  const simSettled: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const recorder = seed === 1 ? messageRecorder(200_000) : null;
    const run = simulate(scenario, { seed, ...(recorder !== null ? { messageTap: recorder.tap } : {}) });
    sim.push(simFacts(scenario, run));
    if (run.result.start.settledMs !== null) simSettled.push(run.result.start.settledMs);
    if (recorder !== null) {
      // Seed 1's full report, its node logs and its Sentinel events in the real runs' format, for a side-by-side diff.
      const simDir = writeReportFolder(run, join(dir, 'simulated-1'), recorder.captured);
      writeFileSync(join(simDir, 'logs.txt'), renderLogs(run));
      const events = run.trace.filter((e) => e.kind === 'sentinel.event').map((e) => `${(e.tUs / 1e6).toFixed(3)}s ${e.node} ${String(e['text'])}`);
      writeFileSync(join(simDir, 'events.txt'), events.join('\n') + '\n');
    }
  }

  const real: RunFacts[] = [];
  const realSettled: number[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const logsDir = join(dir, `real-${i}`);
    const interactive = process.stderr.isTTY === true;
    const outcome = await runReal(scenario, bin, {
      basePort: options.basePort,
      logsDir,
      partitions,
      onProgress: (elapsedMs, totalMs) => {
        if (interactive) process.stderr.write(`\r\x1b[Kreal run ${i}/${options.runs}: ${(elapsedMs / 1000).toFixed(0)}/${(totalMs / 1000).toFixed(0)} s`);
      },
    }).catch((e: unknown) => {
      throw e instanceof PortTakenError ? new UsageError(e.message) : e;
    });
    if (interactive) process.stderr.write('\r\x1b[K');
    writeFileSync(join(logsDir, 'events.txt'), outcome.events.map((e) => `${(e.tMs / 1000).toFixed(3)}s ${e.sentinel} ${e.text}`).join('\n') + '\n');
    writeFileSync(join(logsDir, 'history.jsonl'), outcome.history.map((o) => JSON.stringify(o)).join('\n') + '\n');
    real.push(realFacts(scenario, outcome));
    if (outcome.settledMs !== null) realSettled.push(outcome.settledMs);
    process.stdout.write(`  real run ${i}: promoted ${real[i - 1]!.promoted ?? 'none'}, ${real[i - 1]!.lost} of ${real[i - 1]!.acked} acked writes lost (logs in ${logsDir})\n`);
  }

  const weaker = partitions === 'pause' && scenario.faults.some((f) => f.kind === 'partition');
  const weakerNote = 'partitions were imitated by pausing the cut-off side (--partitions pause): it took no writes meanwhile, so differences in lost writes and split brain are expected';
  if (weaker) process.stdout.write(chalk.yellow(`  note: ${weakerNote}\n`));
  // The flag when given on the command line, else the scenario's `conform.failover-time-tolerance`, else 1 s.
  const toleranceMs = options.toleranceMs ?? (scenario.conform.failoverToleranceUs !== null ? scenario.conform.failoverToleranceUs / 1000 : 1000);
  const rows = compare(real, sim, toleranceMs);
  // Both sides start alike: launched in the scenario's order; warm, t=0 once the same settled condition holds.
  const range = (ms: number[]) => `${(Math.min(...ms) / 1000).toFixed(1)}${ms.length > 1 && Math.max(...ms) !== Math.min(...ms) ? `–${(Math.max(...ms) / 1000).toFixed(1)}` : ''}s`;
  const startLine = scenario.start.mode === 'cold' ? 'Cold start: t=0 is the launch, on both sides' : `Warm start: t=0 once settled, real after ${range(realSettled)}, simulated after ${range(simSettled)}`;
  process.stdout.write(`  ${startLine}\n`);
  process.stdout.write('\n' + renderRows(rows) + '\n');
  const differ = rows.filter((r) => !r.agree).length;
  writeFileSync(join(dir, 'conform.md'), `# conform: ${scenario.name}\n\nReal Redis ${version}, ${options.runs} run(s); simulation, seeds 1–${seeds}. ${startLine}.${weaker ? ` Note: ${weakerNote}.` : ''}\n\n| | real | simulated | |\n|---|---|---|---|\n${rows.map((r) => `| ${r.what} | ${r.real} | ${r.simulated} | ${r.agree ? 'agree' : '**differ**'} |`).join('\n')}\n`);
  writeFileSync(join(dir, 'conform.json'), JSON.stringify({ scenario: scenario.name, redisVersion: version, partitions, runs: options.runs, seeds, start: { mode: scenario.start.mode, realSettledMs: realSettled, simulatedSettledMs: simSettled }, rows, real, simulated: sim }, null, 2) + '\n');
  process.stdout.write(differ === 0 ? chalk.green(`\nreal and simulated agree on every row; report in ${dir}\n`) : chalk.red(`\n${differ} row(s) differ; report and real logs in ${dir}\n`));
  return differ === 0 ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

function renderRows(rows: readonly Row[]): string {
  const w = Math.max(...rows.map((r) => r.what.length));
  return rows
    .map((r) => `${r.agree ? chalk.green('agree ') : chalk.red('DIFFER')}  ${r.what.padEnd(w)}\n        ${''.padEnd(w)}  real:      ${r.real}\n        ${''.padEnd(w)}  simulated: ${r.simulated}`)
    .join('\n');
}
