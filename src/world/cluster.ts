// Builds a simulated cluster: data nodes whose redis.conf is written to their
// own disks, Sentinels with their sentinel.conf, on hosts (boxes) of a
// network. The scenario layer builds on this; tests and benchmarks use it
// directly. The returned registry always points at each process's current
// program (a restart builds a new one).

import { Simulation } from '../sim/simulation.js';
import type { Seed } from '../sim/rng.js';
import type { TraceKeep } from '../sim/trace.js';
import { Network, type NetworkOptions } from '../net/network.js';
import type { Actor, ActorFactory } from '../net/actor.js';
import type { BootTime, SchedulingDelays } from '../net/process.js';
import { CONFIG_FILE, RedisServer, redisServer, type RedisTiming } from '../redis/server.js';
import { SENTINEL_CONFIG_FILE, Sentinel, sentinelServer } from '../sentinel/sentinel.js';
import { History } from '../sim/history.js';
import { ClientProcess, clientProcess, type ClientSpec } from '../client/client.js';
import { Probe } from './probe.js';
import type { BootModel } from './start.js';

/** redis.conf or sentinel.conf settings by their real names. */
export type ConfigSettings = Record<string, string | number>;

export interface SentinelSpec {
  names: string[];
  /** `sentinel monitor <name> <master> <port> <quorum>` */
  monitor: { name: string; master: string; quorum: number; port?: number };
  /** Per-master settings (`down-after-milliseconds`, `failover-timeout`, ...). */
  config?: ConfigSettings;
  port?: number;
}

export interface ClusterSpec {
  seed: Seed;
  traceKeep?: TraceKeep;
  network?: NetworkOptions;
  /** Which box each process runs on; others get a box of their own. */
  hosts?: Record<string, string>;
  /** Data nodes and their redis.conf settings (`save ""` unless given). */
  redis: Record<string, ConfigSettings>;
  sentinel?: SentinelSpec;
  timing?: Partial<RedisTiming>;
  /** How long processes take to boot (start.ts); absent: they run the instant they start. */
  boot?: BootModel;
  /** Client processes and what they do (`index` is assigned in this order). */
  clients?: Record<string, Omit<ClientSpec, 'index'>>;
  /** Host scheduling delays of the servers, Sentinels and clients (not the probe); absent: none. */
  schedulingDelays?: SchedulingDelays;
}

export interface Cluster {
  sim: Simulation;
  net: Network;
  redis: Map<string, RedisServer>;
  sentinels: Map<string, Sentinel>;
  clients: Map<string, ClientProcess>;
  history: History;
  /** The observer that records `probe` rounds (see probe.ts). */
  probe: () => Probe;
}

export function redisConfText(settings: ConfigSettings): string {
  return Object.entries({ save: '""', ...settings })
    .map(([k, v]) => `${k} ${v}`)
    .join('\n') + '\n';
}

export function sentinelConfText(spec: SentinelSpec): string {
  const m = spec.monitor;
  const lines = [`port ${spec.port ?? 26379}`, `sentinel monitor ${m.name} ${m.master} ${m.port ?? 6379} ${m.quorum}`];
  for (const [k, v] of Object.entries(spec.config ?? {})) lines.push(`sentinel ${k} ${m.name} ${v}`);
  return lines.join('\n') + '\n';
}

export function buildCluster(spec: ClusterSpec): Cluster {
  const sim = new Simulation({ seed: spec.seed, traceKeep: spec.traceKeep ?? 'all' });
  const net = new Network(sim, spec.network ?? {});
  let probe: Probe | null = null;
  const cluster: Cluster = {
    sim,
    net,
    redis: new Map(),
    sentinels: new Map(),
    clients: new Map(),
    history: new History(sim),
    probe: () => probe!,
  };
  const hostOf = (name: string) => (spec.hosts?.[name] ? { host: spec.hosts[name] } : {});
  /** A server process that registers its actor in the cluster and finds its config file on its disk. */
  const addServer = <T extends Actor>(name: string, make: ActorFactory, into: Map<string, T>, configFile: string, configText: string, bootTime: BootTime | undefined) => {
    const process = net.addProcess(
      name,
      (ctx) => {
        const server = make(ctx) as T;
        into.set(name, server);
        return server;
      },
      hostOf(name),
    );
    process.disk.write(configFile, configText);
    process.bootTime = bootTime ?? null;
    process.schedulingDelays = spec.schedulingDelays ?? null;
  };
  const makeRedis = redisServer(spec.timing);
  for (const [name, settings] of Object.entries(spec.redis)) addServer(name, makeRedis, cluster.redis, CONFIG_FILE, redisConfText(settings), spec.boot?.redisServer);
  if (spec.sentinel) {
    const makeSentinel = sentinelServer();
    for (const name of spec.sentinel.names) addServer(name, makeSentinel, cluster.sentinels, SENTINEL_CONFIG_FILE, sentinelConfText(spec.sentinel), spec.boot?.sentinel);
  }
  Object.entries(spec.clients ?? {}).forEach(([name, clientSpec], index) => {
    const process = net.addProcess(
      name,
      clientProcess({ ...clientSpec, index: index + 1 }, cluster.history, sim, (client) => cluster.clients.set(name, client)),
      hostOf(name),
    );
    process.bootTime = spec.boot?.client ?? null;
    process.schedulingDelays = spec.schedulingDelays ?? null;
  });
  const passwords = Object.create(null) as Record<string, string>;
  for (const [node, settings] of Object.entries(spec.redis)) if (settings['requirepass'] !== undefined) passwords[node] = String(settings['requirepass']);
  const targets = {
    redis: Object.keys(spec.redis),
    passwords,
    sentinels: spec.sentinel?.names ?? [],
    masterName: spec.sentinel?.monitor.name ?? '',
  };
  net.addProcess('probe', (ctx) => (probe = new Probe(ctx, targets, 1_000_000)));
  return cluster;
}
