// redis.conf settings the simulated server honours: real names, Redis 7.0
// defaults, Redis's own units (`1mb`, `save 900 1 300 10`, yes/no), the old
// slave-* aliases, and CONFIG GET / CONFIG SET semantics (canonical values
// back, glob patterns, the same errors). Settings outside this list are
// refused, so a scenario never silently runs with a setting we ignore.

import { compileGlob } from '../protocol/glob.js';

export interface SavePoint {
  readonly seconds: number;
  readonly changes: number;
}

export type AppendFsync = 'always' | 'everysec' | 'no';
export type DisklessLoad = 'disabled' | 'on-empty-db' | 'swapdb';

export interface RedisConfig {
  port: number;
  requirepass: string;
  masterauth: string;
  masteruser: string;
  /** `host port`, or null for a master. */
  replicaof: { host: string; port: number } | null;
  save: SavePoint[];
  appendonly: boolean;
  appendfsync: AppendFsync;
  appendfilename: string;
  appenddirname: string;
  /** auto-aof-rewrite-percentage: rewrite when the AOF grew this much over its base (0: never). */
  autoAofRewritePercentage: number;
  autoAofRewriteMinSizeBytes: number;
  /** aof-use-rdb-preamble: the base file is an RDB (else a command log). */
  aofUseRdbPreamble: boolean;
  dbfilename: string;
  replBacklogSizeBytes: number;
  replBacklogTtlSeconds: number;
  replTimeoutSeconds: number;
  replPingReplicaPeriodSeconds: number;
  replDisklessSync: boolean;
  replDisklessSyncDelaySeconds: number;
  replDisklessSyncMaxReplicas: number;
  replDisklessLoad: DisklessLoad;
  replicaServeStaleData: boolean;
  replicaReadOnly: boolean;
  replicaPriority: number;
  replicaAnnounced: boolean;
  replicaAnnounceIp: string;
  replicaAnnouncePort: number;
  minReplicasToWrite: number;
  minReplicasMaxLagSeconds: number;
  shutdownTimeoutSeconds: number;
  hz: number;
}

export function defaultRedisConfig(): RedisConfig {
  return {
    port: 6379,
    requirepass: '',
    masterauth: '',
    masteruser: '',
    replicaof: null,
    save: [
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ],
    appendonly: false,
    appendfsync: 'everysec',
    appendfilename: 'appendonly.aof',
    appenddirname: 'appendonlydir',
    autoAofRewritePercentage: 100,
    autoAofRewriteMinSizeBytes: 64 * 1024 * 1024,
    aofUseRdbPreamble: true,
    dbfilename: 'dump.rdb',
    replBacklogSizeBytes: 1024 * 1024,
    replBacklogTtlSeconds: 3600,
    replTimeoutSeconds: 60,
    replPingReplicaPeriodSeconds: 10,
    replDisklessSync: true,
    replDisklessSyncDelaySeconds: 5,
    replDisklessSyncMaxReplicas: 0,
    replDisklessLoad: 'disabled',
    replicaServeStaleData: true,
    replicaReadOnly: true,
    replicaPriority: 100,
    replicaAnnounced: true,
    replicaAnnounceIp: '',
    replicaAnnouncePort: 0,
    minReplicasToWrite: 0,
    minReplicasMaxLagSeconds: 10,
    shutdownTimeoutSeconds: 10,
    hz: 10,
  };
}

/** Thrown for a bad name or value; `message` is Redis's wording where it has one. */
export class ConfigError extends Error {}

interface Setting {
  readonly name: string;
  readonly aliases?: readonly string[];
  get(c: RedisConfig): string;
  set(c: RedisConfig, value: string): void;
  /** Only settable at startup (CONFIG SET refuses it). */
  readonly immutable?: boolean;
}

// ---- value parsers (Redis's own forms) -------------------------------------------

/** Redis memtoll: `1mb` = 1048576, `1m` = 1000000, `1gb`, `1kb`, `1k`, plain bytes. */
export function parseMemoryBytes(value: string): number {
  const match = /^(-?\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(value.trim());
  if (!match) throw new ConfigError('argument must be a memory value');
  const units: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]!;
}

function parseYesNo(value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'yes') return true;
  if (v === 'no') return false;
  throw new ConfigError('argument must be \'yes\' or \'no\'');
}

function parseInteger(value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value.trim())) throw new ConfigError('argument couldn\'t be parsed into an integer');
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
  return n;
}

function parseEnum<T extends string>(value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase() as T;
  if (!allowed.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${allowed.join(', ')}`);
  return v;
}

/** `900 1 300 10` or `""` (no save points). */
export function parseSavePoints(value: string): SavePoint[] {
  const words = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (words.length === 1 && (words[0] === '""' || words[0] === "''")) return [];
  if (words.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  const points: SavePoint[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const seconds = Number(words[i]);
    const changes = Number(words[i + 1]);
    if (!Number.isInteger(seconds) || !Number.isInteger(changes) || seconds < 1 || changes < 0) {
      throw new ConfigError('Invalid save parameters');
    }
    points.push({ seconds, changes });
  }
  return points;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function bool(name: string, key: keyof RedisConfig, aliases?: string[]): Setting {
  return {
    name,
    ...(aliases ? { aliases } : {}),
    get: (c) => yesNo(c[key] as boolean),
    set: (c, v) => ((c[key] as boolean) = parseYesNo(v)),
  };
}

function int(name: string, key: keyof RedisConfig, min: number, max: number, aliases?: string[], immutable = false): Setting {
  return {
    name,
    ...(aliases ? { aliases } : {}),
    immutable,
    get: (c) => String(c[key]),
    set: (c, v) => ((c[key] as number) = parseInteger(v, min, max)),
  };
}

function str(name: string, key: keyof RedisConfig, immutable = false): Setting {
  return { name, immutable, get: (c) => String(c[key]), set: (c, v) => ((c[key] as string) = v) };
}

const INT_MAX = 2 ** 31 - 1;

const SETTINGS: readonly Setting[] = [
  int('port', 'port', 0, 65535, undefined, true),
  str('requirepass', 'requirepass'),
  str('masterauth', 'masterauth'),
  str('masteruser', 'masteruser'),
  {
    name: 'replicaof',
    aliases: ['slaveof'],
    immutable: true,
    get: (c) => (c.replicaof ? `${c.replicaof.host} ${c.replicaof.port}` : ''),
    set: (c, v) => {
      const words = v.trim().split(/\s+/);
      if (v.trim() === '' || (words.length === 2 && words[0]!.toLowerCase() === 'no' && words[1]!.toLowerCase() === 'one')) {
        c.replicaof = null;
        return;
      }
      if (words.length !== 2) throw new ConfigError('replicaof expects "<host> <port>"');
      c.replicaof = { host: words[0]!, port: parseInteger(words[1]!, 0, 65535) };
    },
  },
  {
    name: 'save',
    get: (c) => c.save.map((p) => `${p.seconds} ${p.changes}`).join(' '),
    set: (c, v) => (c.save = parseSavePoints(v)),
  },
  bool('appendonly', 'appendonly'),
  {
    name: 'appendfsync',
    get: (c) => c.appendfsync,
    set: (c, v) => (c.appendfsync = parseEnum(v, ['always', 'everysec', 'no'] as const)),
  },
  str('appendfilename', 'appendfilename', true),
  str('appenddirname', 'appenddirname', true),
  int('auto-aof-rewrite-percentage', 'autoAofRewritePercentage', 0, INT_MAX),
  {
    name: 'auto-aof-rewrite-min-size',
    get: (c) => String(c.autoAofRewriteMinSizeBytes),
    set: (c, v) => (c.autoAofRewriteMinSizeBytes = parseMemoryBytes(v)),
  },
  bool('aof-use-rdb-preamble', 'aofUseRdbPreamble'),
  str('dbfilename', 'dbfilename'),
  {
    name: 'repl-backlog-size',
    get: (c) => String(c.replBacklogSizeBytes),
    set: (c, v) => (c.replBacklogSizeBytes = Math.max(16 * 1024, parseMemoryBytes(v))),
  },
  int('repl-backlog-ttl', 'replBacklogTtlSeconds', 0, INT_MAX),
  int('repl-timeout', 'replTimeoutSeconds', 1, INT_MAX),
  int('repl-ping-replica-period', 'replPingReplicaPeriodSeconds', 1, INT_MAX, ['repl-ping-slave-period']),
  bool('repl-diskless-sync', 'replDisklessSync'),
  int('repl-diskless-sync-delay', 'replDisklessSyncDelaySeconds', 0, INT_MAX),
  int('repl-diskless-sync-max-replicas', 'replDisklessSyncMaxReplicas', 0, INT_MAX),
  {
    name: 'repl-diskless-load',
    get: (c) => c.replDisklessLoad,
    set: (c, v) => (c.replDisklessLoad = parseEnum(v, ['disabled', 'on-empty-db', 'swapdb'] as const)),
  },
  bool('replica-serve-stale-data', 'replicaServeStaleData', ['slave-serve-stale-data']),
  bool('replica-read-only', 'replicaReadOnly', ['slave-read-only']),
  int('replica-priority', 'replicaPriority', 0, INT_MAX, ['slave-priority']),
  bool('replica-announced', 'replicaAnnounced'),
  str('replica-announce-ip', 'replicaAnnounceIp'),
  int('replica-announce-port', 'replicaAnnouncePort', 0, 65535, ['slave-announce-port']),
  int('min-replicas-to-write', 'minReplicasToWrite', 0, INT_MAX, ['min-slaves-to-write']),
  int('min-replicas-max-lag', 'minReplicasMaxLagSeconds', 0, INT_MAX, ['min-slaves-max-lag']),
  int('shutdown-timeout', 'shutdownTimeoutSeconds', 0, INT_MAX),
  int('hz', 'hz', 1, 500),
];

const BY_NAME = new Map<string, Setting>();
for (const s of SETTINGS) {
  BY_NAME.set(s.name, s);
  for (const a of s.aliases ?? []) BY_NAME.set(a, s);
}

/** Every config name we accept (canonical names and aliases), for "did you mean". */
export function knownConfigNames(): string[] {
  return [...BY_NAME.keys()];
}

export function isKnownConfigName(name: string): boolean {
  return BY_NAME.has(name.toLowerCase());
}

/** Apply one setting at startup (a redis.conf line or a scenario value). */
export function applyConfigSetting(config: RedisConfig, name: string, value: string): void {
  const setting = BY_NAME.get(name.toLowerCase());
  if (setting === undefined) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
  setting.set(config, value);
}

/** CONFIG SET name value [name value ...]: all or nothing, as Redis 7 does it. */
export function configSet(config: RedisConfig, pairs: readonly string[]): void {
  const staged = structuredClone(config);
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!;
    const setting = BY_NAME.get(name.toLowerCase());
    if (setting === undefined) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    if (setting.immutable) throw new ConfigError(`CONFIG SET failed (possibly related to argument '${name}') - can't set immutable config`);
    try {
      setting.set(staged, pairs[i + 1]!);
    } catch (e) {
      const why = e instanceof ConfigError ? e.message : String(e);
      throw new ConfigError(`CONFIG SET failed (possibly related to argument '${name}') - ${why}`);
    }
  }
  Object.assign(config, staged);
}

/** CONFIG GET pattern [pattern ...]: [name, value] pairs, canonical names, each once. */
export function configGet(config: RedisConfig, patterns: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const exact = BY_NAME.get(pattern.toLowerCase());
    const matches: Setting[] = exact && !/[*?[]/.test(pattern) ? [exact] : SETTINGS.filter((s) => compileGlob(pattern, true)(s.name));
    for (const s of matches) {
      const name = exact && !/[*?[]/.test(pattern) ? pattern.toLowerCase() : s.name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push([name, s.get(config)]);
    }
  }
  return out;
}

/** The config as redis.conf lines (CONFIG REWRITE writes this to disk). */
export function renderConfigFile(config: RedisConfig): string {
  const lines: string[] = [];
  for (const s of SETTINGS) {
    const value = s.get(config);
    if (s.name === 'save') lines.push(value === '' ? 'save ""' : `save ${value}`);
    else if (s.name === 'replicaof') {
      if (value !== '') lines.push(`replicaof ${value}`);
    } else lines.push(`${s.name} ${value === '' ? '""' : value}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Parse a redis.conf: `name value...` per line, `#` comments, `""` for empty.
 * Unknown names are errors (a scenario must never run on a setting we ignore).
 */
export function parseConfigFile(text: string): RedisConfig {
  const config = defaultRedisConfig();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const space = line.search(/\s/);
    const name = space < 0 ? line : line.slice(0, space);
    let value = space < 0 ? '' : line.slice(space + 1).trim();
    if (value === '""' && name.toLowerCase() !== 'save') value = '';
    try {
      applyConfigSetting(config, name, value);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new ConfigError(`redis.conf line ${index + 1} (${name}): ${why}`);
    }
  });
  return config;
}
