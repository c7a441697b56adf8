// `redsim serve FILE`: the scenario's cluster in real time, each node on a
// 127.0.0.1 port for real clients; faults from the schedule and typed on
// stdin (`{ crash: m1, for: 10s }`, one per line). Ctrl-C or the scenario's
// end stops it: final reads, checkers, the story and the report folder.

import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { REDSIM_COMMAND } from '../scenario/simulate.js';
import { ScenarioError } from '../scenario/fields.js';
import { startServe, ServeError } from '../serve/serve.js';
import { SERVE_HOST } from '../serve/address-map.js';
import { defaultReportDir, writeReportFolder } from '../report/folder.js';
import { renderStory } from '../report/text.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK, UsageError } from './errors.js';

export interface ServeCommandOptions {
  speed: number;
  basePort: number;
  controlPort?: number;
  clientBox?: string;
  seed?: number;
  duration?: number;
  reportDir?: string;
  report: boolean;
}

export async function serveCommand(file: string, options: ServeCommandOptions): Promise<number> {
  const scenario = loadScenario(file);
  let handle: Awaited<ReturnType<typeof startServe>>;
  try {
    handle = await startServe(scenario, {
      speed: options.speed,
      basePort: options.basePort,
      ...(options.controlPort !== undefined ? { controlPort: options.controlPort } : {}),
      ...(options.clientBox !== undefined ? { clientBox: options.clientBox } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.duration !== undefined ? { durationUs: options.duration * 1000 } : {}),
      log: (line) => process.stderr.write(`redsim serve: ${line}\n`),
    });
  } catch (e) {
    if (e instanceof ServeError) throw new UsageError(e.message);
    throw e;
  }
  process.stdout.write(`${scenario.name}: serving on ${SERVE_HOST} (speed ${options.speed}x)\n`);
  for (const n of handle.nodes) process.stdout.write(`  ${n.kind === 'sentinel' ? 'redis-sentinel' : 'redis-server  '} ${n.name.padEnd(6)} ${SERVE_HOST}:${n.realPort}\n`);
  if (handle.controlPort !== null) process.stdout.write(`  control (HTTP)       ${SERVE_HOST}:${handle.controlPort}   ${REDSIM_COMMAND} ctl --port ${handle.controlPort} status | stop | crash m1 for 10s\n`);
  process.stdout.write('Type a fault per line (e.g. { crash: m1, for: 10s }); Ctrl-C stops and writes the report.\n');

  const input = process.stdin.isTTY || process.env['REDSIM_SERVE_STDIN'] ? createInterface({ input: process.stdin }) : null;
  input?.on('line', (line) => {
    if (line.trim() === '') return;
    try {
      process.stderr.write(`redsim serve: ${handle.fault(line)}\n`);
    } catch (e) {
      process.stderr.write(`redsim serve: ${e instanceof ScenarioError ? e.message : String(e)}\n`);
    }
  });
  // Ctrl-C, or a supervisor's SIGTERM: stop cleanly, with the final reads and the report.
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await Promise.race([handle.ended, interrupted]);
  input?.close();
  const run = await handle.stop();
  const dir = options.report ? writeReportFolder(run, options.reportDir ?? defaultReportDir(run), handle.messages()) : null;
  process.stdout.write(renderStory(run, dir === null ? null : join(dir, 'index.html')) + '\n');
  return run.result.passed ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}
