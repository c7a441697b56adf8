// sentinel.conf: what a Sentinel loads at startup and what its CONFIG REWRITE
// writes back (sentinel.c sentinelHandleConfiguration and
// rewriteConfigSentinelOption, Redis 7.0/7.2 — identical apart from 7.2
// replacing an existing `known-slave` line in place). The rewrite keeps
// nothing of an earlier file here: the simulator's file holds only what
// Sentinel itself manages, so render() is the whole file.
//
// Loading follows Redis's three-pass order: myid/current-epoch/announce/auth/
// hostname options first, then every `sentinel monitor`, then the rest, so a
// per-master option is accepted wherever it appears as long as its master is
// monitored somewhere in the file; an option for a master that is never
// monitored fails with Redis's "No such master with specified name.".

import { ConfigError } from '../redis/config.js';
import { FAILOVER_STATES, type SentinelInstance } from './instance.js';

export { ConfigError };

export type SentinelLogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';

export interface SentinelMasterConfig {
  name: string;
  host: string;
  port: number;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  authPass: string;
  authUser: string;
  masterRebootDownAfterPeriodMs: number;
  configEpoch: number;
  leaderEpoch: number;
  knownReplicas: { host: string; port: number }[];
  knownSentinels: { host: string; port: number; runId: string }[];
}

export interface SentinelConfig {
  port: number;
  /** 40 hex characters; null until generated (first start). */
  myid: string | null;
  currentEpoch: number;
  /** '' = not set. */
  announceIp: string;
  /** 0 = not set. */
  announcePort: number;
  denyScriptsReconfig: boolean;
  resolveHostnames: boolean;
  announceHostnames: boolean;
  /** '' = not set. */
  sentinelUser: string;
  sentinelPass: string;
  loglevel: SentinelLogLevel;
  masters: SentinelMasterConfig[];
}

export const SENTINEL_DEFAULT_PORT = 26379;
export const DEFAULT_DOWN_AFTER_MS = 30_000;
export const DEFAULT_FAILOVER_TIMEOUT_MS = 180_000;
export const DEFAULT_PARALLEL_SYNCS = 1;
const RUN_ID_LENGTH = 40;
const LOG_LEVELS: readonly SentinelLogLevel[] = ['debug', 'verbose', 'notice', 'warning', 'nothing'];

export function defaultSentinelConfig(): SentinelConfig {
  return {
    port: SENTINEL_DEFAULT_PORT,
    myid: null,
    currentEpoch: 0,
    announceIp: '',
    announcePort: 0,
    denyScriptsReconfig: true,
    resolveHostnames: false,
    announceHostnames: false,
    sentinelUser: '',
    sentinelPass: '',
    loglevel: 'notice',
    masters: [],
  };
}

/** A master entry with Sentinel's defaults, as `sentinel monitor` creates it. */
export function defaultMasterConfig(name: string, host: string, port: number, quorum: number): SentinelMasterConfig {
  return {
    name,
    host,
    port,
    quorum,
    downAfterMs: DEFAULT_DOWN_AFTER_MS,
    failoverTimeoutMs: DEFAULT_FAILOVER_TIMEOUT_MS,
    parallelSyncs: DEFAULT_PARALLEL_SYNCS,
    authPass: '',
    authUser: '',
    masterRebootDownAfterPeriodMs: 0,
    configEpoch: 0,
    leaderEpoch: 0,
    knownReplicas: [],
    knownSentinels: [],
  };
}

// ---------------------------------------------------------------------------
// Directives

/** Loaded in the first pass (sentinel.c preMonitorCfgName). */
const PRE_MONITOR = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

const SENTINEL_SUBDIRECTIVES = [
  'monitor',
  'down-after-milliseconds',
  'failover-timeout',
  'parallel-syncs',
  'notification-script',
  'client-reconfig-script',
  'auth-pass',
  'auth-user',
  'master-reboot-down-after-period',
  'config-epoch',
  'leader-epoch',
  'known-replica',
  'known-slave',
  'known-sentinel',
  'myid',
  'current-epoch',
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'resolve-hostnames',
  'announce-hostnames',
  'sentinel-user',
  'sentinel-pass',
] as const;

/** Every directive a sentinel.conf may contain here, for "did you mean". */
export function knownSentinelDirectives(): string[] {
  return ['port', 'loglevel', ...SENTINEL_SUBDIRECTIVES.map((name) => `sentinel ${name}`)];
}

// ---------------------------------------------------------------------------
// Parsing

interface QueuedLine {
  readonly lineNumber: number;
  /** The words after `sentinel`. */
  readonly argv: readonly string[];
}

/**
 * Parse a sentinel.conf. Throws ConfigError `sentinel.conf line N (directive): why`,
 * with Redis's own wording for `why` where Redis has one.
 */
export function parseSentinelConfig(text: string): SentinelConfig {
  const config = defaultSentinelConfig();
  const pre: QueuedLine[] = [];
  const monitors: QueuedLine[] = [];
  const post: QueuedLine[] = [];

  text.split('\n').forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let argv: string[];
    try {
      argv = splitArgs(line);
    } catch (e) {
      throw lineError(lineNumber, line.split(/\s+/)[0] ?? '', e);
    }
    if (argv.length === 0) return;
    const directive = argv[0]!.toLowerCase();
    const fail = (why: string): never => {
      throw new ConfigError(`sentinel.conf line ${lineNumber} (${directive}): ${why}`);
    };
    if (directive === 'port') {
      if (argv.length !== 2) fail('wrong number of arguments');
      config.port = parseStrictInteger(argv[1]!, 0, 65535) ?? fail(`invalid port '${argv[1]}'`);
    } else if (directive === 'loglevel') {
      if (argv.length !== 2) fail('wrong number of arguments');
      const level = argv[1]!.toLowerCase() as SentinelLogLevel;
      if (!LOG_LEVELS.includes(level)) fail(`argument(s) must be one of the following: ${LOG_LEVELS.join(', ')}`);
      config.loglevel = level;
    } else if (directive === 'sentinel') {
      // Redis: a bare `sentinel` line only switches sentinel mode on (main() handles it).
      if (argv.length === 1) return;
      const queued = { lineNumber, argv: argv.slice(1) };
      const sub = argv[1]!.toLowerCase();
      if (sub === 'monitor') monitors.push(queued);
      else if (PRE_MONITOR.has(sub)) pre.push(queued);
      else post.push(queued);
    } else {
      fail('Bad directive or wrong number of arguments');
    }
  });

  for (const queued of [...pre, ...monitors, ...post]) {
    const why = handleSentinelLine(config, queued.argv);
    if (why !== null) {
      throw new ConfigError(`sentinel.conf line ${queued.lineNumber} (sentinel ${queued.argv[0]!.toLowerCase()}): ${why}`);
    }
  }
  return config;
}

function lineError(lineNumber: number, directive: string, e: unknown): ConfigError {
  const why = e instanceof Error ? e.message : String(e);
  return new ConfigError(`sentinel.conf line ${lineNumber} (${directive}): ${why}`);
}

/** One `sentinel ...` line, applied; returns Redis's error text or null. */
function handleSentinelLine(config: SentinelConfig, argv: readonly string[]): string | null {
  const name = argv[0]!.toLowerCase();
  const argc = argv.length;
  const master = (): SentinelMasterConfig | null => config.masters.find((m) => m.name === argv[1]) ?? null;
  const NO_MASTER = 'No such master with specified name.';

  switch (true) {
    case name === 'monitor' && argc === 5: {
      const quorum = parseStrictInteger(argv[4]!);
      if (quorum === null) return `invalid quorum '${argv[4]}'`;
      if (quorum <= 0) return 'Quorum must be 1 or greater.';
      const port = parseStrictInteger(argv[3]!);
      if (port === null || port < 0 || port > 65535) return 'Invalid port number.';
      if (master() !== null) return 'Duplicate master name.';
      config.masters.push(defaultMasterConfig(argv[1]!, argv[2]!, port, quorum));
      return null;
    }
    case name === 'down-after-milliseconds' && argc === 3:
    case name === 'failover-timeout' && argc === 3: {
      const m = master();
      if (m === null) return NO_MASTER;
      const ms = parseStrictInteger(argv[2]!);
      if (ms === null) return `invalid number '${argv[2]}'`;
      if (ms <= 0) return 'negative or zero time parameter.';
      if (name === 'down-after-milliseconds') m.downAfterMs = ms;
      else m.failoverTimeoutMs = ms;
      return null;
    }
    case name === 'parallel-syncs' && argc === 3: {
      const m = master();
      if (m === null) return NO_MASTER;
      // Redis takes any atoi() value here; we only insist on a number.
      const n = parseStrictInteger(argv[2]!);
      if (n === null) return `invalid number '${argv[2]}'`;
      m.parallelSyncs = n;
      return null;
    }
    case name === 'notification-script' && argc === 3:
      // The simulator runs no scripts, so every path is "not executable".
      return master() === null ? NO_MASTER : 'Notification script seems non existing or non executable.';
    case name === 'client-reconfig-script' && argc === 3:
      return master() === null ? NO_MASTER : 'Client reconfiguration script seems non existing or non executable.';
    case name === 'auth-pass' && argc === 3:
    case name === 'auth-user' && argc === 3: {
      const m = master();
      if (m === null) return NO_MASTER;
      if (name === 'auth-pass') m.authPass = argv[2]!;
      else m.authUser = argv[2]!;
      return null;
    }
    case name === 'master-reboot-down-after-period' && argc === 3: {
      const m = master();
      if (m === null) return NO_MASTER;
      const ms = parseStrictInteger(argv[2]!);
      if (ms === null) return `invalid number '${argv[2]}'`;
      if (ms < 0) return 'negative time parameter.';
      m.masterRebootDownAfterPeriodMs = ms;
      return null;
    }
    case name === 'config-epoch' && argc === 3:
    case name === 'leader-epoch' && argc === 3: {
      const m = master();
      if (m === null) return NO_MASTER;
      const epoch = parseStrictInteger(argv[2]!, 0);
      if (epoch === null) return `invalid epoch '${argv[2]}'`;
      if (name === 'leader-epoch') m.leaderEpoch = epoch;
      else {
        m.configEpoch = epoch;
        // Redis keeps this redundant check although current-epoch is persisted.
        if (epoch > config.currentEpoch) config.currentEpoch = epoch;
      }
      return null;
    }
    case (name === 'known-replica' || name === 'known-slave') && argc === 4: {
      const m = master();
      if (m === null) return NO_MASTER;
      const port = parseStrictInteger(argv[3]!);
      if (port === null || port < 0 || port > 65535) return 'Invalid port number.';
      if (m.knownReplicas.some((r) => r.host === argv[2] && r.port === port)) return 'Duplicate hostname and port for replica.';
      m.knownReplicas.push({ host: argv[2]!, port });
      return null;
    }
    case name === 'known-sentinel' && (argc === 4 || argc === 5): {
      if (argc === 4) return null; // the old form without a run id is ignored
      const m = master();
      if (m === null) return NO_MASTER;
      const port = parseStrictInteger(argv[3]!);
      if (port === null || port < 0 || port > 65535) return 'Invalid port number.';
      if (m.knownSentinels.some((s) => s.runId === argv[4])) return 'Duplicate runid for sentinel.';
      m.knownSentinels.push({ host: argv[2]!, port, runId: argv[4]! });
      return null;
    }
    case name === 'current-epoch' && argc === 2: {
      const epoch = parseStrictInteger(argv[1]!, 0);
      if (epoch === null) return `invalid epoch '${argv[1]}'`;
      if (epoch > config.currentEpoch) config.currentEpoch = epoch;
      return null;
    }
    case name === 'myid' && argc === 2:
      if (argv[1]!.length !== RUN_ID_LENGTH) return 'Malformed Sentinel id in myid option.';
      config.myid = argv[1]!;
      return null;
    case name === 'announce-ip' && argc === 2:
      if (argv[1]!.length > 0) config.announceIp = argv[1]!;
      return null;
    case name === 'announce-port' && argc === 2: {
      const port = parseStrictInteger(argv[1]!, 0, 65535);
      if (port === null) return `invalid port '${argv[1]}'`;
      config.announcePort = port;
      return null;
    }
    case name === 'deny-scripts-reconfig' && argc === 2:
    case name === 'resolve-hostnames' && argc === 2:
    case name === 'announce-hostnames' && argc === 2: {
      const value = yesNo(argv[1]!);
      if (value === null) {
        return name === 'deny-scripts-reconfig'
          ? 'Please specify yes or no for the deny-scripts-reconfig options.'
          : `Please specify yes or no for the ${name} option.`;
      }
      if (name === 'deny-scripts-reconfig') config.denyScriptsReconfig = value;
      else if (name === 'resolve-hostnames') config.resolveHostnames = value;
      else config.announceHostnames = value;
      return null;
    }
    case name === 'sentinel-user' && argc === 2:
      if (argv[1]!.length > 0) config.sentinelUser = argv[1]!;
      return null;
    case name === 'sentinel-pass' && argc === 2:
      if (argv[1]!.length > 0) config.sentinelPass = argv[1]!;
      return null;
    case name === 'rename-command' && argc === 4:
      return master() === null ? NO_MASTER : 'rename-command is not supported by the simulator.';
    default:
      return 'Unrecognized sentinel configuration statement.';
  }
}

/** An integer as Redis's string2ll reads it, optionally range-checked; null if not one. */
function parseStrictInteger(s: string, min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!/^(0|-?[1-9]\d*)$/.test(s)) return null;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min || n > max) return null;
  return n;
}

function yesNo(s: string): boolean | null {
  const v = s.toLowerCase();
  return v === 'yes' ? true : v === 'no' ? false : null;
}

/**
 * Split a config line into words as sdssplitargs does: blanks separate words,
 * "double quotes" with \n \r \t \b \a \\ \" \xHH escapes, 'single quotes' with
 * \' only. A closing quote must be followed by a blank or the end.
 */
export function splitArgs(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';
  while (true) {
    while (i < n && isBlank(line[i])) i++;
    if (i >= n) return words;
    let word = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = line[i];
      if (inDouble) {
        if (c === undefined) throw new Error('unbalanced quotes in configuration line');
        if (c === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          const e = line[++i]!;
          word += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isBlank(line[i + 1])) throw new Error('unbalanced quotes in configuration line');
          done = true;
        } else word += c;
      } else if (inSingle) {
        if (c === undefined) throw new Error('unbalanced quotes in configuration line');
        if (c === '\\' && line[i + 1] === "'") {
          word += "'";
          i++;
        } else if (c === "'") {
          if (i + 1 < n && !isBlank(line[i + 1])) throw new Error('unbalanced quotes in configuration line');
          done = true;
        } else word += c;
      } else if (c === undefined || isBlank(c)) {
        done = true;
      } else if (c === '"') inDouble = true;
      else if (c === "'") inSingle = true;
      else word += c;
      if (i < n) i++;
    }
    words.push(word);
  }
}

// ---------------------------------------------------------------------------
// Rendering (CONFIG REWRITE)

/** sdscatrepr: how Redis quotes announce-ip in the rewritten file. */
function quoteRepr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

export interface RenderDefaults {
  /** SENTINEL DEBUG default-down-after: the value Redis compares with (not persisted). */
  defaultDownAfterMs?: number;
  defaultFailoverTimeoutMs?: number;
}

/**
 * The file CONFIG REWRITE leaves, in rewriteConfigSentinelOption's order:
 * `port`, `loglevel` (if not notice), `sentinel myid`, non-default
 * deny-scripts-reconfig / resolve-hostnames / announce-hostnames, per master
 * monitor, non-default down-after / failover-timeout / parallel-syncs,
 * auth-pass, auth-user, non-zero master-reboot-down-after-period, config-epoch,
 * leader-epoch, known-replica..., known-sentinel...; then current-epoch,
 * announce-ip (quoted), announce-port, sentinel-user, sentinel-pass.
 */
export function renderSentinelConfig(config: SentinelConfig, defaults: RenderDefaults = {}): string {
  const defaultDownAfter = defaults.defaultDownAfterMs ?? DEFAULT_DOWN_AFTER_MS;
  const defaultFailoverTimeout = defaults.defaultFailoverTimeoutMs ?? DEFAULT_FAILOVER_TIMEOUT_MS;
  const lines: string[] = [`port ${config.port}`];
  if (config.loglevel !== 'notice') lines.push(`loglevel ${config.loglevel}`);
  if (config.myid !== null) lines.push(`sentinel myid ${config.myid}`);
  if (!config.denyScriptsReconfig) lines.push('sentinel deny-scripts-reconfig no');
  if (config.resolveHostnames) lines.push('sentinel resolve-hostnames yes');
  if (config.announceHostnames) lines.push('sentinel announce-hostnames yes');
  for (const m of config.masters) {
    const n = m.name;
    lines.push(`sentinel monitor ${n} ${m.host} ${m.port} ${m.quorum}`);
    if (m.downAfterMs !== defaultDownAfter) lines.push(`sentinel down-after-milliseconds ${n} ${m.downAfterMs}`);
    if (m.failoverTimeoutMs !== defaultFailoverTimeout) lines.push(`sentinel failover-timeout ${n} ${m.failoverTimeoutMs}`);
    if (m.parallelSyncs !== DEFAULT_PARALLEL_SYNCS) lines.push(`sentinel parallel-syncs ${n} ${m.parallelSyncs}`);
    if (m.authPass !== '') lines.push(`sentinel auth-pass ${n} ${m.authPass}`);
    if (m.authUser !== '') lines.push(`sentinel auth-user ${n} ${m.authUser}`);
    if (m.masterRebootDownAfterPeriodMs !== 0) {
      lines.push(`sentinel master-reboot-down-after-period ${n} ${m.masterRebootDownAfterPeriodMs}`);
    }
    lines.push(`sentinel config-epoch ${n} ${m.configEpoch}`);
    lines.push(`sentinel leader-epoch ${n} ${m.leaderEpoch}`);
    for (const r of m.knownReplicas) lines.push(`sentinel known-replica ${n} ${r.host} ${r.port}`);
    for (const s of m.knownSentinels) lines.push(`sentinel known-sentinel ${n} ${s.host} ${s.port} ${s.runId}`);
  }
  lines.push(`sentinel current-epoch ${config.currentEpoch}`);
  if (config.announceIp !== '') lines.push(`sentinel announce-ip ${quoteRepr(config.announceIp)}`);
  if (config.announcePort !== 0) lines.push(`sentinel announce-port ${config.announcePort}`);
  if (config.sentinelUser !== '') lines.push(`sentinel sentinel-user ${config.sentinelUser}`);
  if (config.sentinelPass !== '') lines.push(`sentinel sentinel-pass ${config.sentinelPass}`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// From live state

/**
 * What the rewrite persists for one monitored master (sentinel.c
 * rewriteConfigSentinelOption): the monitor address is the promoted replica's
 * once our failover reached reconf_slaves, and that replica is then listed
 * under the old master's address; Sentinels without a run id are skipped.
 */
export function masterConfigFromInstance(master: SentinelInstance): SentinelMasterConfig {
  const promoted = master.promoted;
  const switched =
    master.flags.failoverInProgress &&
    promoted !== null &&
    FAILOVER_STATES.indexOf(master.failoverState) >= FAILOVER_STATES.indexOf('reconf_slaves');
  const current = switched ? { host: promoted.host, port: promoted.port } : { host: master.host, port: master.port };
  const knownReplicas: { host: string; port: number }[] = [];
  for (const replica of master.replicas.values()) {
    const isCurrent = replica.host === current.host && replica.port === current.port;
    knownReplicas.push(isCurrent ? { host: master.host, port: master.port } : { host: replica.host, port: replica.port });
  }
  const knownSentinels: { host: string; port: number; runId: string }[] = [];
  for (const sentinel of master.sentinels.values()) {
    if (sentinel.runId === null) continue;
    knownSentinels.push({ host: sentinel.host, port: sentinel.port, runId: sentinel.runId });
  }
  return {
    name: master.name,
    host: current.host,
    port: current.port,
    quorum: master.quorum,
    downAfterMs: master.downAfterMs,
    failoverTimeoutMs: master.failoverTimeoutMs,
    parallelSyncs: master.parallelSyncs,
    authPass: master.authPass,
    authUser: master.authUser,
    masterRebootDownAfterPeriodMs: master.masterRebootDownAfterPeriodMs,
    configEpoch: master.configEpoch,
    leaderEpoch: master.leaderEpoch,
    knownReplicas,
    knownSentinels,
  };
}
