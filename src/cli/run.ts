// `redsim run [FILE]`: one seed of a scenario, told as a story, with a report
// folder. Exit 0 when every expectation is met, 1 when one is not, 2 on bad input.

import { join, relative } from 'node:path';
import { packageRoot } from '../scenario/bundled.js';
import { loadScenario } from '../scenario/load.js';
import { simulateInSlices } from '../scenario/simulate.js';
import { messageRecorder } from '../report/build.js';
import { defaultReportDir, writeReportFolder } from '../report/folder.js';
import { renderLogs, renderStory } from '../report/text.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK, UsageError } from './errors.js';

export interface RunOptions {
  seed?: number;
  json: boolean;
  log: boolean;
  reportDir?: string;
  report: boolean;
  swarm?: boolean;
  /** Run even when the projection says it takes over LONG_RUN_BOUND_S. */
  allowLong?: boolean;
}

export const DEFAULT_SCENARIO = 'scenarios/three-boxes-partition.yaml';

/** Messages kept for the HTML message view (the rest are counted as truncated). */
const MESSAGES_KEPT = 200_000;

/** A run projected to take longer than this (wall time) needs --allow-long; REDSIM_LONG_RUN_S changes it. */
export const LONG_RUN_BOUND_S = 120;

function longRunBoundS(): number {
  const fromEnv = Number(process.env['REDSIM_LONG_RUN_S']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : LONG_RUN_BOUND_S;
}
/** How much wall time the projection is measured over before it is trusted. */
const PROJECTION_AFTER_S = 2;
/** Ctrl-C: the partial run is judged and told, then this exit code (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export async function runCommand(file: string | undefined, options: RunOptions): Promise<number> {
  let path = file;
  if (path === undefined) {
    const builtIn = join(packageRoot(), DEFAULT_SCENARIO);
    path = relative(process.cwd(), builtIn) || builtIn;
    if (!options.json) process.stderr.write(`No scenario given: running the built-in default, ${path}\n`);
  }
  const scenario = loadScenario(path);
  const recorder = messageRecorder(MESSAGES_KEPT);
  const tty = process.stderr.isTTY && !options.json;
  // Ctrl-C stops the run where it is; what happened so far is judged and told.
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  const startedMs = performance.now();
  const boundS = longRunBoundS();
  let tooLong: string | null = null;
  let lastTenth = -1;
  const shouldStop = (nowUs: number, totalUs: number): boolean => {
    const elapsedS = (performance.now() - startedMs) / 1000;
    const projectedS = nowUs > 0 ? (elapsedS * totalUs) / nowUs : 0;
    if (!options.allowLong && elapsedS >= PROJECTION_AFTER_S && projectedS > boundS) {
      const perHour = formatWall(elapsedS / (nowUs / 3600e6));
      tooLong = `${scenario.file} would take about ${formatWall(projectedS)} to simulate (${formatWall(totalUs / 1e6)} of simulated time, at ${perHour} per simulated hour), over the ${boundS} s bound: run it with --allow-long, or shorten its duration`;
      return true;
    }
    const pct = Math.floor((nowUs / totalUs) * 100);
    const line = `${scenario.name}: simulating ${(nowUs / 1e6).toFixed(0)}s / ${(totalUs / 1e6).toFixed(0)}s [${'#'.repeat(pct / 5).padEnd(20, '.')}] ${pct}%${projectedS > 10 ? `, about ${formatWall(Math.max(0, projectedS - elapsedS))} left` : ''}`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (!options.json && projectedS > 10 && Math.floor(pct / 10) > lastTenth) {
      // A long run shows progress in logs too, a line per tenth.
      lastTenth = Math.floor(pct / 10);
      process.stderr.write(`${line}\n`);
    }
    return interrupted;
  };
  const { run, stoppedAtUs } = await simulateInSlices(
    scenario,
    { ...(options.seed !== undefined ? { seed: options.seed } : {}), swarm: options.swarm ?? false, messageTap: recorder.tap },
    shouldStop,
  );
  process.removeListener('SIGINT', onSigint);
  if (tty) process.stderr.write('\r\x1b[K');
  if (tooLong !== null) throw new UsageError(tooLong);
  const dir = options.report ? writeReportFolder(run, options.reportDir ?? defaultReportDir(run), recorder.captured) : null;
  if (options.json) {
    process.stdout.write(JSON.stringify(run.result, null, 2) + '\n');
  } else {
    if (options.log) process.stdout.write(renderLogs(run) + '\n\n');
    process.stdout.write(renderStory(run, dir === null ? null : join(dir, 'index.html')) + '\n');
  }
  if (stoppedAtUs !== null) {
    process.stderr.write(`redsim: interrupted at t=${(stoppedAtUs / 1e6).toFixed(1)}s of ${(scenario.durationUs / 1e6).toFixed(0)}s: the story above is of the partial run (its final reads were done at once)\n`);
    return EXIT_INTERRUPTED;
  }
  return run.result.passed ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

function formatWall(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
