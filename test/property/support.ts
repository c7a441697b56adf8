// Shared by the property tests: run counts, running a property over generated
// clusters, and on failure a readable report: the fast-check seed and path,
// the shrunk cluster and fault schedule, and a scenario file written to
// reports/property-failures/ that `redsim run` replays.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import fc from 'fast-check';
import type { GeneratedCluster } from '../../src/explore/arbitraries.js';
import { parseScenario, type FaultStep, type Scenario } from '../../src/scenario/scenario.js';
import { simulate, type Simulation, type SimulateOptions } from '../../src/scenario/simulate.js';
import { formatDuration as duration, scenarioToYaml } from '../../src/scenario/write.js';

export { duration, scenarioToYaml };

/** Runs per property: `FUZZ_RUNS` (npm run fuzz: 300), default 20. */
export const RUNS = Math.max(1, Number(process.env['FUZZ_RUNS'] ?? 20) || 20);

/** A vitest time-out for a property of `runs` runs of about `perRunMs` each (plus shrinking). */
export function budgetMs(runs: number, perRunMs: number): number {
  return 60_000 + runs * perRunMs * 3;
}

/** Trace bodies the safety properties read (the hash covers everything anyway). */
export const SAFETY_KINDS: ReadonlySet<string> = new Set(['sentinel.event', 'sentinel.config-epoch', 'process']);
/** What the convergence checker reads: probes and fault marks. */
export const CONVERGENCE_KINDS: ReadonlySet<string> = new Set(['probe', 'net', 'process', 'clock', 'sentinel.event', 'redis.role']);

export function run(c: GeneratedCluster | Scenario, options: SimulateOptions = {}): Simulation {
  return simulate('scenario' in c ? c.scenario : c, options);
}

// ---- readable output -------------------------------------------------------------------------

const flow = (items: readonly string[]) => `[${items.join(', ')}]`;

/** One fault step as a line: `20.5s  partition [box1] | [box2, box3] for 12s`. */
export function describeFault(f: FaultStep): string {
  const at = `${(f.atUs / 1e6).toFixed(1).padStart(5)}s  `;
  const forText = 'forUs' in f ? (f.forUs === null ? ' (for good)' : ` for ${duration(f.forUs)}`) : '';
  switch (f.kind) {
    case 'partition':
      return `${at}partition ${f.groups.map(flow).join(f.oneway ? ' -/-> ' : ' | ')}${f.mode === 'reject' ? ' (reject)' : ''}${forText}`;
    case 'heal':
      return `${at}heal all`;
    case 'crash':
    case 'power-off':
    case 'pause':
      return `${at}${f.kind} ${f.target}${forText}`;
    case 'restart':
      return `${at}restart ${f.target}${f.wipe ? ' (wipe)' : ''}`;
    case 'resume':
      return `${at}resume ${f.target}`;
    case 'clock-jump':
      return `${at}clock ${f.target} jumps ${duration(f.jumpUs)}`;
    case 'clock-drift':
      return `${at}clock ${f.target} drifts ${f.drift}`;
    case 'slow':
      return `${at}slow ${flow(f.targets)} +${duration(f.latencyUs)}${forText}`;
    case 'command':
      return `${at}command ${f.target}: ${f.args.join(' ')}`;
  }
}

/** The cluster and its schedule, for a person. */
export function describeScenario(s: Scenario): string {
  const boxes = new Map<string, string[]>();
  for (const [p, b] of Object.entries(s.hosts)) boxes.set(b, [...(boxes.get(b) ?? []), p]);
  const lines = [
    `boxes: ${[...boxes].map(([b, ps]) => `${b}{${ps.join(',')}}`).join(' ')}`,
    `sentinel: quorum ${s.sentinel?.monitor.quorum ?? '-'}, ${Object.entries(s.sentinel?.config ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...Object.entries(s.redis).map(([n, c]) => `${n}: ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ')}`),
    `clients: ${Object.entries(s.clients).map(([c, x]) => `${c}(${x.discovery.kind === 'fixed' ? `fixed ${x.discovery.address}` : 'sentinel'})`).join(' ')}, ${s.workload.ratePerSec}/s until ${duration(s.workload.untilUs)}${s.workload.waitReplicas > 0 ? `, WAIT ${s.workload.waitReplicas} ${s.workload.waitTimeoutMs}ms` : ''}`,
    `duration ${duration(s.durationUs)}, seed ${s.seed}`,
    s.faults.length === 0 ? 'faults: none' : 'faults:',
    ...s.faults.map((f) => `  ${describeFault(f)}`),
  ];
  return lines.join('\n');
}

// ---- YAML ------------------------------------------------------------------------------------

// ---- running properties -------------------------------------------------------------------------

/** Write the scenario as a file redsim replays (checked by parsing it back); returns the path. */
export function writeScenarioFile(property: string, fcSeed: number, s: Scenario): string {
  const path = `reports/property-failures/${property}-${fcSeed}.yaml`;
  const text = scenarioToYaml({ ...s, file: path, name: `${property}-${fcSeed}` });
  parseScenario(path, text);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The failure's report: what failed, the cluster and schedule, and how to replay it. */
function report(property: string, details: fc.RunDetails<[GeneratedCluster]>, problem: string): string {
  const c = details.counterexample![0];
  const path = writeScenarioFile(property, details.seed, c.scenario);
  return [
    `${property}: ${problem}`,
    '',
    describeScenario(c.scenario),
    '',
    `fast-check: seed ${details.seed}, path "${details.counterexamplePath}", ${details.numRuns} run(s), ${details.numShrinks} shrink(s)${details.interrupted ? ' (shrinking interrupted)' : ''}`,
    `  reproduce the search: fc.assert(..., { seed: ${details.seed}, path: "${details.counterexamplePath}" })`,
    `replay: npx redsim replay ${path} --seed ${c.scenario.seed}   (or npx redsim run ${path} for the story and the report)`,
  ].join('\n');
}

export interface PropertyOptions {
  readonly numRuns?: number;
  /** Stop searching/shrinking after this long (ms): the CI budget. */
  readonly timeLimitMs?: number;
  /** Replay a failure: fast-check's seed and path. */
  readonly seed?: number;
  readonly path?: string;
}

function parameters(options: PropertyOptions): fc.Parameters<[GeneratedCluster]> {
  const seed = options.seed ?? (process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : undefined);
  return {
    numRuns: options.numRuns ?? RUNS,
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  };
}

/**
 * A property Redis promises: `judge` returns null when it holds, else what went
 * wrong. Fails the test with the seed, the path, the shrunk schedule, and a
 * scenario file plus the `redsim run` command that replays it.
 */
export function holds(property: string, arb: fc.Arbitrary<GeneratedCluster>, judge: (c: GeneratedCluster) => string | null, options: PropertyOptions = {}): fc.RunDetails<[GeneratedCluster]> {
  const details = fc.check(
    fc.property(arb, (c) => {
      const problem = judge(c);
      if (problem !== null) throw new Error(problem);
    }),
    parameters(options),
  );
  if (details.failed && details.counterexample !== null) {
    const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(report(property, details, problem));
  }
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${property}: failed`);
  return details;
}

/**
 * A property Redis does NOT promise: fast-check must find a counterexample.
 * Prints it (shrunk within the time limit) and returns it.
 */
export function refuted(property: string, arb: fc.Arbitrary<GeneratedCluster>, judge: (c: GeneratedCluster) => string | null, options: PropertyOptions = {}): { cluster: GeneratedCluster; problem: string; details: fc.RunDetails<[GeneratedCluster]> } {
  const details = fc.check(
    fc.property(arb, (c) => {
      const problem = judge(c);
      if (problem !== null) throw new Error(problem);
    }),
    parameters(options),
  );
  if (!details.failed || details.counterexample === null) {
    throw new Error(`${property}: expected fast-check to find a counterexample, but ${details.numRuns} run(s) found none (seed ${details.seed})`);
  }
  const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  console.log(`As expected, Redis does not promise this. Counterexample found:\n${report(property, details, problem)}\n`);
  return { cluster: details.counterexample[0], problem, details };
}
