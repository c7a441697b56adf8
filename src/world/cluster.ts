// Builds a simulated cluster: data nodes whose redis.conf is written to their
// own disks, Sentinels with their sentinel.conf, on hosts (boxes) of a
// network. The scenario layer builds on this; tests and benchmarks use it
// directly. The returned registry always points at each process's current
// program (a restart builds a new one).

import { Simulation } from '../sim/simulation.js';
import type { Seed } from '../sim/rng.js';
import type { TraceKeep } from '../sim/trace.js';
import { Network, type NetworkOptions } from '../net/network.js';
import { CONFIG_FILE, RedisServer, redisServer, type RedisTiming } from '../redis/server.js';
import { SENTINEL_CONFIG_FILE, Sentinel, sentinelServer } from '../sentinel/sentinel.js';

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
}

export interface Cluster {
  sim: Simulation;
  net: Network;
  redis: Map<string, RedisServer>;
  sentinels: Map<string, Sentinel>;
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
  const cluster: Cluster = { sim, net, redis: new Map(), sentinels: new Map() };
  const hostOf = (name: string) => (spec.hosts?.[name] ? { host: spec.hosts[name] } : {});
  const makeRedis = redisServer(spec.timing);
  for (const [name, settings] of Object.entries(spec.redis)) {
    const process = net.addProcess(
      name,
      (ctx) => {
        const server = makeRedis(ctx) as RedisServer;
        cluster.redis.set(name, server);
        return server;
      },
      hostOf(name),
    );
    process.disk.write(CONFIG_FILE, redisConfText(settings));
  }
  if (spec.sentinel) {
    const makeSentinel = sentinelServer();
    for (const name of spec.sentinel.names) {
      const process = net.addProcess(
        name,
        (ctx) => {
          const sentinel = makeSentinel(ctx) as Sentinel;
          cluster.sentinels.set(name, sentinel);
          return sentinel;
        },
        hostOf(name),
      );
      process.disk.write(SENTINEL_CONFIG_FILE, sentinelConfText(spec.sentinel));
    }
  }
  return cluster;
}
