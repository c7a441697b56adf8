// `redsim shrink ARTIFACT | FILE --seed N`: make a failing seed's schedule
// explicit and shrink it; write it as a scenario file that fails the same
// way, for the same cause (and a `-pinned` twin whose expectations state what
// it shows). Both files name their cause in a `# cause:` comment at the top.
//
// Exit codes: 0 when the seed failed and the shrunk files were written; 1
// when the seed passes on this build (nothing to shrink, nothing written: the
// user asked to shrink a failure that is not one); 2 on bad input (UsageError).

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import chalk from 'chalk';
import { REDSIM_COMMAND } from '../scenario/simulate.js';
import { loadScenario } from '../scenario/load.js';
import { describeCause, explicitScenario, seedOrigin, shrink, type RefusedCandidate, type ShrinkSize } from '../explore/shrink.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK } from './errors.js';
import { resolveSeedTarget, type SeedTargetOptions } from './seed-target.js';
import { DEFAULT_FAILURES_DIR } from './explore.js';

export interface ShrinkCommandOptions extends SeedTargetOptions {
  maxRuns: number;
  out?: string;
}

const seconds = (us: number) => `${+(us / 1e6).toFixed(1)}s`;
const describe = (s: ShrinkSize) => `${s.faults} fault(s)${s.faultUs > 0 ? ` lasting ${seconds(s.faultUs)} in all` : ''}, ${s.clients} client(s), ${s.dataNodes} data node(s), ${s.sentinels} Sentinel(s), ${seconds(s.durationUs)} run`;

/** One line on the smaller candidates refused because they failed for another cause, naming those causes. */
function refused(list: readonly RefusedCandidate[]): string[] {
  if (list.length === 0) return [];
  const causes = [...new Set(list.map((r) => describeCause(r.cause)))];
  return [`  refused ${list.length} smaller candidate(s) that failed for another cause: ${causes.join(' | ')}`];
}

export function shrinkCommand(target: string, options: ShrinkCommandOptions): number {
  const { file, seed, swarm } = resolveSeedTarget('shrink', target, options);
  const start = explicitScenario(loadScenario(file), seed, swarm);
  const interactive = process.stderr.isTTY === true;
  const origin = seedOrigin(file, seed, swarm);
  const result = shrink(start, {
    maxRuns: options.maxRuns,
    origin,
    onRun: (runs, best) => {
      if (interactive) process.stderr.write(`\r\x1b[Kshrinking: ${runs}/${options.maxRuns} runs; now ${describe(best)}`);
    },
  });
  if (interactive) process.stderr.write('\r\x1b[K');
  if (!result.reproduced) {
    process.stderr.write(chalk.yellow(`${origin} passes on this build: nothing to shrink, nothing written\n`));
    return EXIT_EXPECTATION_FAILED;
  }
  const out = options.out ?? join(DEFAULT_FAILURES_DIR, `${result.scenario.name}.yaml`);
  const pinned = out.replace(/\.ya?ml$/, '') + '-pinned.yaml';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `# Shrunk from ${origin} by redsim shrink.\n# Fails with: ${result.violated.join('; ')}\n${result.yaml}`);
  writeFileSync(pinned, `# Shrunk from ${origin}; expectations pinned to what it shows.\n${result.pinnedYaml}`);
  process.stdout.write(
    [
      chalk.bold(`shrunk seed ${seed} of ${file} in ${result.runs} runs${result.budgetExhausted ? ' (run budget used up; --max-runs for more)' : ''}`),
      `  still violates: ${result.violated.join('; ')}`,
      `  before: ${describe(result.before)}`,
      `  after:  ${describe(result.after)}`,
      `  cause before: ${describeCause(result.causeBefore)}`,
      `  cause after:  ${describeCause(result.causeAfter)}`,
      ...refused(result.refusedForCause),
      `wrote ${out} (fails the same way, for the same cause: ${REDSIM_COMMAND} run ${out})`,
      `  and ${pinned} (expectations pinned to what it shows: passes while Redis behaves so)`,
      '',
    ].join('\n'),
  );
  return EXIT_OK;
}
