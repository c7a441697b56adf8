// `redsim sweep FILE --vary NAME=V1,V2 ... --seeds N`: every combination of
// the settings over the same seeds, on worker threads, with a progress line;
// the table (least loss first), the trade-off in one line, `--json`, and an
// HTML page with the plots. `--shard I/K --json` runs a part; `--merge`
// puts the parts' JSON together into the same table as one run.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { mergeSweeps, sweep, type SweepResult } from '../sweep/sweep.js';
import { SweepError } from '../sweep/settings.js';
import { renderSweep } from '../sweep/text.js';
import { renderSweepHtml } from '../sweep/html.js';
import { parseShard } from './explore.js';
import { EXIT_OK, UsageError } from './errors.js';

export interface SweepCommandOptions {
  vary: string[];
  seeds?: number;
  firstSeed: number;
  jobs?: number;
  shard?: string;
  json: boolean;
  html?: string | false;
  merge?: string[];
}

export async function sweepCommand(file: string | undefined, options: SweepCommandOptions): Promise<number> {
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  let result: SweepResult;
  try {
    if (options.merge !== undefined) {
      if (file !== undefined) throw new UsageError('sweep --merge takes the parts\' JSON files, not a scenario file');
      result = mergeSweeps(options.merge.map(readPart));
    } else {
      if (file === undefined) throw new UsageError('sweep: which scenario file? (npx redsim sweep FILE --vary NAME=V1,V2 --seeds N)');
      const tty = process.stderr.isTTY && !options.json;
      const started = performance.now();
      let lastTenth = -1;
      result = await sweep({
        file,
        vary: options.vary,
        ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
        firstSeed: options.firstSeed,
        jobs,
        shard: options.shard === undefined ? null : parseShard(options.shard),
        onProgress: (done, total) => {
          if (options.json) return;
          const pct = Math.floor((done / total) * 100);
          const rate = done / Math.max((performance.now() - started) / 1000, 1e-9);
          const line = `sweep: [${'#'.repeat(Math.floor(pct / 5)).padEnd(20, '.')}] ${done}/${total} runs · ${rate.toFixed(1)} runs/s`;
          if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
          else if (Math.floor(pct / 10) > lastTenth || done === total) {
            lastTenth = Math.floor(pct / 10);
            process.stderr.write(`${line}\n`);
          }
        },
      });
    }
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(e.message);
    throw e;
  }
  if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(renderSweep(result, options.merge !== undefined ? 0 : jobs) + '\n');
  if (options.html !== false && result.seeds.shard === null) {
    const path = options.html ?? join('reports', `${result.scenario}-sweep`, 'index.html');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderSweepHtml(result));
    if (!options.json) process.stdout.write(`page: ${path}\n`);
  }
  return EXIT_OK;
}

function readPart(path: string): SweepResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`sweep --merge: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const part = JSON.parse(text) as SweepResult;
    if (!Array.isArray(part.outcomes) || !Array.isArray(part.dimensions)) throw new Error('no outcomes');
    return part;
  } catch {
    throw new UsageError(`sweep --merge: ${path} is not the --json output of redsim sweep`);
  }
}
