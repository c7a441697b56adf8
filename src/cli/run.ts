// `redsim run [FILE]`: one seed of a scenario, told as a story, with a report
// folder. Exit 0 when every expectation is met, 1 when one is not, 2 on bad input.

import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../scenario/simulate.js';
import { messageRecorder } from '../report/build.js';
import { defaultReportDir, writeReportFolder } from '../report/folder.js';
import { renderLogs, renderStory } from '../report/text.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK } from './errors.js';

export interface RunOptions {
  seed?: number;
  json: boolean;
  log: boolean;
  reportDir?: string;
  report: boolean;
  swarm?: boolean;
}

/** The repository (or installed package) root: where scenarios/ lives. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

export const DEFAULT_SCENARIO = 'scenarios/three-boxes-partition.yaml';

/** Messages kept for the HTML message view (the rest are counted as truncated). */
const MESSAGES_KEPT = 200_000;

export function runCommand(file: string | undefined, options: RunOptions): number {
  let path = file;
  if (path === undefined) {
    const builtIn = join(packageRoot(), DEFAULT_SCENARIO);
    path = relative(process.cwd(), builtIn) || builtIn;
    if (!options.json) process.stderr.write(`No scenario given: running the built-in default, ${path}\n`);
  }
  const scenario = loadScenario(path);
  const recorder = messageRecorder(MESSAGES_KEPT);
  const showProgress = process.stderr.isTTY && !options.json;
  const run = simulate(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    swarm: options.swarm ?? false,
    messageTap: recorder.tap,
    ...(showProgress
      ? {
          onProgress: (nowUs: number, totalUs: number) => {
            const pct = Math.floor((nowUs / totalUs) * 100);
            process.stderr.write(`\r${scenario.name}: simulating ${(nowUs / 1e6).toFixed(0)}s / ${(totalUs / 1e6).toFixed(0)}s [${'#'.repeat(pct / 5).padEnd(20, '.')}] ${pct}%`);
          },
        }
      : {}),
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  const dir = options.report ? writeReportFolder(run, options.reportDir ?? defaultReportDir(run), recorder.captured) : null;
  if (options.json) {
    process.stdout.write(JSON.stringify(run.result, null, 2) + '\n');
  } else {
    if (options.log) process.stdout.write(renderLogs(run) + '\n\n');
    process.stdout.write(renderStory(run, dir === null ? null : join(dir, 'index.html')) + '\n');
  }
  return run.result.passed ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}
