#!/usr/bin/env node
// The redsim command line. Thin: parsing and printing only; simulations live
// below it. Bad input prints one line and exits 2.

import { Command, CommanderError } from 'commander';
import { runDemo } from './demo.js';
import { runCommand } from './run.js';
import { ScenarioError } from '../scenario/fields.js';
import { EXIT_BAD_INPUT, UsageError } from './errors.js';
import { parseDurationMs, parseSeed } from './parse.js';

function buildProgram(): Command {
  const program = new Command();
  program
    .name('redsim')
    .description('Deterministic simulator of Redis master/replica/Sentinel clusters')
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
    .action((file: string | undefined, opts: { seed?: number; json: boolean; log: boolean; reportDir?: string; report: boolean }) => {
      process.exitCode = runCommand(file, opts);
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

function main(argv: string[]): void {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    return;
  }
  try {
    program.parse(argv);
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
    if (error instanceof UsageError) {
      console.error(`redsim: ${error.message}`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    throw error;
  }
}

main(process.argv);
