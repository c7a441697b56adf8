// `npm run canary`: plant each bug of canary/bugs.ts in its own temporary copy
// of the source, explore it, shrink its first failing seed, and fail unless
// every bug is caught within its seed budget and shrinks to a small schedule
// with the same cause. A clean copy goes first and must fail no seed: a canary
// that fails everything proves nothing.
//
//   npm run canary [-- --seeds 50] [--jobs J] [--max-runs 150] [--only id,id] [--json]
//
// The copies run from TypeScript sources (tsx), so no build is needed per bug.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLANTED_BUGS } from './bugs.js';
import { plant, StaleBugError, type PlantedBug } from './planted-bug.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCENARIO = 'scenarios/explore-failover.yaml';
/** The issue's bar: a caught bug's first failing seed shrinks to at most this many faults. */
export const MAX_SHRUNK_FAULTS = 5;

interface Options {
  seeds: number;
  jobs: number;
  maxRuns: number;
  only: string[] | null;
  json: boolean;
  keep: boolean;
}

export interface CanaryRow {
  readonly id: string;
  readonly area: string;
  readonly what: string;
  readonly seeds: number;
  readonly failingSeeds: number;
  readonly firstFailingSeed: number | null;
  /** What the first failing seed violated (invariants and expectations). */
  readonly caughtBy: string[];
  readonly shrunkFaults: number | null;
  readonly sameCause: boolean | null;
  readonly causeAfter: string | null;
  readonly wallS: number;
  readonly verdict: 'caught' | 'NOT CAUGHT' | 'caught, shrink too big' | 'caught, shrunk file no longer fails the same way' | 'baseline ok' | 'BASELINE FAILS';
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { seeds: 50, jobs: availableParallelism(), maxRuns: 150, only: null, json: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`canary: ${flag} needs a value`);
      return v!;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) fail(`canary: ${flag}: expected a positive integer, got "${v}"`);
      return n;
    };
    if (flag === '--seeds') options.seeds = positive(value());
    else if (flag === '--jobs') options.jobs = positive(value());
    else if (flag === '--max-runs') options.maxRuns = positive(value());
    else if (flag === '--only') options.only = value().split(',');
    else if (flag === '--json') options.json = true;
    else if (flag === '--keep') options.keep = true;
    else fail(`canary: unknown option '${flag}' (--seeds N, --jobs J, --max-runs N, --only id,id, --json, --keep)`);
  }
  for (const id of options.only ?? []) if (!PLANTED_BUGS.some((b) => b.id === id)) fail(`canary: --only: no bug "${id}"; bugs: ${PLANTED_BUGS.map((b) => b.id).join(', ')}`);
  return options;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** A copy of what a run needs; node_modules is linked, not copied. */
function copySource(into: string): void {
  for (const entry of ['src', 'scenarios', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, entry), join(into, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
}

function redsim(copy: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(copy, 'src/cli/main.ts'), ...args], { cwd: copy, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ExploreJson {
  failures: { seed: number; artifact: string; violated: { name: string; detail: string }[] }[];
}

/** Explore `copy` (planted or clean); shrink its first failing seed. */
function exercise(copy: string, scenario: string, options: Options): Omit<CanaryRow, 'id' | 'area' | 'what' | 'verdict' | 'wallS'> {
  const failuresDir = join(copy, 'failures');
  const explored = redsim(copy, ['explore', scenario, '--seeds', String(options.seeds), '--swarm', '--jobs', String(options.jobs), '--json', '--failures-dir', failuresDir]);
  if (explored.code !== 0 && explored.code !== 1) throw new Error(`canary: explore exited ${explored.code}: ${explored.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const failures = (JSON.parse(explored.stdout) as ExploreJson).failures.sort((a, b) => a.seed - b.seed);
  const first = failures[0];
  if (first === undefined) return { seeds: options.seeds, failingSeeds: 0, firstFailingSeed: null, caughtBy: [], shrunkFaults: null, sameCause: null, causeAfter: null };
  const shrunkFile = join(copy, 'shrunk.yaml');
  const shrunk = redsim(copy, ['shrink', first.artifact, '--max-runs', String(options.maxRuns), '--out', shrunkFile]);
  const after = /^\s*after:\s+(\d+) fault/m.exec(shrunk.stdout);
  // The same cause: the shrunk file, run on its own, still breaks everything the
  // seed broke (for a planted bug, the invariant that caught it), not merely something.
  let sameCause: boolean | null = null;
  if (shrunk.code === 0) {
    const rerun = redsim(copy, ['run', shrunkFile, '--json', '--no-report']);
    const violated = new Set((JSON.parse(rerun.stdout) as RunJson).expectations.filter((e) => !e.met).map((e) => e.name));
    sameCause = first.violated.every((v) => violated.has(v.name));
  }
  return {
    seeds: options.seeds,
    failingSeeds: failures.length,
    firstFailingSeed: first.seed,
    caughtBy: first.violated.map((v) => v.name),
    shrunkFaults: after === null ? null : Number(after[1]),
    sameCause,
    causeAfter: /^\s*cause after:\s*(.*)$/m.exec(shrunk.stdout)?.[1] ?? null,
  };
}

interface RunJson {
  expectations: { name: string; met: boolean }[];
}

function verdictOf(row: Omit<CanaryRow, 'verdict'>, baseline: boolean): CanaryRow['verdict'] {
  if (baseline) return row.failingSeeds === 0 ? 'baseline ok' : 'BASELINE FAILS';
  if (row.firstFailingSeed === null) return 'NOT CAUGHT';
  if (row.shrunkFaults === null || row.shrunkFaults > MAX_SHRUNK_FAULTS) return 'caught, shrink too big';
  if (row.sameCause !== true) return 'caught, shrunk file no longer fails the same way';
  return 'caught';
}

function runOne(bug: PlantedBug | null, work: string, options: Options): CanaryRow {
  const started = performance.now();
  const copy = join(work, bug?.id ?? 'clean');
  mkdirSync(copy);
  copySource(copy);
  if (bug !== null) plant(bug, copy);
  const facts = exercise(copy, bug?.scenario ?? DEFAULT_SCENARIO, options);
  const base = { id: bug?.id ?? 'clean build', area: bug?.area ?? '-', what: bug?.what ?? 'no bug planted (baseline)', ...facts, wallS: (performance.now() - started) / 1000 };
  return { ...base, verdict: verdictOf(base, bug === null) };
}

function table(rows: readonly CanaryRow[], options: Options): string {
  const out = [`redsim canary · explore ${DEFAULT_SCENARIO} --swarm, ${options.seeds} seeds per bug, shrink --max-runs ${options.maxRuns}`, ''];
  out.push('| bug | area | seeds failing | first failing seed | caught by | shrunk to | verdict |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const shrunk = r.shrunkFaults === null ? '-' : `${r.shrunkFaults} fault(s)${r.sameCause === true ? ', still breaks it' : r.sameCause === false ? ', NO LONGER breaks what the seed broke' : ''}`;
    out.push(`| ${r.id}: ${r.what} | ${r.area} | ${r.failingSeeds} of ${r.seeds} | ${r.firstFailingSeed ?? '-'} | ${r.caughtBy.join('; ') || '-'} | ${shrunk} | ${r.verdict} |`);
  }
  return out.join('\n');
}

const options = parseArgs(process.argv.slice(2));
const bugs = PLANTED_BUGS.filter((b) => options.only === null || options.only.includes(b.id));
const work = mkdtempSync(join(tmpdir(), 'redsim-canary-'));
const rows: CanaryRow[] = [];
let exitCode = 0;
try {
  for (const bug of [null, ...bugs]) {
    if (!options.json) process.stderr.write(`canary: ${bug === null ? 'clean build (baseline)' : `${bug.id} (${bug.area})`}...`);
    const row = runOne(bug, work, options);
    rows.push(row);
    if (!options.json) process.stderr.write(` ${row.verdict} (${row.failingSeeds}/${row.seeds} seeds failing, ${row.wallS.toFixed(0)} s)\n`);
    if (bug === null && row.verdict !== 'baseline ok') break; // nothing below means anything
  }
  exitCode = rows.every((r) => r.verdict === 'caught' || r.verdict === 'baseline ok') ? 0 : 1;
  process.stdout.write(options.json ? JSON.stringify({ seeds: options.seeds, maxRuns: options.maxRuns, rows }, null, 2) + '\n' : table(rows, options) + '\n');
} catch (e) {
  process.stderr.write(`\n${e instanceof StaleBugError || e instanceof Error ? e.message : String(e)}\n`);
  exitCode = 1;
} finally {
  if (!options.keep) rmSync(work, { recursive: true, force: true });
  else process.stderr.write(`canary: copies kept in ${work}\n`);
}
process.exitCode = exitCode;
