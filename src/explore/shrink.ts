// Shrinking a failing seed to the smallest schedule that still fails the
// same way, for the same cause. The seed's generated faults and swarm knobs
// are made explicit (deriveRun), then greedy passes try smaller candidates:
//   - drop faults (halves first, then one at a time),
//   - round each fault's start and `for` to whole seconds, else tenths (a
//     generated `for: 6003821us` reads as `6s`),
//   - halve each fault's `for` (down to 1 s),
//   - start each fault later (halfway to the next one),
//   - drop clients (halves first, then one at a time; a partition or slow
//     link that names a dropped client names the rest), then data replicas
//     and Sentinels nothing else names,
//   - put settings back to their defaults,
//   - halve clock jumps,
//   - cut the run short after the last fault (workload stops earlier too).
// Every candidate goes through YAML and parseScenario, so an impossible
// candidate (a partition naming a removed node) is rejected by the same
// validation a person's file would be, and the result is a file that runs.
// Greedy, not optimal (like Hypothesis' and fast-check's shrinkers); bounded
// by a run budget. The seed stays: it also draws latencies and timer jitter.
//
// When a candidate is kept. It must (1) violate every expectation the
// original violated, in the same way ("never converged" does not stand in for
// "converged late"), and (2) fail for the same cause. A shrunk file is read
// as "this is what went wrong", so it must tell the seed's story, not another
// one that happens to break the same expectation: a seed whose writes were
// lost when a partitioned master was demoted and resynced must not shrink to
// "the master restarted without persistence (or from a disk that did not
// have them yet)" just because dropping the partition, keeping a crash, or
// putting a persistence setting back to its default still loses writes. The
// cause of a run (causeOf) is:
//   - loss: the loss-attribution categories of its lost acknowledged writes
//     (src/check/loss-attribution.ts: full-resync-after-demotion,
//     full-resync, restart-without-persistence, restart-lost-unsynced-data,
//     failover-to-replica-without-it, unknown), or none if nothing was lost;
//   - split brain: whether two masters both acknowledged writes at once;
//   - aborts: which Sentinel failover aborts happened (`-failover-abort-*`
//     event names, not how many, when or by which Sentinel).
// A candidate keeps the cause (keepsCause) when:
//   - the original lost writes: the candidate loses writes too, with exactly
//     the same set of categories (no category gone, none added; counts may
//     change). If the original lost none, the candidate's losses are not
//     compared (its expectations are what it is judged by);
//   - the original had split brain: the candidate has it too (a split brain
//     the original did not have is allowed: it adds, it does not replace);
//   - the aborts are the same set (a failover that no longer aborts, or
//     aborts for another reason, is a different story of the failover).
// Candidates that fail the same expectations for another cause are refused
// and listed in the result (refusedForCause), so a user can see what the
// shrinker would have slipped to.
//
// The written files describe themselves from what is left (shrunkDescription):
// where they came from, the faults left, what they fail with and why. The
// original scenario's description told of things the shrunk file no longer has.

import { simulate, deriveRun, lastFaultEndUs } from '../scenario/simulate.js';
import type { TraceEvent } from '../sim/trace.js';
import { parseScenario, type Expectations, type FaultStep, type Scenario } from '../scenario/scenario.js';
import { formatDuration, scenarioToYaml } from '../scenario/write.js';
import { EXPLORE_TRACE_KINDS } from './outcome.js';
import { SettleError } from '../world/start.js';

export interface ShrinkOptions {
  /** Most simulations to spend (the first, reproducing run included). */
  readonly maxRuns: number;
  /** Told after every candidate run. */
  readonly onRun?: (runs: number, best: ShrinkSize) => void;
  /** Where the start came from, for the written description (`seed 17 of x.yaml (--swarm)`); default: the start's file and seed. */
  readonly origin?: string;
}

export interface ShrinkSize {
  readonly faults: number;
  /** Sum of faults' `for`, in µs. */
  readonly faultUs: number;
  readonly clients: number;
  readonly dataNodes: number;
  readonly sentinels: number;
  readonly durationUs: number;
}

/** Why a run failed: see the header comment. */
export interface Cause {
  /** Loss-attribution categories of the lost acknowledged writes, sorted; null when none was lost (empty: lost, but not attributed, as with counters). */
  readonly losses: readonly string[] | null;
  /** Two masters both acknowledged writes at once. */
  readonly splitBrain: boolean;
  /** Sentinel failover aborts that happened (`-failover-abort-...` event names), sorted. */
  readonly aborts: readonly string[];
}

/** What causeOf reads: a simulation's result and trace (SimulationResult and Simulation fit). */
export interface CauseInput {
  readonly result: {
    readonly checkers: {
      readonly lostWrites: { readonly lost: number; readonly attribution: { readonly byCause: Readonly<Record<string, number>> } };
      readonly splitBrain: { readonly valid: boolean };
    };
  };
  /** Needs the `sentinel.event` bodies (EXPLORE_TRACE_KINDS keeps them). */
  readonly trace: readonly TraceEvent[];
}

export const FAILOVER_ABORT_PREFIX = '-failover-abort-';

export function causeOf(run: CauseInput): Cause {
  const { lostWrites, splitBrain } = run.result.checkers;
  const aborts = new Set<string>();
  for (const e of run.trace) {
    const name = e['name'];
    if (e.kind === 'sentinel.event' && typeof name === 'string' && name.startsWith(FAILOVER_ABORT_PREFIX)) aborts.add(name);
  }
  return {
    losses: lostWrites.lost > 0 ? Object.keys(lostWrites.attribution.byCause).filter((c) => (lostWrites.attribution.byCause[c] ?? 0) > 0).sort() : null,
    splitBrain: !splitBrain.valid,
    aborts: [...aborts].sort(),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

/** Does a candidate fail for the original's cause? The rule is in the header comment. */
export function keepsCause(original: Cause, candidate: Cause): boolean {
  if (original.losses !== null && (candidate.losses === null || !sameSet(original.losses, candidate.losses))) return false;
  if (original.splitBrain && !candidate.splitBrain) return false;
  return sameSet(original.aborts, candidate.aborts);
}

/** In plain words: `lost writes by full-resync-after-demotion; split brain; no aborts`. */
export function describeCause(c: Cause): string {
  const loss = c.losses === null ? 'no lost writes' : c.losses.length === 0 ? 'lost writes (not attributed)' : `lost writes by ${c.losses.join(', ')}`;
  const aborts = c.aborts.length === 0 ? 'no aborts' : `aborts ${c.aborts.join(', ')}`;
  return `${loss}; ${c.splitBrain ? 'split brain' : 'no split brain'}; ${aborts}`;
}

/** A candidate that failed the same expectations for another cause. */
export interface RefusedCandidate {
  /** The shrink step that made it, e.g. `drop faults`, `default m1 save`. */
  readonly step: string;
  readonly size: ShrinkSize;
  readonly cause: Cause;
}

export interface ShrinkResult {
  /** False when the seed did not fail on this build: nothing to shrink. */
  readonly reproduced: boolean;
  readonly violated: readonly string[];
  readonly before: ShrinkSize;
  readonly after: ShrinkSize;
  /** The seed's cause, and the shrunk schedule's (the same by keepsCause). */
  readonly causeBefore: Cause;
  readonly causeAfter: Cause;
  /** Candidates that failed the same expectations for another cause, in the order tried. */
  readonly refusedForCause: readonly RefusedCandidate[];
  readonly runs: number;
  /** Whether the budget ran out before a pass made no progress. */
  readonly budgetExhausted: boolean;
  readonly scenario: Scenario;
  /** The shrunk schedule, with the original expectations: it fails as the seed did. Starts with a `# cause: ...` comment. */
  readonly yaml: string;
  /** The same schedule, expectations pinned to what it shows: it passes while Redis behaves so. Starts with a `# cause: ...` comment. */
  readonly pinnedYaml: string;
}

export function sizeOf(s: Scenario): ShrinkSize {
  return {
    faults: s.faults.length,
    faultUs: s.faults.reduce((sum, f) => sum + ('forUs' in f && f.forUs !== null ? f.forUs : 0), 0),
    clients: Object.keys(s.clients).length,
    dataNodes: Object.keys(s.redis).length,
    sentinels: s.sentinel?.names.length ?? 0,
    durationUs: s.durationUs,
  };
}

/** `seed 17 of x.yaml (--swarm)`: where a shrunk file came from. */
export function seedOrigin(file: string, seed: number, swarm: boolean): string {
  return `seed ${seed} of ${file}${swarm ? ' (--swarm)' : ''}`;
}

/** The explicit scenario a seed ran: its faults listed, swarm knobs in the config, the seed pinned. */
export function explicitScenario(scenario: Scenario, seed: number, swarm: boolean): Scenario {
  const { scenario: derived } = deriveRun(scenario, seed, swarm);
  return {
    ...derived,
    name: `${scenario.name}-${seed}-shrunk`,
    // Not the original's description: it tells of generated faults and clients this schedule may no longer have.
    description: `The generated faults of ${seedOrigin(scenario.file, seed, swarm)} written out.`,
    seed,
    generator: null,
    swarm: null,
  };
}

/** A fault in a few words, times as the file writes them: `partition box1, c1 | box2, box3 at 12s for 6s`. */
export function faultText(f: FaultStep): string {
  const at = ` at ${formatDuration(f.atUs)}`;
  // No `for`: nothing undoes it (a later heal, restart or resume step may).
  const open = { partition: ' until healed', crash: ' with no restart', 'power-off': ' with no restart', pause: ' with no resume', slow: ' for good' } as const;
  const lasting = !('forUs' in f) ? '' : f.forUs === null ? open[f.kind] : ` for ${formatDuration(f.forUs)}`;
  switch (f.kind) {
    case 'partition':
      return `${f.oneway ? 'one-way ' : ''}partition ${f.groups.map((g) => g.join(', ')).join(' | ')}${f.mode === 'reject' ? ' (reject)' : ''}${at}${lasting}`;
    case 'heal':
      return `heal all${at}`;
    case 'crash':
    case 'power-off':
    case 'pause':
      return `${f.kind} ${f.target}${at}${lasting}`;
    case 'restart':
      return `restart ${f.target}${f.wipe ? ' (disk wiped)' : ''}${at}`;
    case 'resume':
      return `resume ${f.target}${at}`;
    case 'clock-jump':
      return `clock of ${f.target} jumps ${f.jumpUs < 0 ? '' : '+'}${formatDuration(f.jumpUs)}${at}`;
    case 'clock-drift':
      return `clock of ${f.target} drifts ${f.drift}${at}`;
    case 'slow':
      return `slow ${f.targets.join(', ')} by ${formatDuration(f.latencyUs)}${at}${lasting}`;
    case 'command':
      return `${f.target}: ${f.args.join(' ')}${at}`;
  }
}

/**
 * The description of a shrunk file, from the file itself: where it came from,
 * the faults left, what it fails with and why. `pinned`: the twin whose
 * expectations state what it shows, so it passes while Redis behaves so.
 */
export function shrunkDescription(s: Scenario, origin: string, violated: readonly string[], cause: Cause, pinned: boolean): string {
  const faults = s.faults.length === 0 ? 'no faults' : `${s.faults.length === 1 ? '1 fault' : `${s.faults.length} faults`}: ${s.faults.map(faultText).join('; ')}`;
  const clients = Object.keys(s.clients);
  const left = `${faults}; ${clients.length === 1 ? 'client' : 'clients'} ${clients.join(', ')}`;
  const why = `cause: ${describeCause(cause)}`;
  const what = pinned
    ? `Shows what the seed failed with: ${violated.join('; ')} (${why}); its expectations are pinned to that, so it passes while Redis behaves so.`
    : `Fails with: ${violated.join('; ')} (${why}).`;
  return `${origin.charAt(0).toUpperCase()}${origin.slice(1)}, shrunk by redsim shrink to ${left}. ${what}`;
}

export function shrink(start: Scenario, options: ShrinkOptions): ShrinkResult {
  let runs = 0;
  /** Run a scenario (null once the budget is spent): what it violated, and why. */
  const runOf = (s: Scenario): { violated: string[]; cause: Cause } | null => {
    if (runs >= options.maxRuns) return null;
    runs++;
    let run;
    try {
      run = simulate(s, { traceKeep: EXPLORE_TRACE_KINDS });
    } catch (e) {
      // A candidate whose cluster never settles (a warm start) does not fail the same way.
      if (e instanceof SettleError && s !== start) return { violated: [], cause: { losses: null, splitBrain: false, aborts: [] } };
      throw e;
    }
    return { violated: run.result.expectations.filter((e) => !e.met).map(signature), cause: causeOf(run) };
  };
  const first = runOf(start);
  const target = first?.violated ?? [];
  const causeBefore: Cause = first?.cause ?? { losses: null, splitBrain: false, aborts: [] };
  let best = start;
  let causeAfter = causeBefore;
  const refusedForCause: RefusedCandidate[] = [];
  const report = () => options.onRun?.(runs, sizeOf(best));
  report();
  if (target.length === 0) return finish(false);

  /** Candidate → valid scenario (through YAML, as a person's file would be), or null. */
  const validate = (candidate: Scenario): Scenario | null => {
    try {
      return parseScenario(start.file, scenarioToYaml(candidate));
    } catch {
      return null;
    }
  };
  /** Try a candidate; keep it if it still fails the same way, for the same cause. */
  const attempt = (step: string, make: (s: Scenario) => Scenario | null): boolean => {
    const raw = make(best);
    if (raw === null) return false;
    const candidate = validate(raw);
    if (candidate === null || scenarioToYaml(candidate) === scenarioToYaml(best)) return false;
    const outcome = runOf(candidate);
    report();
    if (outcome === null || !target.every((name) => outcome.violated.includes(name))) return false;
    if (!keepsCause(causeBefore, outcome.cause)) {
      refusedForCause.push({ step, size: sizeOf(candidate), cause: outcome.cause });
      return false;
    }
    best = candidate;
    causeAfter = outcome.cause;
    return true;
  };

  /** Drop runs of items: chunks of halves, quarters, ... then one at a time. */
  const dropChunks = (count: () => number, tryDrop: (from: number, chunk: number) => boolean): boolean => {
    let dropped = false;
    for (let chunk = Math.max(1, Math.floor(count() / 2)); chunk >= 1; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
      for (let i = 0; i < count() && runs < options.maxRuns; ) {
        if (tryDrop(i, chunk)) dropped = true;
        else i += chunk;
      }
    }
    return dropped;
  };
  const range = (what: string, from: number, chunk: number, count: number) => (chunk === 1 ? `${what} ${from + 1}` : `${what}s ${from + 1}-${Math.min(from + chunk, count)}`);

  let progress = true;
  while (progress && runs < options.maxRuns) {
    progress = false;
    if (dropChunks(() => best.faults.length, (from, chunk) => attempt(`drop ${range('fault', from, chunk, best.faults.length)}`, (s) => withFaults(s, [...s.faults.slice(0, from), ...s.faults.slice(from + chunk)])))) progress = true;
    // Round times: whole seconds, else tenths; the start and the `for` apart, so one that matters to the µs does not hold back the other.
    for (let i = 0; i < best.faults.length && runs < options.maxRuns; i++) {
      const index = i;
      for (const field of ['atUs', 'forUs'] as const) {
        if (ROUNDINGS_US.some((unitUs) => attempt(`round fault ${index + 1}'s ${field === 'atUs' ? 'at' : 'for'} to ${formatDuration(unitUs)}`, (s) => roundFaultTime(s, index, field, unitUs)))) progress = true;
      }
    }
    // Halve durations of what remains.
    for (let i = 0; i < best.faults.length && runs < options.maxRuns; i++) {
      const index = i;
      while (attempt(`halve fault ${index + 1}'s for`, (s) => halveFor(s, index))) progress = true;
    }
    // Later starts: each fault moves halfway towards the next one's start.
    for (let i = 0; i < best.faults.length && runs < options.maxRuns; i++) {
      const index = i;
      if (attempt(`start fault ${index + 1} later`, (s) => startLater(s, index))) progress = true;
    }
    // Fewer clients, then fewer replicas and Sentinels.
    const clientNames = () => Object.keys(best.clients);
    if (dropChunks(() => clientNames().length, (from, chunk) => attempt(`drop ${range('client', from, chunk, clientNames().length)}`, (s) => withoutClients(s, Object.keys(s.clients).slice(from, from + chunk))))) progress = true;
    for (const name of Object.keys(best.redis)) if (attempt(`drop replica ${name}`, (s) => withoutReplica(s, name))) progress = true;
    for (const name of best.sentinel?.names ?? []) if (attempt(`drop Sentinel ${name}`, (s) => withoutSentinel(s, name))) progress = true;
    // Settings back to their defaults (swarm knobs included), one at a time.
    for (const [node, conf] of Object.entries(best.redis)) {
      for (const key of Object.keys(conf)) if (key !== 'replicaof' && attempt(`default ${node} ${key}`, (s) => withoutSetting(s, node, key))) progress = true;
    }
    for (const key of Object.keys(best.sentinel?.config ?? {})) if (attempt(`default Sentinel ${key}`, (s) => withoutSentinelSetting(s, key))) progress = true;
    // Smaller clock jumps and drifts.
    for (let i = 0; i < best.faults.length && runs < options.maxRuns; i++) {
      const index = i;
      while (attempt(`halve fault ${index + 1}'s clock change`, (s) => halveClockFault(s, index))) progress = true;
    }
    // A shorter run: the last fault's end plus a margin, halving the tail.
    while (attempt('shorter run', shorter)) progress = true;
  }
  return finish(true);

  function finish(reproduced: boolean): ShrinkResult {
    const header = `# cause: ${describeCause(causeAfter)}\n`;
    const origin = options.origin ?? seedOrigin(start.file, start.seed, false);
    // Through YAML, so the scenario is what the written file parses to.
    const described = (s: Scenario, pinned: boolean): Scenario => {
      const withText = { ...s, description: shrunkDescription(s, origin, target, causeAfter, pinned) };
      try {
        return parseScenario(start.file, scenarioToYaml(withText));
      } catch {
        return withText; // a start that does not survive the trip (not one parseScenario made): written as it is
      }
    };
    const scenario = described(best, false);
    const pinned = described({ ...best, expect: pinnedExpectations(best.expect, target) }, true);
    return {
      reproduced,
      violated: target,
      before: sizeOf(start),
      after: sizeOf(best),
      causeBefore,
      causeAfter,
      refusedForCause,
      runs,
      budgetExhausted: runs >= options.maxRuns,
      scenario,
      yaml: header + scenarioToYaml(scenario),
      pinnedYaml: header + scenarioToYaml(pinned),
    };
  }
}

/**
 * A violation and its kind: "converged too late" and "never converged" are
 * different failures, and a shrink must not slip from one to the other.
 */
function signature(e: { name: string; detail: string }): string {
  const kind = /^(not converged|no failover happened|unknown)/.exec(e.detail)?.[1];
  return kind === undefined ? e.name : `${e.name} (${kind})`;
}

function withFaults(s: Scenario, faults: FaultStep[]): Scenario | null {
  return faults.length === s.faults.length ? null : { ...s, faults };
}

const MIN_FOR_US = 1_000_000;

function halveFor(s: Scenario, index: number): Scenario | null {
  const f = s.faults[index];
  if (f === undefined || !('forUs' in f) || f.forUs === null || f.forUs / 2 < MIN_FOR_US) return null;
  const forUs = Math.round(f.forUs / 2 / 1000) * 1000;
  return { ...s, faults: s.faults.map((g, i) => (i === index ? { ...f, forUs } : g)) };
}

/** Whole seconds, then tenths: the roundings tried for a fault's start and `for`. */
const ROUNDINGS_US = [1_000_000, 100_000] as const;

/** Fault `index`'s start or `for` rounded to the nearest `unitUs` (a `for` to at least one unit); null if already round or if the faults would fall out of time order. */
function roundFaultTime(s: Scenario, index: number, field: 'atUs' | 'forUs', unitUs: number): Scenario | null {
  const f = s.faults[index];
  if (f === undefined) return null;
  const was = field === 'atUs' ? f.atUs : 'forUs' in f ? f.forUs : null;
  if (was === null || was % unitUs === 0) return null;
  // Ties go down: 2.5 s becomes 2 s, not a longer fault.
  const rounded = Math.ceil(was / unitUs - 0.5) * unitUs;
  if (field === 'forUs') return { ...s, faults: s.faults.map((g, i) => (i === index ? { ...f, forUs: Math.max(unitUs, rounded) } : g)) };
  const previous = s.faults[index - 1];
  const next = s.faults[index + 1];
  if ((previous !== undefined && rounded < previous.atUs) || (next !== undefined && rounded > next.atUs)) return null;
  return { ...s, faults: s.faults.map((g, i) => (i === index ? { ...f, atUs: rounded } : g)) };
}

/**
 * Without these clients (at least one stays). Generated partitions and slow
 * links name clients (a client without a box is its own box), so a fault that
 * named a dropped client names the rest; one left with fewer than two groups,
 * or no target, makes the candidate null (dropping the fault is its own step).
 */
export function withoutClients(s: Scenario, names: readonly string[]): Scenario | null {
  const remaining = Object.keys(s.clients).filter((c) => !names.includes(c));
  if (remaining.length === 0 || remaining.length === Object.keys(s.clients).length) return null;
  const clients = Object.fromEntries(remaining.map((c) => [c, s.clients[c]!]));
  const hosts = Object.fromEntries(Object.entries(s.hosts).filter(([p]) => !names.includes(p)));
  const known = new Set([...Object.keys(s.redis), ...(s.sentinel?.names ?? []), ...remaining, ...Object.values(hosts)]);
  const faults: FaultStep[] = [];
  for (const f of s.faults) {
    if (f.kind === 'partition') {
      const groups = f.groups.map((g) => g.filter((n) => known.has(n))).filter((g) => g.length > 0);
      if (groups.length < 2) return null;
      faults.push({ ...f, groups });
    } else if (f.kind === 'slow') {
      const targets = f.targets.filter((n) => known.has(n));
      if (targets.length === 0) return null;
      faults.push({ ...f, targets });
    } else if ('target' in f && !known.has(f.target)) return null;
    else faults.push(f);
  }
  return { ...s, clients, hosts, faults };
}

/** A replica can go if no fault, client or expectation names it and the cluster keeps one replica. */
function withoutReplica(s: Scenario, name: string): Scenario | null {
  const conf = s.redis[name];
  if (conf === undefined || conf['replicaof'] === undefined || Object.keys(s.redis).length <= 2) return null;
  const named = JSON.stringify([s.faults, s.clients, s.expect]).includes(`"${name}"`);
  if (named) return null;
  const redis = { ...s.redis };
  delete redis[name];
  const hosts = { ...s.hosts };
  delete hosts[name];
  return { ...s, redis, hosts };
}

/** Fault `index` starts halfway to the next fault's start (faults are in time order); at least 1 s later. */
function startLater(s: Scenario, index: number): Scenario | null {
  const f = s.faults[index];
  const next = s.faults[index + 1];
  if (f === undefined || next === undefined) return null;
  const atUs = Math.round((f.atUs + (next.atUs - f.atUs) / 2) / 1e6) * 1e6;
  if (atUs < f.atUs + 1_000_000) return null;
  return { ...s, faults: s.faults.map((g, i) => (i === index ? { ...f, atUs } : g)) };
}

/** A Sentinel can go if no fault names it and at least one stays; quorum and clients' lists follow. */
function withoutSentinel(s: Scenario, name: string): Scenario | null {
  if (s.sentinel === null || s.sentinel.names.length <= 1) return null;
  if (JSON.stringify(s.faults).includes(`"${name}"`)) return null;
  const names = s.sentinel.names.filter((n) => n !== name);
  const clients: Scenario['clients'] = {};
  for (const [c, spec] of Object.entries(s.clients)) {
    const d = spec.discovery;
    if (d.kind !== 'sentinel') clients[c] = spec;
    else {
      const sentinels = d.sentinels.filter((n) => n !== name);
      if (sentinels.length === 0) return null;
      clients[c] = { ...spec, discovery: { ...d, sentinels } };
    }
  }
  const hosts = { ...s.hosts };
  delete hosts[name];
  return { ...s, hosts, clients, sentinel: { ...s.sentinel, names, monitor: { ...s.sentinel.monitor, quorum: Math.min(s.sentinel.monitor.quorum, names.length) } } };
}

function withoutSetting(s: Scenario, node: string, key: string): Scenario | null {
  const conf = { ...s.redis[node] };
  delete conf[key];
  return { ...s, redis: { ...s.redis, [node]: conf } };
}

function withoutSentinelSetting(s: Scenario, key: string): Scenario | null {
  if (s.sentinel === null) return null;
  const config = { ...s.sentinel.config };
  delete config[key];
  return { ...s, sentinel: { ...s.sentinel, config } };
}

function halveClockFault(s: Scenario, index: number): Scenario | null {
  const f = s.faults[index];
  if (f?.kind === 'clock-jump' && Math.abs(f.jumpUs) >= 2_000) return { ...s, faults: s.faults.map((g, i) => (i === index ? { ...f, jumpUs: Math.trunc(f.jumpUs / 2 / 1000) * 1000 } : g)) };
  return null;
}

/** Halve the time between the last fault's end (plus 30 s to settle) and the end of the run. */
function shorter(s: Scenario): Scenario | null {
  const floorUs = lastFaultEndUs(s.faults) + 30_000_000;
  const durationUs = Math.round((floorUs + (s.durationUs - floorUs) / 2) / 1e6) * 1e6;
  if (durationUs >= s.durationUs || durationUs < floorUs) return null;
  const tailUs = s.durationUs - s.workload.untilUs;
  return { ...s, durationUs, workload: { ...s.workload, untilUs: Math.max(1_000_000, durationUs - tailUs) } };
}

/**
 * Expectations that state what the shrunk schedule shows, so it can live in
 * a scenario library as a passing demonstration: the expectations it met
 * stay, each violated one is inverted (no lost writes → some lost, no split
 * brain → split brain, converges within → does not), and violated ones with
 * no inverse (failover within, final roles, events) are left out.
 */
export function pinnedExpectations(expect: Expectations, violated: readonly string[]): Expectations {
  const out: Expectations = { ...expect };
  const was = (prefix: string) => violated.some((v) => v.startsWith(prefix));
  if (expect.lostWrites !== undefined && was('lost writes')) {
    delete out.lostWrites;
    if (expect.lostWrites.max !== undefined) out.lostWrites = { min: expect.lostWrites.max + 1 };
    else if (expect.lostWrites.min !== undefined && expect.lostWrites.min > 0) out.lostWrites = { max: expect.lostWrites.min - 1 };
  }
  if (expect.splitBrain !== undefined && was(expect.splitBrain ? 'split brain' : 'no split brain')) out.splitBrain = !expect.splitBrain;
  if (expect.convergenceWithinUs !== undefined && was('convergence within')) {
    delete out.convergenceWithinUs;
    out.convergenceNotWithinUs = expect.convergenceWithinUs;
  }
  if (expect.convergenceNotWithinUs !== undefined && was('no convergence within')) {
    delete out.convergenceNotWithinUs;
    out.convergenceWithinUs = expect.convergenceNotWithinUs;
  }
  if (expect.linearizable !== undefined && expect.linearizable !== 'unknown' && was('linearizable')) out.linearizable = !expect.linearizable;
  if (expect.noFailover !== undefined && was(expect.noFailover ? 'no failover' : 'a failover')) out.noFailover = !expect.noFailover;
  if (was('failover within')) delete out.failoverWithinUs;
  if (was('final master')) delete out.finalMaster;
  if (out.finalRoles !== undefined) {
    const roles = Object.fromEntries(Object.entries(out.finalRoles).filter(([node]) => !was(`final role of ${node}:`)));
    if (Object.keys(roles).length > 0) out.finalRoles = roles;
    else delete out.finalRoles;
  }
  if (was('events in order')) delete out.events;
  return out;
}
