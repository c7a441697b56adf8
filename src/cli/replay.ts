// `redsim replay ARTIFACT | FILE --seed N`: run a seed again, bit for bit, and
// check it: against the artifact's trace hash (and its checkpoints, to name
// where a run diverged), or, for a file, against a second run in this process.

import chalk from 'chalk';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../scenario/simulate.js';
import { messageRecorder } from '../report/build.js';
import { defaultReportDir, writeReportFolder } from '../report/folder.js';
import { renderStory } from '../report/text.js';
import { CHECKPOINT_EVERY } from '../sim/trace.js';
import type { FailureArtifact } from '../explore/artifact.js';
import { resolveSeedTarget, type SeedTargetOptions } from './seed-target.js';
import { firstDivergence } from '../explore/divergence.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK } from './errors.js';

export const EXIT_DETERMINISM_BUG = 3;

export function replayCommand(target: string, options: SeedTargetOptions & { report: boolean }): number {
  const { file, seed, swarm, artifact } = resolveSeedTarget('replay', target, options);
  if (artifact !== null) return replayArtifact(artifact, options.report);
  const scenario = loadScenario(file);
  // Both runs keep every trace event, so a difference can be named exactly.
  const first = simulate(scenario, { seed, swarm });
  const recorder = messageRecorder(200_000);
  const second = simulate(scenario, { seed, swarm, messageTap: recorder.tap });
  const same = first.result.traceHash === second.result.traceHash;
  const dir = options.report ? writeReportFolder(second, defaultReportDir(second), recorder.captured) : null;
  process.stdout.write(renderStory(second, dir === null ? null : `${dir}/index.html`) + '\n');
  if (!same) {
    process.stdout.write(chalk.red.bold(`\nDETERMINISM BUG: two runs of seed ${seed} in one process gave ${first.result.traceHash} and ${second.result.traceHash}\n`));
    const a = first.trace;
    const b = second.trace;
    const i = firstDivergence(a, b) ?? a.length;
    const show = (e: (typeof a)[number] | undefined) => (e === undefined ? '(the run had ended)' : `${(e.tUs / 1e6).toFixed(6)}s ${e.node} ${e.kind} ${JSON.stringify(e)}`);
    process.stdout.write(`The first diverging trace event is #${i.toLocaleString('en-US')}:\n  first run:  ${show(a[i])}\n  second run: ${show(b[i])}\n`);
    return EXIT_DETERMINISM_BUG;
  }
  process.stdout.write(chalk.green(`replayed twice: the same trace hash ${second.result.traceHash}\n`));
  return second.result.passed ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

function replayArtifact(artifact: FailureArtifact, report: boolean): number {
  const scenario = loadScenario(artifact.file);
  const recorder = messageRecorder(200_000);
  const run = simulate(scenario, { seed: artifact.seed, swarm: artifact.swarm, messageTap: recorder.tap });
  const dir = report ? writeReportFolder(run, defaultReportDir(run), recorder.captured) : null;
  process.stdout.write(renderStory(run, dir === null ? null : `${dir}/index.html`) + '\n\n');
  const hash = run.result.traceHash;
  if (hash !== artifact.traceHash) {
    const mine = run.cluster.sim.trace.checkpoints;
    let i = 0;
    while (i < mine.length && i < artifact.checkpoints.length && mine[i] === artifact.checkpoints[i]) i++;
    const fromEvent = i * CHECKPOINT_EVERY;
    const window = run.trace.slice(fromEvent, fromEvent + Math.min(CHECKPOINT_EVERY, 12));
    const lines = [
      chalk.red.bold(`DETERMINISM BUG: seed ${artifact.seed} of ${artifact.file} gave trace hash ${hash}; the artifact says ${artifact.traceHash}.`),
      `The runs agree on the first ${fromEvent.toLocaleString('en-US')} trace events and diverge within the next ${CHECKPOINT_EVERY}.`,
      `Found by build ${artifact.build.version} (${artifact.build.commit}); a different build may legitimately differ.`,
      'This run around there:',
      ...window.map((e) => `  ${(e.tUs / 1e6).toFixed(6)}s ${e.node} ${e.kind} ${JSON.stringify(e)}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT_DETERMINISM_BUG;
  }
  const reproduced = run.result.expectations.filter((e) => !e.met).map((e) => e.name);
  process.stdout.write(chalk.green(`replayed bit for bit: trace hash ${hash} matches the artifact\n`));
  process.stdout.write(`violated then: ${artifact.violated.map((v) => v.name).join(', ') || 'nothing'}; violated now: ${reproduced.join(', ') || 'nothing'}\n`);
  return run.result.passed ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}
