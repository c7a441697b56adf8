// fast-check arbitraries for property-based tests of Redis clusters: a
// topology (data nodes, Sentinels, clients and the boxes they run on), a
// configuration (redis.conf and sentinel.conf knobs), an explicit fault
// schedule over that topology, and a runnable `Scenario` combining them.
//
// Everything here is built from fast-check combinators (`fc.record`,
// `fc.array`, `fc.integer`, ... and `map`), never `chain`, so shrinking works
// on the genes: a failing cluster shrinks towards fewer replicas, Sentinels
// and clients, default-ish knobs, fewer faults, earlier and shorter faults.
// Targets are drawn as indices and resolved against the topology when the
// scenario is assembled, so a topology that shrinks keeps its fault list
// meaningful. Pure: no host randomness, time or I/O (fast-check draws).
//
//   fc.assert(fc.property(arbitraries.scenario(), (s) => simulate(s).result.checkers.convergence.valid === true));

import fc from 'fast-check';
import type { DiscoverySpec } from '../client/discovery.js';
import { defaultStart, type FaultStep, type Scenario } from '../scenario/scenario.js';
import type { ConfigSettings } from '../world/cluster.js';
import { lastFaultEndUs } from '../scenario/simulate.js';

const S = 1_000_000;
/** Fault times and durations are drawn in steps of 100 ms (readable schedules). */
const STEP_US = 100_000;

// ---- topology --------------------------------------------------------------------------------

/** A cluster's processes and the boxes they run on (a box crashes, pauses and partitions as one). */
export interface Topology {
  /** The initial master, `m1`. */
  readonly master: string;
  /** `r2`, `r3`, ... (1–4 of them), each replicating the master. */
  readonly replicas: readonly string[];
  /** The master, then the replicas. */
  readonly dataNodes: readonly string[];
  /** `s1`, `s2`, ... (1–5). */
  readonly sentinels: readonly string[];
  /** 1..#Sentinels. */
  readonly quorum: number;
  /** `c1`, `c2`, ... (at least one). */
  readonly clients: readonly string[];
  /** Box → its processes. Data node i is alone (with whatever shares it) on `box<i+1>`. */
  readonly boxes: Readonly<Record<string, readonly string[]>>;
  /** Process → its box. */
  readonly hosts: Readonly<Record<string, string>>;
}

export interface TopologyOptions {
  readonly replicas?: { min: number; max: number };
  readonly sentinels?: { min: number; max: number };
  readonly clients?: { min: number; max: number };
  /** Where Sentinels run: on the data boxes (round robin), on boxes of their own, or either per Sentinel (default). */
  readonly sentinelPlacement?: 'data-boxes' | 'own-boxes' | 'any';
  /** Quorum: any of 1..#Sentinels (default), or a majority of the Sentinels. */
  readonly quorum?: 'any' | 'majority';
}

export interface TopologyGenes {
  readonly replicas: number;
  readonly sentinels: number;
  readonly quorum: number;
  /** Per Sentinel: null = a box of its own, n = data box n (mod the number of data boxes). */
  readonly sentinelBoxes: readonly (number | null)[];
  /** Per client: null = a box of its own, n = box n (mod the number of boxes) of the data and Sentinel boxes. */
  readonly clientBoxes: readonly (number | null)[];
}

/** Build the concrete topology from its genes (also used by tests that build topologies by hand). */
export function buildTopology(genes: TopologyGenes, options: TopologyOptions = {}): Topology {
  const master = 'm1';
  const replicas = Array.from({ length: genes.replicas }, (_, i) => `r${i + 2}`);
  const dataNodes = [master, ...replicas];
  const sentinels = Array.from({ length: genes.sentinels }, (_, i) => `s${i + 1}`);
  const boxes: Record<string, string[]> = {};
  const hosts: Record<string, string> = {};
  const place = (process: string, box: string) => {
    (boxes[box] ??= []).push(process);
    hosts[process] = box;
  };
  dataNodes.forEach((n, i) => place(n, `box${i + 1}`));
  const placement = options.sentinelPlacement ?? 'any';
  sentinels.forEach((s, i) => {
    const gene = placement === 'data-boxes' ? (genes.sentinelBoxes[i] ?? i) : placement === 'own-boxes' ? null : (genes.sentinelBoxes[i] ?? null);
    if (gene === null) place(s, `sbox${i + 1}`);
    else place(s, `box${(gene % dataNodes.length) + 1}`);
  });
  const serverBoxes = Object.keys(boxes);
  const clients = genes.clientBoxes.map((_, i) => `c${i + 1}`);
  clients.forEach((c, i) => {
    const gene = genes.clientBoxes[i] ?? null;
    if (gene === null) place(c, `cbox${i + 1}`);
    else place(c, serverBoxes[gene % serverBoxes.length]!);
  });
  const majority = Math.floor(sentinels.length / 2) + 1;
  const quorum = options.quorum === 'majority' ? majority : Math.min(genes.quorum, sentinels.length);
  return { master, replicas, dataNodes, sentinels, quorum, clients, boxes, hosts };
}

/**
 * 1 master + 1–4 replicas, 1–5 Sentinels with a quorum of 1..#Sentinels, each
 * data node on its own box, Sentinels on the data boxes or on boxes of their
 * own, 1–4 clients on chosen boxes (or their own). Shrinks towards one
 * replica, one Sentinel, quorum 1, one client, Sentinels next to the master.
 */
export function topology(options: TopologyOptions = {}): fc.Arbitrary<Topology> {
  const r = options.replicas ?? { min: 1, max: 4 };
  const s = options.sentinels ?? { min: 1, max: 5 };
  const c = options.clients ?? { min: 1, max: 4 };
  const box = fc.option(fc.nat({ max: 15 }), { nil: null, freq: 3 });
  return fc
    .record({
      replicas: fc.integer({ min: r.min, max: r.max }),
      sentinels: fc.integer({ min: s.min, max: s.max }),
      quorum: fc.integer({ min: 1, max: s.max }),
      sentinelBoxes: fc.array(box, { minLength: s.max, maxLength: s.max }),
      clientBoxes: fc.array(box, { minLength: c.min, maxLength: c.max }),
    })
    .map((genes) => buildTopology(genes, options));
}

// ---- configuration ---------------------------------------------------------------------------

export type Persistence = 'none' | 'rdb' | 'aof';

/** The knobs an SRE sizes: sentinel.conf per master, redis.conf for every data node. */
export interface Configuration {
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  readonly parallelSyncs: number;
  readonly minReplicasToWrite: number;
  readonly replBacklogKb: number;
  readonly persistence: Persistence;
  /** Per replica index: `replica-priority 0` (never promoted). At least one replica always stays promotable. */
  readonly priorityZero: readonly boolean[];
  /** `repl-timeout` in seconds, when drawn (ConfigurationOptions.replTimeoutS); else Redis's default 60. */
  readonly replTimeoutS?: number;
}

export interface ConfigurationOptions {
  readonly downAfterMs?: { min: number; max: number };
  readonly failoverTimeoutMs?: { min: number; max: number };
  readonly minReplicasToWrite?: { min: number; max: number };
  readonly persistence?: readonly Persistence[];
  /** Allow `replica-priority 0` replicas (default true). */
  readonly priorityZero?: boolean;
  /** Draw `repl-timeout` from this range (seconds); default: not set, Redis's 60 s. */
  readonly replTimeoutS?: { min: number; max: number };
}

/**
 * down-after-milliseconds 1000–10000, failover-timeout 5000–60000,
 * parallel-syncs 1–3, min-replicas-to-write 0–1, repl-backlog-size 16 kb–1 mb,
 * persistence none/rdb/aof, replica-priority 0 on some replicas. Shrinks
 * towards the smallest timings, no persistence and no priority-0 replicas.
 */
export function configuration(options: ConfigurationOptions = {}): fc.Arbitrary<Configuration> {
  const d = options.downAfterMs ?? { min: 1000, max: 10_000 };
  const f = options.failoverTimeoutMs ?? { min: 5000, max: 60_000 };
  const m = options.minReplicasToWrite ?? { min: 0, max: 1 };
  const persistence = options.persistence ?? (['none', 'rdb', 'aof'] as const);
  const r = options.replTimeoutS;
  return fc.record({
    ...(r !== undefined ? { replTimeoutS: fc.integer({ min: r.min, max: r.max }) } : {}),
    // In steps of 100 ms / 1 s: readable values.
    downAfterMs: fc.integer({ min: Math.ceil(d.min / 100), max: Math.floor(d.max / 100) }).map((x) => x * 100),
    failoverTimeoutMs: fc.integer({ min: Math.ceil(f.min / 1000), max: Math.floor(f.max / 1000) }).map((x) => x * 1000),
    parallelSyncs: fc.integer({ min: 1, max: 3 }),
    minReplicasToWrite: fc.integer({ min: m.min, max: m.max }),
    replBacklogKb: fc.constantFrom(16, 64, 256, 1024),
    persistence: fc.constantFrom(...persistence),
    priorityZero: options.priorityZero === false ? fc.constant([]) : fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  });
}

/** The replicas that get `replica-priority 0`: those the genes mark, except that one replica always stays promotable. */
export function priorityZeroReplicas(top: Topology, conf: Configuration): string[] {
  const marked = top.replicas.filter((_, i) => conf.priorityZero[i] === true);
  return marked.length === top.replicas.length ? marked.slice(0, -1) : marked;
}

/** redis.conf settings per data node (strings, as a scenario file reads them). */
export function redisSettings(top: Topology, conf: Configuration): Record<string, ConfigSettings> {
  const common: ConfigSettings = { 'repl-backlog-size': `${conf.replBacklogKb}kb` };
  if (conf.minReplicasToWrite > 0) common['min-replicas-to-write'] = String(conf.minReplicasToWrite);
  if (conf.replTimeoutS !== undefined) common['repl-timeout'] = String(conf.replTimeoutS);
  if (conf.persistence === 'none') Object.assign(common, { save: '""', appendonly: 'no' });
  if (conf.persistence === 'rdb') Object.assign(common, { save: '60 1', appendonly: 'no' });
  if (conf.persistence === 'aof') Object.assign(common, { save: '""', appendonly: 'yes', appendfsync: 'everysec' });
  const zero = new Set(priorityZeroReplicas(top, conf));
  const out: Record<string, ConfigSettings> = { [top.master]: { ...common } };
  for (const r of top.replicas) out[r] = { ...common, replicaof: `${top.master} 6379`, ...(zero.has(r) ? { 'replica-priority': '0' } : {}) };
  return out;
}

// ---- fault schedules ---------------------------------------------------------------------------

export type FaultKind = 'partition' | 'oneway' | 'crash' | 'kill' | 'power-off' | 'pause' | 'slow' | 'clock-jump' | 'clock-drift';
export const FAULT_KINDS: readonly FaultKind[] = ['partition', 'oneway', 'crash', 'kill', 'power-off', 'pause', 'slow', 'clock-jump', 'clock-drift'];

/** One fault before it is resolved against a topology: targets are indices, times are 100 ms steps. */
export type FaultGene =
  | { readonly kind: 'partition' | 'oneway'; readonly at: number; readonly for: number; readonly side: readonly number[]; readonly reject: boolean }
  | { readonly kind: 'crash' | 'pause'; readonly at: number; readonly for: number; readonly target: number }
  | { readonly kind: 'kill'; readonly at: number; readonly target: number }
  | { readonly kind: 'power-off'; readonly at: number; readonly for: number; readonly target: number }
  | { readonly kind: 'slow'; readonly at: number; readonly for: number; readonly target: number; readonly latencyMs: number }
  | { readonly kind: 'clock-jump'; readonly at: number; readonly for: number; readonly target: number; readonly jumpMs: number; readonly stepBack: boolean }
  | { readonly kind: 'clock-drift'; readonly at: number; readonly for: number; readonly target: number; readonly driftPpm: number };

export interface ScheduleOptions {
  /** The run's length, µs (faults lie within it). */
  readonly durationUs: number;
  /** Every fault, except a permanent kill, has ended by then, µs. */
  readonly quietAfterUs: number;
  /** No fault before this, µs (default 2 s: a warm start has settled before t=0, so Sentinels know the replicas). */
  readonly fromUs?: number;
  /** Shortest fault, µs (default and minimum 1 s). */
  readonly minDurationUs?: number;
  /** Longest fault, µs (default 30 s). */
  readonly maxDurationUs?: number;
  /** At most this many faults (default 6). */
  readonly maxFaults?: number;
  /** Which kinds to draw (default all). */
  readonly kinds?: readonly FaultKind[];
}

/** min..max or -max..-min (shrinks towards +min). */
function signed(min: number, max: number): fc.Arbitrary<number> {
  return fc.tuple(fc.integer({ min, max }), fc.boolean()).map(([x, negative]) => (negative ? -x : x));
}

/** Fault genes for a timeline (independent of the topology: targets are resolved later). */
export function faultGenes(options: ScheduleOptions): fc.Arbitrary<FaultGene[]> {
  const fromUs = options.fromUs ?? 2 * S;
  const minFor = Math.max(10, Math.ceil((options.minDurationUs ?? S) / STEP_US));
  const maxFor = Math.max(minFor, Math.floor((options.maxDurationUs ?? 30 * S) / STEP_US));
  const lastStart = Math.floor((options.quietAfterUs - fromUs) / STEP_US) - minFor;
  if (lastStart < 0) throw new Error(`faultGenes: no room for a fault between ${fromUs / S}s and ${options.quietAfterUs / S}s`);
  if (options.quietAfterUs > options.durationUs) throw new Error('faultGenes: quietAfterUs is past the end of the run');
  const kinds = options.kinds ?? FAULT_KINDS;
  const at = fc.integer({ min: 0, max: lastStart });
  const dur = fc.integer({ min: minFor, max: maxFor });
  const target = fc.nat({ max: 31 });
  const byKind: Record<FaultKind, fc.Arbitrary<FaultGene>> = {
    partition: fc.record({ kind: fc.constant('partition' as const), at, for: dur, side: fc.uniqueArray(fc.nat({ max: 15 }), { minLength: 1, maxLength: 3 }), reject: fc.boolean() }),
    oneway: fc.record({ kind: fc.constant('oneway' as const), at, for: dur, side: fc.uniqueArray(fc.nat({ max: 15 }), { minLength: 1, maxLength: 3 }), reject: fc.constant(false) }),
    crash: fc.record({ kind: fc.constant('crash' as const), at, for: dur, target }),
    kill: fc.record({ kind: fc.constant('kill' as const), at, target }),
    'power-off': fc.record({ kind: fc.constant('power-off' as const), at, for: dur, target }),
    pause: fc.record({ kind: fc.constant('pause' as const), at, for: dur, target }),
    slow: fc.record({ kind: fc.constant('slow' as const), at, for: dur, target, latencyMs: fc.integer({ min: 50, max: 1000 }) }),
    'clock-jump': fc.record({
      kind: fc.constant('clock-jump' as const),
      at,
      for: dur,
      target,
      jumpMs: signed(1000, 10_000),
      stepBack: fc.boolean(),
    }),
    'clock-drift': fc.record({ kind: fc.constant('clock-drift' as const), at, for: dur, target, driftPpm: signed(1000, 50_000) }),
  };
  return fc.array(fc.oneof(...kinds.map((k) => byKind[k])), { maxLength: options.maxFaults ?? 6 });
}

/**
 * Resolve genes against a topology into explicit `FaultStep`s, in time order.
 * A fault whose target is still busy with an earlier fault is dropped (two
 * faults never act on one process or box at once; a partition occupies every
 * box); at most one permanent kill (of a data node, so never the last one:
 * there are always two); no fault lasts past `quietAfterUs`. Power failures
 * spare boxes with clients (a client is the run's observer).
 */
export function resolveFaults(top: Topology, genes: readonly FaultGene[], options: ScheduleOptions): FaultStep[] {
  const fromUs = options.fromUs ?? 2 * S;
  const servers = [...top.dataNodes, ...top.sentinels];
  const boxNames = Object.keys(top.boxes);
  const clientBoxes = new Set(top.clients.map((c) => top.hosts[c]));
  const powerBoxes = boxNames.filter((b) => !clientBoxes.has(b));
  const busyUntil = new Map<string, number>();
  const free = (names: readonly string[], atUs: number) => names.every((n) => (busyUntil.get(n) ?? 0) <= atUs);
  const occupy = (names: readonly string[], untilUs: number) => names.forEach((n) => busyUntil.set(n, untilUs));
  let killed = false;
  const steps: FaultStep[] = [];
  const ordered = genes.map((g, i) => ({ g, i })).sort((a, b) => a.g.at - b.g.at || a.i - b.i);
  for (const { g } of ordered) {
    const atUs = fromUs + g.at * STEP_US;
    const forUs = 'for' in g ? Math.min(g.for * STEP_US, options.quietAfterUs - atUs) : 0;
    const endUs = atUs + forUs;
    switch (g.kind) {
      case 'partition':
      case 'oneway': {
        const all = boxNames.map((b) => `box:${b}`);
        if (boxNames.length < 2 || !free(all, atUs)) continue;
        const side = [...new Set(g.side.map((i) => boxNames[i % boxNames.length]!))];
        const rest = boxNames.filter((b) => !side.includes(b));
        if (rest.length === 0) continue;
        steps.push({ kind: 'partition', atUs, groups: [side, rest], oneway: g.kind === 'oneway', mode: g.reject ? 'reject' : 'drop', forUs });
        occupy(all, endUs);
        break;
      }
      case 'crash':
      case 'pause': {
        const t = servers[g.target % servers.length]!;
        if (!free([t], atUs)) continue;
        steps.push({ kind: g.kind, atUs, target: t, forUs });
        occupy([t], endUs);
        break;
      }
      case 'kill': {
        const t = top.dataNodes[g.target % top.dataNodes.length]!;
        if (killed || !free([t], atUs)) continue;
        killed = true;
        steps.push({ kind: 'crash', atUs, target: t, forUs: null });
        occupy([t], Infinity);
        break;
      }
      case 'power-off': {
        if (powerBoxes.length === 0) continue;
        const b = powerBoxes[g.target % powerBoxes.length]!;
        const members = top.boxes[b] ?? [];
        if (!free([`box:${b}`, ...members], atUs)) continue;
        steps.push({ kind: 'power-off', atUs, target: b, forUs });
        occupy([`box:${b}`, ...members], endUs);
        break;
      }
      case 'slow': {
        const b = boxNames[g.target % boxNames.length]!;
        if (!free([`box:${b}`], atUs)) continue;
        steps.push({ kind: 'slow', atUs, targets: [b], latencyUs: g.latencyMs * 1000, forUs });
        occupy([`box:${b}`], endUs);
        break;
      }
      case 'clock-jump': {
        const t = servers[g.target % servers.length]!;
        if (!free([t], atUs)) continue;
        steps.push({ kind: 'clock-jump', atUs, target: t, jumpUs: g.jumpMs * 1000 });
        // Stepped back (as NTP would) after `for`; otherwise it stays off.
        if (g.stepBack) steps.push({ kind: 'clock-jump', atUs: endUs, target: t, jumpUs: -g.jumpMs * 1000 });
        occupy([t], g.stepBack ? endUs : atUs + STEP_US);
        break;
      }
      case 'clock-drift': {
        const t = servers[g.target % servers.length]!;
        if (!free([t], atUs)) continue;
        steps.push({ kind: 'clock-drift', atUs, target: t, drift: g.driftPpm / 1e6 });
        steps.push({ kind: 'clock-drift', atUs: endUs, target: t, drift: 0 });
        occupy([t], endUs);
        break;
      }
    }
  }
  return steps.sort((a, b) => a.atUs - b.atUs);
}

/**
 * An explicit fault schedule over `top`: two-way and one-way partitions of the
 * boxes (drop or reject), crashes with a restart (`for`) and one permanent
 * kill at most, power failures, pauses, slow links, clock jumps (stepped back
 * or not) and drifts (reset to 0). Each lasts at least 1 s and, except a kill,
 * ends by `quietAfterUs`. Shrinks towards fewer, earlier, shorter faults on
 * the first targets.
 */
export function faultSchedule(top: Topology, options: ScheduleOptions): fc.Arbitrary<FaultStep[]> {
  return faultGenes(options).map((genes) => resolveFaults(top, genes, options));
}

export { lastFaultEndUs };

// ---- scenarios --------------------------------------------------------------------------------

/** A generated cluster: the pieces, and the runnable scenario made of them. */
export interface GeneratedCluster {
  readonly topology: Topology;
  readonly configuration: Configuration;
  readonly faults: readonly FaultStep[];
  /** Faults end by then (µs); the run continues `durationUs - quietAfterUs` after it. */
  readonly quietAfterUs: number;
  readonly scenario: Scenario;
}

export interface ClusterOptions {
  readonly topology?: TopologyOptions;
  readonly configuration?: ConfigurationOptions;
  /** Simulated length, seconds (default 60–90). */
  readonly durationS?: { min: number; max: number };
  /** How long before the end faults are over, seconds (default 35). */
  readonly settleS?: number;
  /** Fault options (kinds, counts, durations); `false`: no faults at all. */
  readonly faults?: false | Omit<ScheduleOptions, 'durationUs' | 'quietAfterUs'>;
  /** Operations per second per client (default 10–20). */
  readonly ratePerSec?: { min: number; max: number };
  /** WAIT for this many replicas after each write (default 0: no WAIT). */
  readonly waitReplicas?: number;
  readonly waitTimeoutMs?: number;
  /** The scenario's `file` (what `redsim run` is told), default `generated.yaml`. */
  readonly file?: string;
}

/** Put the pieces together into a runnable scenario: clients discover the master through every Sentinel. */
export function assemble(parts: {
  topology: Topology;
  configuration: Configuration;
  faults: readonly FaultStep[];
  durationUs: number;
  seed: number;
  ratePerSec: number;
  waitReplicas?: number;
  waitTimeoutMs?: number;
  name?: string;
  file?: string;
  clients?: Record<string, DiscoverySpec>;
}): Scenario {
  const top = parts.topology;
  const conf = parts.configuration;
  const clients: Scenario['clients'] = {};
  for (const c of top.clients) {
    const discovery: DiscoverySpec = parts.clients?.[c] ?? { kind: 'sentinel', sentinels: [...top.sentinels], masterName: 'mymaster', perOp: false, subscribe: false, readFromReplicas: false };
    clients[c] = { discovery, timeoutUs: S, connectTimeoutUs: 0 };
  }
  const redis = redisSettings(top, conf);
  return {
    file: parts.file ?? 'generated.yaml',
    name: parts.name ?? 'generated',
    description: `${top.replicas.length} replica(s), ${top.sentinels.length} Sentinel(s) (quorum ${top.quorum}), ${top.clients.length} client(s), ${parts.faults.length} fault step(s)`,
    seed: parts.seed,
    durationUs: parts.durationUs,
    start: defaultStart(redis, top.sentinels),
    hosts: { ...top.hosts },
    redis,
    sentinel: {
      names: [...top.sentinels],
      monitor: { name: 'mymaster', master: top.master, quorum: top.quorum },
      config: { 'down-after-milliseconds': conf.downAfterMs, 'failover-timeout': conf.failoverTimeoutMs, 'parallel-syncs': conf.parallelSyncs },
    },
    network: {},
    clients,
    workload: {
      type: 'set-add',
      ratePerSec: parts.ratePerSec,
      loop: 'open',
      jitterUs: 0,
      timeoutUs: S,
      // Clients stop ~5 s before the end; the final reads happen at the end.
      untilUs: parts.durationUs - 5 * S,
      waitReplicas: parts.waitReplicas ?? 0,
      waitTimeoutMs: parts.waitReplicas ? (parts.waitTimeoutMs ?? 1000) : 1000,
    },
    faults: [...parts.faults],
    generator: null,
    swarm: null,
    expect: {},
    conform: { failoverToleranceUs: null, seeds: null },
    sweep: null,
    scheduling: null,
  };
}

/**
 * A runnable cluster: topology × configuration × fault schedule, 60–90 s of
 * simulated time, 1–4 clients (Sentinel discovery) at 10–20 ops/s each, faults
 * from 2 s until `settleS` (35 s) before the end, the workload stopping 5 s
 * before the end, and a simulation seed. Returns the pieces with the scenario.
 */
export function cluster(options: ClusterOptions = {}): fc.Arbitrary<GeneratedCluster> {
  const d = options.durationS ?? { min: 60, max: 90 };
  const settleUs = (options.settleS ?? 35) * S;
  const rate = options.ratePerSec ?? { min: 10, max: 20 };
  const faultOptions = options.faults === false ? null : (options.faults ?? {});
  // The genes are drawn for the shortest run; a longer run simply has more quiet time.
  const quietMinUs = d.min * S - settleUs;
  return fc
    .record({
      topology: topology(options.topology),
      configuration: configuration(options.configuration),
      durationS: fc.integer({ min: d.min, max: d.max }),
      genes: faultOptions === null ? fc.constant([] as FaultGene[]) : faultGenes({ ...faultOptions, durationUs: d.min * S, quietAfterUs: quietMinUs }),
      ratePerSec: fc.integer({ min: rate.min, max: rate.max }),
      seed: fc.integer({ min: 1, max: 0x7fffffff }),
    })
    .map(({ topology: top, configuration: conf, durationS, genes, ratePerSec, seed }) => {
      const durationUs = durationS * S;
      const quietAfterUs = durationUs - settleUs;
      const faults = faultOptions === null ? [] : resolveFaults(top, genes, { ...faultOptions, durationUs, quietAfterUs });
      const scenario = assemble({
        topology: top,
        configuration: conf,
        faults,
        durationUs,
        seed,
        ratePerSec,
        ...(options.waitReplicas !== undefined ? { waitReplicas: options.waitReplicas } : {}),
        ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
        ...(options.file !== undefined ? { file: options.file } : {}),
      });
      return { topology: top, configuration: conf, faults, quietAfterUs, scenario };
    });
}

/** `cluster(options)`'s scenario alone. */
export function scenario(options: ClusterOptions = {}): fc.Arbitrary<Scenario> {
  return cluster(options).map((c) => c.scenario);
}
