// The redsim command line. Thin: parsing and printing only; simulations live
// below it. Bad input prints one line and exits 2.

import { Command, CommanderError, Option } from 'commander';
import { runDemo } from './demo.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';
import { DEFAULT_FAILURES_DIR, exploreCommand } from './explore.js';
import { replayCommand } from './replay.js';
import { shrinkCommand, type ShrinkCommandOptions } from './shrink.js';
import { withSeedTarget } from './seed-target.js';
import { conformCommand, type ConformOptions } from './conform.js';
import { serveCommand, type ServeCommandOptions } from './serve.js';
import { ctlCommand, DEFAULT_CONTROL_PORT } from './ctl.js';
import { sweepCommand, type SweepCommandOptions } from './sweep.js';
import { ScenarioError } from '../scenario/fields.js';
import { SettleError } from '../world/start.js';
import { EXIT_BAD_INPUT, UsageError } from './errors.js';
import { internalError } from './internal-error.js';
import { parseDurationMs, parseFloatPositive, parsePositive, parseSeed } from './parse.js';
import { readFileSync } from 'node:fs';
import { REDIS_VERSION } from '../protocol/info-sections.js';

/** `redsim 0.1.0 (models Redis 7.0.15)`: our package.json's version, found upwards from src/cli or dist/src/cli alike. */
function versionText(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'redsim' && pkg.version !== undefined) return `redsim ${pkg.version} (models Redis ${REDIS_VERSION})`;
    } catch {
      // not there: try one level up
    }
  }
  return `redsim (models Redis ${REDIS_VERSION})`;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('redsim')
    .description('Deterministic simulator of Redis master/replica/Sentinel clusters')
    .version(versionText(), '-V, --version', 'print the redsim version and the Redis version it models')
    .exitOverride()
    .configureOutput({
      // One line, naming the flag: `redsim: option '--seed <n>' argument 'x' is invalid. ...`
      outputError: (message, write) => write(`redsim: ${message.replace(/^error: /, '')}`),
    });

  program
    .command('run')
    .description('run one seed of a scenario file (the built-in default if none) and write a report')
    .argument('[file]', 'scenario file (YAML)')
    .option('--seed <n>', "seed for the run (default: the scenario's)", parseSeed)
    .option('--json', 'print the result as JSON', false)
    .option('--log', 'print the merged node logs (redis-server / redis-sentinel format)', false)
    .option('--report-dir <dir>', 'where to write the report (default: reports/<scenario>-<seed>)')
    .option('--no-report', 'write no report folder')
    .option('--swarm', 'draw fault families and knobs per seed too (generated scenarios)', false)
    .option('--allow-long', 'run even when it is projected to take over 2 minutes of wall time', false)
    .action(async (file: string | undefined, opts: { seed?: number; json: boolean; log: boolean; reportDir?: string; report: boolean; swarm: boolean; allowLong: boolean }) => {
      process.exitCode = await runCommand(file, opts);
    });

  program
    .command('scenarios')
    .description('list the bundled scenarios (run one from any folder: npx redsim run NAME)')
    .action(() => {
      process.exitCode = scenariosCommand();
    });

  program
    .command('explore')
    .description('run many seeds of a scenario with generated faults; save and list the failing ones')
    .argument('<file>', 'scenario file with faults: { generate: ... }')
    .requiredOption('--seeds <n>', 'how many seeds', parsePositive)
    .option('--jobs <n>', 'worker threads (default: the number of cores)', parsePositive)
    .option('--shard <I/K>', 'run only shard I of K (1-based), for spreading a campaign over machines')
    .option('--swarm', 'each seed also draws which fault families are on and the knobs (explore.swarm)', false)
    .option('--first-seed <n>', 'the first seed', parseSeed, 1)
    .option('--failures-dir <dir>', 'where failing seeds are saved', DEFAULT_FAILURES_DIR)
    .option('--json', 'print the summary as JSON', false)
    .action(async (file: string, opts: { seeds: number; jobs?: number; shard?: string; swarm: boolean; firstSeed: number; failuresDir: string; json: boolean }) => {
      process.exitCode = await exploreCommand(file, opts);
    });

  withSeedTarget(program.command('replay').description('run a failing seed again, bit for bit, and check its trace hash'))
    .option('--no-report', 'write no report folder')
    .action((target: string, opts: { seed?: number; swarm: boolean; report: boolean }) => {
      process.exitCode = replayCommand(target, opts);
    });

  withSeedTarget(program.command('shrink').description('shrink a failing seed to the smallest schedule that fails the same way; write it as a scenario file'))
    .option('--max-runs <n>', 'most simulations to spend', parsePositive, 300)
    .option('--out <file>', 'where to write the shrunk scenario (default: reports/failures/<scenario>-<seed>-shrunk.yaml)')
    .addHelpText('after', '\nExit codes:\n  0  the seed failed; the shrunk file and its -pinned twin were written\n  1  the seed passes on this build: nothing to shrink, nothing written\n  2  bad input (no such file, not an artifact, a bad option)')
    .action((target: string, opts: ShrinkCommandOptions) => {
      process.exitCode = shrinkCommand(target, opts);
    });

  program
    .command('conform')
    .description('run a scenario on real redis-server/redis-sentinel processes and in simulation; show where they differ')
    .argument('<file>', 'scenario file (faults: crash, restart, pause, resume, power-off, command)')
    .option('--runs <n>', 'real runs (each takes the scenario duration in real time)', parsePositive, 1)
    .option('--seeds <n>', "simulated seeds (default: the scenario's conform.seeds, else 10)", parsePositive)
    .option('--redis-bin <dir>', 'directory with redis-server and redis-sentinel (default: PATH)')
    .option('--base-port <n>', 'first 127.0.0.1 port for the real processes', parsePositive, 27100)
    .option('--tolerance-ms <n>', "how far outside the simulated range a real failover time may fall (default: the scenario's conform.failover-time-tolerance, else 1000)", parsePositive)
    .option('--report-dir <dir>', 'where to write the comparison and the real logs (default: reports/conform-<scenario>)')
    .addOption(new Option('--partitions <mode>', 'how real partitions are made: netns (network namespaces, root) or pause (the cut-off side is paused: weaker)').choices(['netns', 'pause']).default('netns'))
    .action(async (file: string, opts: ConformOptions) => {
      process.exitCode = await conformCommand(file, opts);
    });

  program
    .command('serve')
    .description('run a scenario in real time with every node on its own 127.0.0.1 port, for real Redis clients')
    .argument('<file>', 'scenario file (YAML)')
    .option('--speed <x>', 'simulated seconds per real second', parseFloatPositive, 1)
    .option('--base-port <n>', 'first 127.0.0.1 port (nodes get consecutive ports in scenario order)', parsePositive, 30001)
    .option('--client-box <box>', 'the box real clients sit on (partitions of it cut them off); default a box of their own')
    .option('--seed <n>', "seed for the run (default: the scenario's)", parseSeed)
    .option('--duration <time>', "how long to serve, simulated (default: the scenario's duration)", parseDurationMs)
    .option('--control-port <n>', 'HTTP control port for redsim ctl (default: the port below --base-port)', parsePositive)
    .option('--report-dir <dir>', 'where to write the report (default: reports/<scenario>-<seed>)')
    .option('--no-report', 'write no report folder')
    .action(async (file: string, opts: ServeCommandOptions) => {
      process.exitCode = await serveCommand(file, opts);
    });

  program
    .command('sweep')
    .description('run every combination of the settings over the same seeds; the table of loss, unavailability and failover time, the trade-off, and an HTML page')
    .argument('[file]', "scenario file (its sweep: section says what to vary unless --vary does)")
    .option('--vary <NAME=V1,V2>', 'a setting and its values, named as in scenario files (repeatable): down-after-milliseconds=1s,5s,30s', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--seeds <n>', "seeds per setting (default: the scenario's sweep.seeds, else 20)", parsePositive)
    .option('--first-seed <n>', 'the first seed', parseSeed, 1)
    .option('--jobs <n>', 'worker threads (default: the number of cores)', parsePositive)
    .option('--shard <I/K>', 'run only shard I of K of the seeds; put the parts together with --merge')
    .option('--merge <part.json...>', "the --json outputs of a sweep's shards: print the whole sweep's table")
    .option('--json', 'print the result as JSON (with every seed, for --merge)', false)
    .option('--html <file>', 'where to write the page (default: reports/<scenario>-sweep/index.html)')
    .option('--no-html', 'write no page')
    .action(async (file: string | undefined, opts: SweepCommandOptions) => {
      process.exitCode = await sweepCommand(file, opts);
    });

  program
    .command('ctl')
    .description("control a running redsim serve: status, stop, or a fault (e.g. 'crash m1 for 10s', '{ pause: m1, for: 30s }')")
    .argument('<words...>', 'status | stop | a fault step, as field/value words or one { ... } step')
    .option('--port <n>', 'the control port redsim serve printed', parsePositive, DEFAULT_CONTROL_PORT)
    .option('--json', "print the control port's JSON answer", false)
    .action(async (words: string[], opts: { port: number; json: boolean }) => {
      process.exitCode = await ctlCommand(words, opts);
    });

  program
    .command('demo')
    .description('run the kernel demo: a heartbeat mesh under partitions, pauses, crashes and clock faults')
    .option('--seed <n>', 'seed for the run', parseSeed, 1)
    .option('--duration <time>', 'simulated time to run (e.g. 60s, 2m)', parseDurationMs, 60_000)
    .option('--json', 'print the result and the full trace as JSON', false)
    .option('--all', 'also show connection events', false)
    .action((opts: { seed: number; duration: number; json: boolean; all: boolean }) => {
      process.exitCode = runDemo({ seed: opts.seed, durationMs: opts.duration, json: opts.json, all: opts.all });
    });

  return program;
}

/**
 * Parse and run one command line; bad input is one line and exit code 2.
 * `onInternalError` is told of anything else (a bug of ours): by default one
 * line, the stack in a file, exit 70.
 */
export async function main(argv: string[], onInternalError: (error: unknown, argv: readonly string[]) => void = internalError): Promise<void> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    return;
  }
  try {
    // For the test of the last-resort guard: a bug on demand.
    if (process.env['REDSIM_INJECT_INTERNAL_ERROR'] === '1') throw new TypeError("Cannot read properties of undefined (reading 'injected')");
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message; help/version exit 0.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    if (error instanceof ScenarioError) {
      console.error(`redsim: ${error.message}`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    if (error instanceof UsageError || error instanceof SettleError) {
      console.error(`redsim: ${error.message}`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    onInternalError(error, argv);
  }
}
