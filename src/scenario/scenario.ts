// A scenario file, read and validated before anything runs. The shape is
// shared/SCENARIO-FORMAT.md's; config names are the real redis.conf and
// sentinel.conf names. Every error names the file, line, column and field.

import { ConfigError, applyConfigSetting, defaultRedisConfig, knownConfigNames } from '../redis/config.js';
import type { DiscoverySpec } from '../client/discovery.js';
import type { WorkloadType } from '../client/workloads.js';
import type { LatencySpec } from '../net/latency.js';
import type { ConfigSettings } from '../world/cluster.js';
import { Field, ScenarioError, didYouMean } from './fields.js';
import { settingPath } from './setting-path.js';
import type { SchedulingDelays } from '../net/process.js';
import { FAULT_FAMILIES, type FaultFamily, type GeneratorSpec, type SwarmRanges } from '../faults/generator.js';

export type FaultStep =
  | { kind: 'partition'; atUs: number; groups: string[][]; oneway: boolean; mode: 'drop' | 'reject'; forUs: number | null }
  | { kind: 'heal'; atUs: number }
  | { kind: 'crash'; atUs: number; target: string; forUs: number | null }
  | { kind: 'power-off'; atUs: number; target: string; forUs: number | null }
  | { kind: 'restart'; atUs: number; target: string; wipe: boolean }
  | { kind: 'pause'; atUs: number; target: string; forUs: number | null }
  | { kind: 'resume'; atUs: number; target: string }
  | { kind: 'clock-jump'; atUs: number; target: string; jumpUs: number }
  | { kind: 'clock-drift'; atUs: number; target: string; drift: number }
  | { kind: 'slow'; atUs: number; targets: string[]; latencyUs: number; forUs: number | null }
  | { kind: 'command'; atUs: number; target: string; args: string[] };

export interface Expectations {
  failoverWithinUs?: number;
  noFailover?: boolean;
  finalMaster?: string[];
  finalRoles?: Record<string, 'master' | 'replica'>;
  events?: string[];
  lostWrites?: { min?: number; max?: number };
  splitBrain?: boolean;
  convergenceWithinUs?: number;
  /** Inverse of convergenceWithinUs: a shrunk failure that pins "did not converge in time". */
  convergenceNotWithinUs?: number;
  linearizable?: boolean | 'unknown';
  /** No client goes longer than this without an acknowledged write while it keeps writing, µs. */
  availabilityMaxGapUs?: number;
  /** `false`: invariant violations are reported but do not fail the run (default: they do). */
  invariants?: boolean;
}

/**
 * How the cluster starts. `warm` (the default): the servers boot before t=0
 * and the run begins once the cluster has settled (every Sentinel knows every
 * replica of the master and every other Sentinel, every replica is in sync);
 * `cold`: t=0 is the launch. Servers are launched one after another in
 * `order`, each `startAfterUs` later if the scenario says so.
 */
export interface StartSpec {
  readonly mode: 'warm' | 'cold';
  /** Every data node and Sentinel, in launch order. */
  readonly order: readonly string[];
  /** Launched this long after the first launch (instead of in turn). */
  readonly startAfterUs: Readonly<Record<string, number>>;
  /** Warm: the longest settling may take before the run is refused. */
  readonly settleTimeoutUs: number;
}

export const DEFAULT_SETTLE_TIMEOUT_US = 60_000_000;

/** The default start: warm, data nodes then Sentinels in the file's order (as `redsim conform` launches them). */
export function defaultStart(redis: Record<string, unknown>, sentinelNames: readonly string[]): StartSpec {
  return { mode: 'warm', order: [...Object.keys(redis), ...sentinelNames], startAfterUs: {}, settleTimeoutUs: DEFAULT_SETTLE_TIMEOUT_US };
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly durationUs: number;
  readonly start: StartSpec;
  /** process → box */
  readonly hosts: Record<string, string>;
  readonly redis: Record<string, ConfigSettings>;
  readonly sentinel: {
    readonly names: string[];
    readonly monitor: { name: string; master: string; quorum: number };
    readonly config: ConfigSettings;
  } | null;
  readonly network: { latency?: LatencySpec; bandwidthBytesPerSec?: number };
  /** Time-outs in µs; 0: the workload's (connect: the client's request time-out). */
  readonly clients: Record<string, { discovery: DiscoverySpec; timeoutUs: number; connectTimeoutUs: number }>;
  readonly workload: { type: WorkloadType; ratePerSec: number; loop: 'open' | 'closed'; jitterUs: number; timeoutUs: number; untilUs: number; waitReplicas: number; waitTimeoutMs: number };
  readonly faults: FaultStep[];
  /** For exploration: faults drawn per seed instead of a fixed list. */
  readonly generator: GeneratorSpec | null;
  /** For `--swarm`: knob ranges each seed draws from. */
  readonly swarm: SwarmRanges | null;
  readonly expect: Expectations;
  /** For `redsim conform`: how far a real failover time may fall outside the simulated range (µs), and how many seeds to simulate; null: the flags'. */
  readonly conform: { readonly failoverToleranceUs: number | null; readonly seeds: number | null };
  /** Host scheduling delays of every server, Sentinel and client (src/net/process.ts); null: off. */
  readonly scheduling: SchedulingDelays | null;
  /** For `redsim sweep` without --vary: the settings to vary (names as in this file) and how many seeds. */
  readonly sweep: { readonly seeds: number | null; readonly vary: readonly { readonly name: string; readonly values: readonly string[] }[] } | null;
}

const TOP = ['name', 'description', 'seed', 'duration', 'start', 'hosts', 'redis', 'sentinel', 'network', 'clients', 'workload', 'faults', 'explore', 'conform', 'sweep', 'scheduling', 'expect'];
const SENTINEL_MASTER_OPTIONS = ['down-after-milliseconds', 'failover-timeout', 'parallel-syncs', 'auth-pass', 'auth-user', 'master-reboot-down-after-period'];
const FAULT_KINDS = ['partition', 'heal', 'crash', 'power-off', 'restart', 'pause', 'resume', 'clock', 'slow', 'command'];

/**
 * Process and box names: a letter, then letters, digits, `_` or `-`, at most 32.
 * They become host names in generated redis.conf / sentinel.conf text and keys
 * of maps, so nothing that needs quoting, and not a name JavaScript objects
 * already have (`constructor`) or one redsim uses itself.
 */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const RESERVED_NAMES = new Set(['operator', 'launcher', 'net', 'serve', 'app']);
/** The monitored master's name: Sentinel allows more, but it is pasted into sentinel.conf lines. */
const MASTER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Why `name` cannot name a process or a box, or null. */
export function badName(name: string): string | null {
  if (!NAME_RE.test(name)) return `"${name}" is not a usable name: a letter, then letters, digits, _ or -, at most 32 characters`;
  if (name in Object.prototype || RESERVED_NAMES.has(name)) return `"${name}" is a reserved name: choose another`;
  return null;
}

/** Read and validate a scenario; throws ScenarioError (one line) on the first problem. */
export function parseScenario(file: string, text: string): Scenario {
  const { root } = Field.root(file, text);
  if (!root.isMap()) throw root.error('expected a scenario: a map with name, duration, redis, ...');
  const top = root.map(TOP, 'top-level field');
  const f = (key: string) => root.get(top, key);
  const name = f('name').required().string();
  const description = f('description').missing ? '' : f('description').string().trim();
  const seed = f('seed').missing ? 1 : f('seed').integer(0);
  const durationUs = f('duration').required().durationUs();
  if (durationUs <= 0) throw f('duration').error('expected a positive duration');

  // ---- data nodes ----
  const redisField = f('redis').required();
  const redisMap = redisField.map(['defaults', 'nodes'], 'field');
  const defaults = readRedisConfig(redisField.get(redisMap, 'defaults'));
  const nodesField = redisField.get(redisMap, 'nodes').required();
  const redis: Record<string, ConfigSettings> = Object.create(null) as Record<string, ConfigSettings>;
  const redisNodeFields = nodesField.map();
  if (redisNodeFields.size === 0) throw nodesField.error('expected at least one data node');
  for (const [node, conf] of redisNodeFields) redis[node] = { ...defaults, ...readRedisConfig(conf) };
  // replicaof must name a data node of this scenario (another one): a typo
  // would otherwise run, the replica's link down for the whole run.
  for (const [node, conf] of redisNodeFields) {
    const target = String(redis[node]!['replicaof'] ?? redis[node]!['slaveof'] ?? '').split(/\s+/)[0] ?? '';
    if (target === '') continue;
    const ownMap = conf.missing ? null : conf.map(knownConfigNames(), 'redis.conf setting');
    const own = ownMap === null ? null : ['replicaof', 'slaveof'].map((k) => conf.get(ownMap, k)).find((x) => !x.missing);
    const where = own ?? redisField.get(redisMap, 'defaults');
    if (!(target in redis)) throw where.error(`no data node named "${target}"${suggest(target, Object.keys(redis))}`);
    if (target === node) throw where.error(`${node} cannot replicate itself`);
  }

  // ---- Sentinels ----
  let sentinel: Scenario['sentinel'] = null;
  if (!f('sentinel').missing) {
    const s = f('sentinel');
    const sm = s.map(['defaults', 'monitor', 'nodes'], 'field');
    const monitorField = s.get(sm, 'monitor').required();
    const mm = monitorField.map(['name', 'master', 'quorum'], 'field');
    const masterField = monitorField.get(mm, 'master').required();
    const master = masterField.string();
    if (!(master in redis)) throw masterField.error(`no data node named "${master}"${suggest(master, Object.keys(redis))}`);
    const masterNameField = monitorField.get(mm, 'name').required();
    const masterName = masterNameField.string();
    if (!MASTER_NAME_RE.test(masterName)) throw masterNameField.error(`"${masterName}" is not a usable master name: letters, digits, _, . or -, at most 64 characters`);
    const monitor = { name: masterName, master, quorum: monitorField.get(mm, 'quorum').required().integer(1) };
    const config: ConfigSettings = {};
    const defaultsField = s.get(sm, 'defaults');
    for (const [option, value] of defaultsField.map(SENTINEL_MASTER_OPTIONS, 'sentinel.conf setting')) {
      config[option] = option.startsWith('auth') ? value.configValue() : value.integer(option === 'master-reboot-down-after-period' ? 0 : 1);
    }
    const nodesF = s.get(sm, 'nodes').required();
    const names = nodesF.list().map((n) => n.string());
    if (names.length === 0) throw nodesF.error('expected at least one Sentinel');
    sentinel = { names, monitor, config };
  }

  // ---- names are unique ----
  const processes = new Map<string, Field>();
  const declare = (processName: string, where: Field) => {
    const bad = badName(processName);
    if (bad !== null) throw where.error(bad);
    if (processes.has(processName)) throw where.error(`"${processName}" is already the name of another process`);
    processes.set(processName, where);
  };
  for (const [node, field] of redisNodeFields) declare(node, field);
  if (sentinel) for (const [i, n] of sentinel.names.entries()) declare(n, f('sentinel').get(f('sentinel').map(), 'nodes').list()[i]!);

  // ---- clients ----
  const clients: Scenario['clients'] = Object.create(null) as Scenario['clients'];
  const clientsField = f('clients');
  for (const [client, spec] of clientsField.map()) {
    declare(client, spec);
    clients[client] = readClient(spec, redis, sentinel);
  }

  // ---- workload ----
  const workloadField = f('workload');
  const wm = workloadField.map(['type', 'rate', 'loop', 'jitter', 'timeout', 'until', 'wait'], 'field');
  const waitField = workloadField.get(wm, 'wait');
  const waitMap = waitField.map(['replicas', 'timeout'], 'field');
  const workload = {
    type: workloadField.get(wm, 'type').missing ? ('set-add' as const) : workloadField.get(wm, 'type').oneOf(['set-add', 'counter', 'register', 'list-append'] as const),
    ratePerSec: workloadField.get(wm, 'rate').missing ? 10 : workloadField.get(wm, 'rate').ratePerSec(),
    loop: workloadField.get(wm, 'loop').missing ? ('open' as const) : workloadField.get(wm, 'loop').oneOf(['open', 'closed'] as const),
    jitterUs: workloadField.get(wm, 'jitter').missing ? 0 : workloadField.get(wm, 'jitter').durationUs(),
    timeoutUs: workloadField.get(wm, 'timeout').missing ? 1_000_000 : workloadField.get(wm, 'timeout').durationUs(),
    untilUs: workloadField.get(wm, 'until').missing ? Math.max(0, durationUs - 10_000_000) : workloadField.get(wm, 'until').durationUs(),
    waitReplicas: waitField.missing ? 0 : waitField.get(waitMap, 'replicas').required().integer(1),
    waitTimeoutMs: waitField.missing || waitField.get(waitMap, 'timeout').missing ? 1000 : Math.round(waitField.get(waitMap, 'timeout').durationUs() / 1000),
  };
  if (workload.untilUs > durationUs) throw workloadField.get(wm, 'until').error('expected a time within the duration');
  for (const c of Object.values(clients)) if (c.timeoutUs === 0) c.timeoutUs = workload.timeoutUs;

  // ---- boxes ----
  const hosts: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [box, members] of f('hosts').map()) {
    const badBox = badName(box);
    if (badBox !== null) throw members.error(badBox);
    if (processes.has(box)) throw members.error(`a box may not share its name with a process ("${box}")`);
    for (const [i, member] of members.list().entries()) {
      const memberField = members.list()[i]!;
      const processName = member.string();
      if (!processes.has(processName)) throw memberField.error(`no process named "${processName}"${suggest(processName, [...processes.keys()])}`);
      if (hosts[processName] !== undefined) throw memberField.error(`"${processName}" is already on box ${hosts[processName]}`);
      hosts[processName] = box;
    }
  }
  const targets = [...processes.keys(), ...new Set(Object.values(hosts))];

  // ---- network ----
  const network: Scenario['network'] = {};
  const networkField = f('network');
  const nm = networkField.map(['latency', 'bandwidth'], 'field');
  if (!networkField.get(nm, 'latency').missing) network.latency = readLatency(networkField.get(nm, 'latency'));
  if (!networkField.get(nm, 'bandwidth').missing) network.bandwidthBytesPerSec = networkField.get(nm, 'bandwidth').sizeBytes();

  // ---- faults ----
  const faultsField = f('faults');
  let generator: GeneratorSpec | null = null;
  let faults: FaultStep[] = [];
  if (faultsField.isMap()) generator = readGenerator(faultsField, durationUs);
  else faults = faultsField.list().map((step) => readFault(step, targets, durationUs, false, hosts));
  const swarm = readSwarm(f('explore'), sentinel);

  return {
    file,
    name,
    description,
    seed,
    durationUs,
    start: readStart(f('start'), redis, sentinel?.names ?? []),
    hosts,
    redis,
    sentinel,
    network,
    clients,
    workload,
    faults,
    generator,
    swarm,
    expect: readExpect(f('expect'), redis, durationUs),
    conform: readConform(f('conform')),
    sweep: readSweep(f('sweep')),
    scheduling: readScheduling(f('scheduling')),
  };
}

function readStart(field: Field, redis: Record<string, ConfigSettings>, sentinelNames: readonly string[]): StartSpec {
  const defaults = defaultStart(redis, sentinelNames);
  if (field.missing) return defaults;
  if (!field.isMap()) return { ...defaults, mode: field.oneOf(['warm', 'cold'] as const) };
  const m = field.map(['mode', 'order', 'start-after', 'settle-timeout'], 'start field');
  const g = (k: string) => field.get(m, k);
  const servers = defaults.order;
  const server = (f: Field): string => {
    const name = f.string();
    if (!servers.includes(name)) throw f.error(`no data node or Sentinel named "${name}"${suggest(name, servers)}`);
    return name;
  };
  let order = servers;
  if (!g('order').missing) {
    const named: string[] = [];
    for (const item of g('order').list()) {
      const name = server(item);
      if (named.includes(name)) throw item.error(`"${name}" is already in the order`);
      named.push(name);
    }
    // Servers the order leaves out follow, in the default order.
    order = [...named, ...servers.filter((n) => !named.includes(n))];
  }
  const startAfterUs = Object.create(null) as Record<string, number>;
  for (const [name, value] of g('start-after').map(servers, 'data node or Sentinel')) startAfterUs[name] = value.durationUs();
  const timeout = g('settle-timeout');
  const settleTimeoutUs = timeout.missing ? defaults.settleTimeoutUs : timeout.durationUs();
  if (settleTimeoutUs <= 0) throw timeout.error('expected a positive duration');
  return { mode: g('mode').missing ? 'warm' : g('mode').oneOf(['warm', 'cold'] as const), order, startAfterUs, settleTimeoutUs };
}

/**
 * Host scheduling delays, off unless the scenario asks: `scheduling: on` (the
 * figures below) or `scheduling: { every: 250ms, min: 0.5ms, max: 4ms }`.
 * Off by default because nothing measured backs a figure: the rate of split
 * Sentinel votes it was meant to explain comes from Sentinel's config fsync
 * instead (src/sentinel, vote-window.test.ts), and with these delays on the
 * split-vote rate of conform-kill-master did not move (0-1 of 40 seeds).
 */
export const SCHEDULING_WHEN_ON: SchedulingDelays = { meanGapUs: 250_000, minUs: 500, maxUs: 4_000 };

function readScheduling(field: Field): SchedulingDelays | null {
  if (field.missing) return null;
  if (field.isScalar) return field.oneOf(['on', 'off'] as const) === 'on' ? SCHEDULING_WHEN_ON : null;
  const m = field.map(['every', 'min', 'max'], 'field');
  const g = (k: string) => field.get(m, k);
  const meanGapUs = g('every').missing ? SCHEDULING_WHEN_ON.meanGapUs : g('every').durationUs();
  const minUs = g('min').missing ? SCHEDULING_WHEN_ON.minUs : g('min').durationUs();
  const maxUs = g('max').missing ? SCHEDULING_WHEN_ON.maxUs : g('max').durationUs();
  if (meanGapUs < 1_000) throw g('every').error('expected at least 1ms between delays on average');
  if (maxUs < minUs) throw g('max').error('expected max >= min');
  if (maxUs > 1_000_000) throw g('max').error('expected at most 1s (a longer stall is a pause fault)');
  return { meanGapUs, minUs, maxUs };
}

function readSweep(field: Field): Scenario['sweep'] {
  if (field.missing) return null;
  const m = field.map(['seeds', 'vary'], 'field');
  const seeds = field.get(m, 'seeds');
  const varyField = field.get(m, 'vary').required();
  const vary = [...varyField.map()].map(([name, valuesField]) => {
    const path = settingPath(name);
    if (typeof path === 'string') throw valuesField.error(path);
    const values = valuesField.list().map((v) => v.configValue());
    if (values.length === 0) throw valuesField.error('expected a list of values, e.g. [1s, 5s, 30s]');
    return { name, values };
  });
  if (vary.length === 0) throw varyField.error('expected at least one setting to vary, e.g. down-after-milliseconds: [1s, 5s]');
  return { seeds: seeds.missing ? null : seeds.integer(1), vary };
}

function readConform(field: Field): Scenario['conform'] {
  if (field.missing) return { failoverToleranceUs: null, seeds: null };
  const m = field.map(['failover-time-tolerance', 'seeds'], 'field');
  const tolerance = field.get(m, 'failover-time-tolerance');
  const seeds = field.get(m, 'seeds');
  return { failoverToleranceUs: tolerance.missing ? null : tolerance.durationUs(), seeds: seeds.missing ? null : seeds.integer(1) };
}

/** Generated faults: at most one draw per 100 ms, at most 10,000 draws in a run. */
const MIN_GENERATOR_EVERY_US = 100_000;
const MAX_GENERATOR_DRAWS = 10_000;
const MAX_CLOCK_JUMP_US = 365 * 24 * 3_600_000_000;

function readGenerator(field: Field, durationUs: number): GeneratorSpec {
  const outer = field.map(['generate'], 'field');
  const g = field.get(outer, 'generate').required();
  const m = g.map([...FAULT_FAMILIES, 'every', 'from', 'min-duration', 'until'], 'generator field');
  const families: Partial<Record<FaultFamily, number>> = {};
  for (const family of FAULT_FAMILIES) {
    const p = g.get(m, family);
    if (p.missing) continue;
    const v = p.number();
    if (v < 0 || v > 1) throw p.error(`expected a probability between 0 and 1, got ${v}`);
    families[family] = v;
  }
  if (Object.keys(families).length === 0) throw g.error(`expected at least one fault family with a probability: ${FAULT_FAMILIES.join(', ')}`);
  const everyUs = g.get(m, 'every').missing ? 10_000_000 : g.get(m, 'every').durationUs();
  const minDurationUs = g.get(m, 'min-duration').missing ? 2_000_000 : g.get(m, 'min-duration').durationUs();
  const untilUs = g.get(m, 'until').missing ? Math.max(0, durationUs - 30_000_000) : g.get(m, 'until').durationUs();
  if (everyUs < MIN_GENERATOR_EVERY_US) throw g.get(m, 'every').error('expected at least 100ms between fault draws');
  const fromUs = g.get(m, 'from').missing ? everyUs : g.get(m, 'from').durationUs();
  if (untilUs > durationUs) throw g.get(m, 'until').error('expected a time within the duration');
  if (minDurationUs > durationUs) throw g.get(m, 'min-duration').error('expected a duration within the scenario\'s');
  const draws = Math.max(0, untilUs - fromUs) / everyUs;
  if (draws > MAX_GENERATOR_DRAWS) throw g.get(m, 'every').missing ? g.error(`${Math.round(draws).toLocaleString('en-US')} fault draws: at most ${MAX_GENERATOR_DRAWS.toLocaleString('en-US')} (make every longer)`) : g.get(m, 'every').error(`${Math.round(draws).toLocaleString('en-US')} fault draws between from and until: at most ${MAX_GENERATOR_DRAWS.toLocaleString('en-US')}`);
  return { families, everyUs, fromUs, minDurationUs, untilUs };
}

function readSwarm(field: Field, sentinel: Scenario['sentinel']): SwarmRanges | null {
  if (field.missing) return null;
  const em = field.map(['swarm'], 'field');
  const sw = field.get(em, 'swarm');
  if (sw.missing) return null;
  const m = sw.map(['quorum', 'down-after-milliseconds', 'min-replicas-to-write', 'repl-backlog-size', 'persistence'], 'swarm knob');
  const range = (key: string, read: (f: Field) => number): [number, number] | undefined => {
    const r = sw.get(m, key);
    if (r.missing) return undefined;
    const items = r.list();
    if (items.length !== 2) throw r.error('expected [low, high]');
    const low = read(items[0]!);
    const high = read(items[1]!);
    if (high < low) throw items[1]!.error('expected high >= low');
    return [low, high];
  };
  const quorum = range('quorum', (x) => x.integer(1));
  if (quorum && sentinel && quorum[1] > sentinel.names.length) throw sw.get(m, 'quorum').error(`expected at most ${sentinel.names.length} (the number of Sentinels)`);
  const persistenceField = sw.get(m, 'persistence');
  const persistence = persistenceField.missing ? undefined : persistenceField.list().map((x) => x.oneOf(['none', 'rdb', 'aof'] as const));
  const downAfterMs = range('down-after-milliseconds', (x) => x.integer(1));
  const minReplicasToWrite = range('min-replicas-to-write', (x) => x.integer(0));
  const replBacklogBytes = range('repl-backlog-size', (x) => x.sizeBytes());
  return {
    ...(quorum ? { quorum } : {}),
    ...(downAfterMs ? { downAfterMs } : {}),
    ...(minReplicasToWrite ? { minReplicasToWrite } : {}),
    ...(replBacklogBytes ? { replBacklogBytes } : {}),
    ...(persistence ? { persistence } : {}),
  };
}

function suggest(name: string, known: readonly string[]): string {
  const guess = didYouMean(name, known);
  return guess ? `; did you mean "${guess}"?` : '';
}

function readRedisConfig(field: Field): ConfigSettings {
  const out: ConfigSettings = {};
  const names = knownConfigNames();
  for (const [name, value] of field.map(names, 'redis.conf setting')) {
    const text = value.configValue();
    // replicaof names a node: `replicaof: m1` means m1's port 6379.
    const setting = name === 'replicaof' || name === 'slaveof' ? (/\s/.test(text) ? text : `${text} 6379`) : text;
    try {
      applyConfigSetting(defaultRedisConfig(), name, setting === '""' && name !== 'save' ? '' : setting);
    } catch (e) {
      throw value.error(e instanceof ConfigError ? e.message : String(e));
    }
    out[name] = setting;
  }
  return out;
}

function readLatency(field: Field): LatencySpec {
  const m = field.map(['distribution', 'min', 'max', 'mean', 'value'], 'field');
  const g = (k: string) => field.get(m, k);
  const distribution = g('distribution').required().oneOf(['constant', 'uniform', 'exponential'] as const);
  if (distribution === 'constant') return { distribution, us: g('value').required().durationUs() };
  if (distribution === 'uniform') {
    const minUs = g('min').required().durationUs();
    const maxUs = g('max').required().durationUs();
    if (maxUs < minUs) throw g('max').error('expected max >= min');
    return { distribution, minUs, maxUs };
  }
  return { distribution, minUs: g('min').missing ? 0 : g('min').durationUs(), meanUs: g('mean').required().durationUs() };
}

function readClient(field: Field, redis: Record<string, ConfigSettings>, sentinel: Scenario['sentinel']): Scenario['clients'][string] {
  const m = field.map(['discovery', 'address', 'sentinels', 'master-name', 'timeout', 'connect-timeout', 'per-op', 'subscribe', 'read-from-replicas'], 'client field');
  const g = (k: string) => field.get(m, k);
  const kind = g('discovery').required().oneOf(['fixed', 'sentinel'] as const);
  const timeoutUs = g('timeout').missing ? 0 : g('timeout').durationUs();
  const connectTimeoutUs = g('connect-timeout').missing ? 0 : g('connect-timeout').durationUs();
  if (connectTimeoutUs === 0 && !g('connect-timeout').missing) throw g('connect-timeout').error('expected a time-out above 0');
  if (kind === 'fixed') {
    const addressField = g('address').required();
    const address = addressField.string();
    if (!(address in redis)) throw addressField.error(`no data node named "${address}"${suggest(address, Object.keys(redis))}`);
    return { discovery: { kind: 'fixed', address }, timeoutUs, connectTimeoutUs };
  }
  if (sentinel === null) throw g('discovery').error('sentinel discovery needs a `sentinel` section');
  const sentinelsField = g('sentinels');
  const sentinels = sentinelsField.missing ? sentinel.names : sentinelsField.list().map((s) => s.string());
  for (const [i, s] of sentinels.entries()) {
    if (!sentinel.names.includes(s)) throw sentinelsField.list()[i]!.error(`no Sentinel named "${s}"${suggest(s, sentinel.names)}`);
  }
  return {
    discovery: {
      kind: 'sentinel',
      sentinels,
      masterName: g('master-name').missing ? sentinel.monitor.name : g('master-name').string(),
      perOp: g('per-op').missing ? false : g('per-op').bool(),
      subscribe: g('subscribe').missing ? false : g('subscribe').bool(),
      readFromReplicas: g('read-from-replicas').missing ? false : g('read-from-replicas').bool(),
    },
    timeoutUs,
    connectTimeoutUs,
  };
}

/** The processes and boxes a fault in this scenario may name. */
export function faultTargets(scenario: Scenario): string[] {
  const processes = [...Object.keys(scenario.redis), ...(scenario.sentinel?.names ?? []), ...Object.keys(scenario.clients)];
  return [...processes, ...new Set(Object.values(scenario.hosts))];
}

/**
 * One fault given at run time (`redsim ctl fault '{ crash: m1, for: 10s }'`):
 * a scenario's fault step, whose `at` (default 0) counts from now. Errors
 * are ScenarioErrors naming `source`.
 */
export function parseFaultText(source: string, text: string, targets: readonly string[], hosts: Readonly<Record<string, string>> = {}): FaultStep {
  const { root } = Field.root(source, text);
  if (!root.isMap()) throw root.error('expected a fault, e.g. { crash: m1, for: 10s }');
  return readFault(root, targets, Infinity, true, hosts);
}

/** `hosts`: process → box, to tell when a partition puts one process on both sides. */
function readFault(field: Field, targets: readonly string[], durationUs: number, atOptional = false, hosts: Readonly<Record<string, string>> = {}): FaultStep {
  const m = field.map([...FAULT_KINDS, 'at', 'for', 'oneway', 'mode', 'wipe', 'jump', 'drift', 'latency', 'args'], 'fault field');
  const g = (k: string) => field.get(m, k);
  const kinds = FAULT_KINDS.filter((k) => m.has(k));
  if (kinds.length !== 1) throw field.error(kinds.length === 0 ? `expected one of ${FAULT_KINDS.join(', ')}` : `one fault per step (got ${kinds.join(' and ')})`);
  const kind = kinds[0]!;
  const atUs = atOptional && g('at').missing ? 0 : g('at').required().durationUs();
  if (atUs > durationUs) throw g('at').error('expected a time within the duration');
  const forUs = g('for').missing ? null : g('for').durationUs();
  const target = (k: string): string => {
    const t = g(k);
    const name = t.string();
    if (!targets.includes(name)) throw t.error(`no process or box named "${name}"${suggest(name, targets)}`);
    return name;
  };
  switch (kind) {
    case 'partition': {
      const groupsField = g('partition');
      const groups = groupsField.list().map((group) => {
        const names = group.names();
        for (const n of names) if (!targets.includes(n)) throw group.error(`no process or box named "${n}"${suggest(n, targets)}`);
        return names;
      });
      if (groups.length < 2) throw groupsField.error('expected at least two groups, e.g. [[box1], [box2, box3]]');
      // A process belongs to a group that names it or its box: it may be in one group only.
      const groupOf = new Map<string, { group: number; as: string }>();
      const processesIn = (name: string) => [name, ...Object.keys(hosts).filter((p) => hosts[p] === name)];
      groups.forEach((group, g) => {
        for (const name of group) {
          for (const p of processesIn(name)) {
            const seen = groupOf.get(p);
            if (seen !== undefined && seen.group !== g) throw groupsField.list()[g]!.error(`"${p}" would be on both sides: it is in group ${seen.group + 1} (as ${seen.as}) and in group ${g + 1} (as ${name})`);
            if (seen === undefined) groupOf.set(p, { group: g, as: name });
          }
        }
      });
      return { kind, atUs, groups, oneway: g('oneway').missing ? false : g('oneway').bool(), mode: g('mode').missing ? 'drop' : g('mode').oneOf(['drop', 'reject'] as const), forUs };
    }
    case 'heal': {
      const v = g('heal');
      if (v.configValue() !== 'all') throw v.error(`expected all, got "${v.configValue()}"`);
      return { kind, atUs };
    }
    case 'crash':
    case 'power-off':
    case 'pause':
      return { kind, atUs, target: target(kind), forUs };
    case 'restart':
      return { kind, atUs, target: target('restart'), wipe: g('wipe').missing ? false : g('wipe').bool() };
    case 'resume':
      return { kind, atUs, target: target('resume') };
    case 'clock': {
      const t = target('clock');
      if (!g('jump').missing) {
        const j = g('jump');
        const text = j.configValue();
        const negative = text.startsWith('-');
        const jumpUs = negative ? -Field_duration(j, text.slice(1)) : j.durationUs();
        if (Math.abs(jumpUs) > MAX_CLOCK_JUMP_US) throw j.error('expected a jump of at most a year either way');
        return { kind: 'clock-jump', atUs, target: t, jumpUs };
      }
      if (!g('drift').missing) {
        // A clock that stops (-1) or runs backwards is not a clock; ten times fast is plenty.
        const drift = g('drift').number();
        if (!(drift >= -0.9 && drift <= 10)) throw g('drift').error(`expected a drift between -0.9 and 10 (0.01 = 1% fast), got ${drift}`);
        return { kind: 'clock-drift', atUs, target: t, drift };
      }
      throw field.error('a clock fault needs `jump: 3s` or `drift: 0.01`');
    }
    case 'slow': {
      const names = g('slow').names();
      for (const n of names) if (!targets.includes(n)) throw g('slow').error(`no process or box named "${n}"${suggest(n, targets)}`);
      return { kind, atUs, targets: names, latencyUs: g('latency').required().durationUs(), forUs };
    }
    default: {
      const t = target('command');
      const args = g('args').required().list().map((a) => a.configValue());
      return { kind: 'command', atUs, target: t, args };
    }
  }
}

/** A negative duration like `-3s`. */
function Field_duration(field: Field, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)$/.exec(text.trim());
  if (m === null) throw field.error(`expected a duration such as 3s or -3s, got "${text}"`);
  const units: Record<string, number> = { us: 1, ms: 1e3, s: 1e6, m: 6e7, h: 3.6e9 };
  return Math.round(Number(m[1]) * units[m[2]!]!);
}

function readExpect(field: Field, redis: Record<string, ConfigSettings>, durationUs: number): Expectations {
  const out: Expectations = {};
  const m = field.map(['failover', 'no-failover', 'final', 'events', 'checkers', 'invariants'], 'expectation');
  const g = (k: string) => field.get(m, k);
  if (!g('failover').missing) {
    const fm = g('failover').map(['within'], 'field');
    out.failoverWithinUs = g('failover').get(fm, 'within').required().durationUs();
  }
  if (!g('no-failover').missing) out.noFailover = g('no-failover').bool();
  if (!g('final').missing) {
    const final = g('final');
    const fm = final.map(['master', 'roles'], 'field');
    const masterField = final.get(fm, 'master');
    if (!masterField.missing) {
      let masters: string[];
      if (masterField.isMap()) {
        const mm = masterField.map(['one-of'], 'field');
        masters = masterField.get(mm, 'one-of').required().list().map((x) => x.string());
      } else masters = [masterField.string()];
      for (const name of masters) if (!(name in redis)) throw masterField.error(`no data node named "${name}"${suggest(name, Object.keys(redis))}`);
      out.finalMaster = masters;
    }
    const rolesField = final.get(fm, 'roles');
    if (!rolesField.missing) {
      out.finalRoles = {};
      for (const [node, role] of rolesField.map(Object.keys(redis), 'data node')) out.finalRoles[node] = role.oneOf(['master', 'replica'] as const);
    }
  }
  if (!g('events').missing) out.events = g('events').list().map((e) => e.string());
  if (!g('invariants').missing) out.invariants = g('invariants').bool();
  if (!g('checkers').missing) {
    const c = g('checkers');
    const cm = c.map(['lost-writes', 'split-brain', 'convergence', 'linearizable', 'availability'], 'checker');
    const lw = c.get(cm, 'lost-writes');
    if (!lw.missing) {
      const lm = lw.map(['min', 'max'], 'field');
      out.lostWrites = {};
      if (!lw.get(lm, 'min').missing) out.lostWrites.min = lw.get(lm, 'min').integer(0);
      if (!lw.get(lm, 'max').missing) out.lostWrites.max = lw.get(lm, 'max').integer(0);
    }
    if (!c.get(cm, 'split-brain').missing) out.splitBrain = c.get(cm, 'split-brain').bool();
    const conv = c.get(cm, 'convergence');
    if (!conv.missing) {
      const vm = conv.map(['within', 'not-within'], 'field');
      const within = conv.get(vm, 'within');
      const notWithin = conv.get(vm, 'not-within');
      if (within.missing === notWithin.missing) throw conv.error('expected exactly one of within or not-within');
      const bound = within.missing ? notWithin : within;
      const boundUs = bound.durationUs();
      if (boundUs > durationUs) throw bound.error('expected a time within the duration');
      if (within.missing) out.convergenceNotWithinUs = boundUs;
      else out.convergenceWithinUs = boundUs;
    }
    const lin = c.get(cm, 'linearizable');
    if (!lin.missing) out.linearizable = lin.configValue() === 'unknown' ? 'unknown' : lin.bool();
    const av = c.get(cm, 'availability');
    if (!av.missing) {
      const am = av.map(['max-gap'], 'field');
      const gap = av.get(am, 'max-gap').required();
      const gapUs = gap.durationUs();
      if (gapUs <= 0) throw gap.error('expected a time above 0');
      out.availabilityMaxGapUs = gapUs;
    }
  }
  return out;
}

export { ScenarioError };
