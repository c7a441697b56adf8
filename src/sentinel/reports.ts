// SENTINEL command replies and settings changes as pure functions over the
// Sentinel's state (sentinel.c, Redis 7.0.15 / 7.2.6): instance maps
// (addReplySentinelRedisInstance), CKQUORUM, the INFO Sentinel section,
// SENTINEL SET, SENTINEL CONFIG GET/SET (7.2's multi-pair form), SENTINEL
// DEBUG. Replies are RESP2: maps are flat arrays of bulk field/value pairs,
// numbers inside them are bulk strings (addReplyBulkLongLong).

import type { InfoField, InfoSection } from '../protocol/info.js';
import { compileGlob } from '../protocol/glob.js';
import { parseInt64 } from '../protocol/int64.js';
import { OK, array, bulkArray, error, simple, type Reply } from '../protocol/resp.js';
import type { SentinelConfig, SentinelLogLevel } from './config.js';
import type { SentinelInstance } from './instance.js';
import { SENTINEL_TIMING_KEYS, type SentinelTiming } from './timing.js';

// ---------------------------------------------------------------------------
// Instance maps: SENTINEL MASTER / MASTERS / REPLICAS / SENTINELS

/** The [field, value] pairs of one instance map, in Redis's order. */
export function instanceFields(ri: SentinelInstance, nowMs: number): [string, string][] {
  const link = ri.link;
  const out: [string, string][] = [
    ['name', ri.name],
    ['ip', ri.host],
    ['port', String(ri.port)],
    ['runid', ri.runId ?? ''],
    ['flags', ri.flagsText()],
    ['link-pending-commands', String(link.pendingCommands)],
    // Redis shares one link between the masters a Sentinel peer monitors;
    // the simulator gives every instance its own link.
    ['link-refcount', '1'],
  ];
  if (ri.flags.failoverInProgress) out.push(['failover-state', ri.failoverState]);
  out.push(
    ['last-ping-sent', String(link.actPingTime !== 0 ? nowMs - link.actPingTime : 0)],
    ['last-ok-ping-reply', String(nowMs - link.lastAvailTime)],
    ['last-ping-reply', String(nowMs - link.lastPongTime)],
  );
  if (ri.flags.sDown) out.push(['s-down-time', String(nowMs - ri.sDownSinceTime)]);
  if (ri.flags.oDown) out.push(['o-down-time', String(nowMs - ri.oDownSinceTime)]);
  out.push(['down-after-milliseconds', String(ri.downAfterMs)]);

  // Masters and replicas only: Sentinel peers get no INFO.
  if (ri.type !== 'sentinel') {
    out.push(
      ['info-refresh', String(ri.infoRefresh !== 0 ? nowMs - ri.infoRefresh : 0)],
      ['role-reported', ri.roleReported],
      ['role-reported-time', String(nowMs - ri.roleReportedTime)],
    );
  }
  if (ri.type === 'master') {
    out.push(
      ['config-epoch', String(ri.configEpoch)],
      ['num-slaves', String(ri.replicas.size)],
      ['num-other-sentinels', String(ri.sentinels.size)],
      ['quorum', String(ri.quorum)],
      ['failover-timeout', String(ri.failoverTimeoutMs)],
      ['parallel-syncs', String(ri.parallelSyncs)],
      // notification-script / client-reconfig-script: never set in the simulator.
    );
  } else if (ri.type === 'slave') {
    out.push(
      ['master-link-down-time', String(ri.masterLinkDownTimeMs)],
      ['master-link-status', ri.slaveMasterLinkUp ? 'ok' : 'err'],
      ['master-host', ri.slaveMasterHost ?? '?'],
      ['master-port', String(ri.slaveMasterPort)],
      ['slave-priority', String(ri.slavePriority)],
      ['slave-repl-offset', String(ri.slaveReplOffset)],
      ['replica-announced', ri.replicaAnnounced ? '1' : '0'],
    );
  } else {
    out.push(
      ['last-hello-message', String(nowMs - ri.lastHelloTime)],
      ['voted-leader', ri.leader ?? '?'],
      ['voted-leader-epoch', String(ri.leaderEpoch)],
    );
  }
  return out;
}

/** SENTINEL MASTER <name>, and each element of MASTERS / REPLICAS / SENTINELS. */
export function instanceReply(ri: SentinelInstance, nowMs: number): Reply {
  return bulkArray(instanceFields(ri, nowMs).flat());
}

export function mastersReply(masters: Iterable<SentinelInstance>, nowMs: number): Reply {
  return array([...masters].map((m) => instanceReply(m, nowMs)));
}

/** Replicas that set replica-announced no are left out (addReplyDictOfRedisInstances). */
export function replicasReply(master: SentinelInstance, nowMs: number): Reply {
  const items: Reply[] = [];
  for (const replica of master.replicas.values()) {
    if (!replica.replicaAnnounced) continue;
    items.push(instanceReply(replica, nowMs));
  }
  return array(items);
}

export function sentinelsReply(master: SentinelInstance, nowMs: number): Reply {
  return array([...master.sentinels.values()].map((s) => instanceReply(s, nowMs)));
}

// ---------------------------------------------------------------------------
// CKQUORUM

export interface QuorumCheck {
  /** This Sentinel plus every known Sentinel not SDOWN/ODOWN. */
  usable: number;
  /** usable < quorum. */
  noQuorum: boolean;
  /** usable < (known + 1) / 2 + 1, integer division. */
  noAuth: boolean;
}

/** sentinelIsQuorumReachable. */
export function checkQuorum(master: SentinelInstance): QuorumCheck {
  let usable = 1;
  for (const s of master.sentinels.values()) {
    if (s.flags.sDown || s.flags.oDown) continue;
    usable++;
  }
  const voters = master.sentinels.size + 1;
  return { usable, noQuorum: usable < master.quorum, noAuth: usable < Math.floor(voters / 2) + 1 };
}

/** SENTINEL CKQUORUM <name> (the name already resolved). */
export function ckquorumReply(master: SentinelInstance): Reply {
  const { usable, noQuorum, noAuth } = checkQuorum(master);
  if (!noQuorum && !noAuth) {
    return simple(`OK ${usable} usable Sentinels. Quorum and failover authorization can be reached`);
  }
  const reasons: string[] = [];
  if (noQuorum) reasons.push('Not enough available Sentinels to reach the specified quorum for this master');
  if (noAuth) reasons.push('Not enough available Sentinels to reach the majority and authorize a failover');
  return error(`NOQUORUM ${usable} usable Sentinels. ${reasons.join('. ')}`);
}

// ---------------------------------------------------------------------------
// INFO sentinel

export interface SentinelInfoInput {
  /** In the Sentinel's master order. */
  masters: Iterable<SentinelInstance>;
  tilt: boolean;
  /** (now - tilt start) / 1000, truncated; printed as -1 when not in TILT whatever it is. */
  tiltSinceSeconds: number;
  runningScripts?: number;
  scriptsQueueLength?: number;
  /** Bit 0 crash-after-election, bit 1 crash-after-promotion. */
  simulateFailureFlags?: number;
}

/** The `# Sentinel` INFO section. */
export function sentinelInfoSection(input: SentinelInfoInput): InfoSection {
  const masters = [...input.masters];
  const fields: InfoField[] = [
    ['sentinel_masters', masters.length],
    ['sentinel_tilt', input.tilt ? 1 : 0],
    ['sentinel_tilt_since_seconds', input.tilt ? input.tiltSinceSeconds : -1],
    ['sentinel_running_scripts', input.runningScripts ?? 0],
    ['sentinel_scripts_queue_length', input.scriptsQueueLength ?? 0],
    ['sentinel_simulate_failure_flags', input.simulateFailureFlags ?? 0],
  ];
  masters.forEach((m, index) => {
    const status = m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
    // The configured address (ri->addr), even mid-failover.
    fields.push([
      `master${index}`,
      `name=${m.name},status=${status},address=${m.host}:${m.port},slaves=${m.replicas.size},sentinels=${m.sentinels.size + 1}`,
    ]);
  });
  return { name: 'Sentinel', fields };
}

// ---------------------------------------------------------------------------
// SENTINEL SET

export interface SentinelSetResult {
  /** The reply when an option failed (earlier options stay applied); null when all applied. */
  error: Reply | null;
  /**
   * One entry per applied option, for the `+set` events (`<instance> <option>
   * <value>`): the option as the client typed it, the value as typed
   * (auth-pass as `******`).
   */
  applied: [option: string, shownValue: string][];
  /** auth-pass / auth-user changed: drop the master's and its replicas' links. */
  dropConnections: boolean;
}

/** The int64 a getLongLongFromObject would accept, as a number. */
function longLong(s: string): number | null {
  const v = parseInt64(s);
  return v === null ? null : Number(v);
}

const SCRIPTS_DENIED =
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration';

/**
 * SENTINEL SET <name> <option> <value> [...]; `args` is what follows the name.
 * Options are applied one at a time, as Redis does. After it, the caller
 * rewrites the config if anything was applied, then replies `error` or OK.
 *
 * Simplified: `rename-command` is refused as an unknown option (the simulator
 * does not rename commands), and as the simulator runs no scripts,
 * notification-script / client-reconfig-script only accept "" (clearing,
 * when deny-scripts-reconfig is no); any path gets Redis's error for a
 * non-existing script.
 */
export function applySentinelSet(master: SentinelInstance, args: readonly string[], denyScriptsReconfig: boolean): SentinelSetResult {
  const applied: [string, string][] = [];
  let dropConnections = false;
  const fail = (message: string): SentinelSetResult => ({ error: error(message), applied, dropConnections });
  const badArgument = (value: string, option: string) => fail(`ERR Invalid argument '${value}' for SENTINEL SET '${option}'`);

  for (let j = 0; j < args.length; j++) {
    const option = args[j]!;
    const moreArgs = args.length - 1 - j;
    const opt = option.toLowerCase();
    if (moreArgs < 1 || (opt === 'rename-command' && moreArgs < 2)) {
      return fail(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`);
    }
    const value = args[++j]!;
    let shown = value;
    switch (opt) {
      case 'down-after-milliseconds':
      case 'failover-timeout':
      case 'parallel-syncs':
      case 'quorum': {
        const n = longLong(value);
        if (n === null || n <= 0) return badArgument(value, option);
        if (opt === 'down-after-milliseconds') {
          master.downAfterMs = n;
          // sentinelPropagateDownAfterPeriod
          for (const replica of master.replicas.values()) replica.downAfterMs = n;
          for (const sentinel of master.sentinels.values()) sentinel.downAfterMs = n;
        } else if (opt === 'failover-timeout') master.failoverTimeoutMs = n;
        else if (opt === 'parallel-syncs') master.parallelSyncs = n;
        else master.quorum = n;
        break;
      }
      case 'master-reboot-down-after-period': {
        const n = longLong(value);
        if (n === null || n < 0) return badArgument(value, option);
        master.masterRebootDownAfterPeriodMs = n;
        break;
      }
      case 'notification-script':
      case 'client-reconfig-script':
        if (denyScriptsReconfig) return fail(SCRIPTS_DENIED);
        if (value.length > 0) {
          return fail(
            opt === 'notification-script'
              ? 'ERR Notification script seems non existing or non executable'
              : 'ERR Client reconfiguration script seems non existing or non executable',
          );
        }
        // Clearing: there is never a script to clear.
        break;
      case 'auth-pass':
        master.authPass = value;
        dropConnections = true;
        shown = '******';
        break;
      case 'auth-user':
        master.authUser = value;
        dropConnections = true;
        break;
      default:
        return fail(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`);
    }
    applied.push([option, shown]);
  }
  return { error: null, applied, dropConnections };
}

// ---------------------------------------------------------------------------
// SENTINEL CONFIG GET / SET (global options)

/** In the order CONFIG GET lists matches. */
const GLOBAL_OPTIONS = [
  'resolve-hostnames',
  'announce-hostnames',
  'announce-ip',
  'announce-port',
  'sentinel-user',
  'sentinel-pass',
  'loglevel',
] as const;
type GlobalOption = (typeof GLOBAL_OPTIONS)[number];

function globalOptionValue(config: SentinelConfig, option: GlobalOption): string {
  switch (option) {
    case 'resolve-hostnames':
      return config.resolveHostnames ? 'yes' : 'no';
    case 'announce-hostnames':
      return config.announceHostnames ? 'yes' : 'no';
    case 'announce-ip':
      return config.announceIp;
    case 'announce-port':
      return String(config.announcePort);
    case 'sentinel-user':
      return config.sentinelUser;
    case 'sentinel-pass':
      return config.sentinelPass;
    case 'loglevel':
      return config.loglevel;
  }
}

/** SENTINEL CONFIG GET <pattern> [...]: case-insensitive globs, each option at most once. */
export function sentinelConfigGet(config: SentinelConfig, patterns: readonly string[]): Reply {
  const seen = new Set<GlobalOption>();
  const out: string[] = [];
  for (const pattern of patterns) {
    const matches = compileGlob(pattern, true);
    for (const option of GLOBAL_OPTIONS) {
      if (seen.has(option) || !matches(option)) continue;
      seen.add(option);
      out.push(option, globalOptionValue(config, option));
    }
  }
  return bulkArray(out);
}

export interface SentinelConfigSetResult {
  /** The error, or OK; on OK the caller rewrites the config (and replies its failure instead if that fails). */
  reply: Reply;
  /** Whether anything was applied (only on OK). */
  applied: boolean;
  /** sentinel-user or sentinel-pass was set (even to the same value): drop the links to other Sentinels. */
  dropConnections: boolean;
}

/** SENTINEL CONFIG with fewer than two words after SET, or neither GET nor SET. */
export const SENTINEL_CONFIG_USAGE_ERROR =
  'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.';

const YES_NO: ReadonlySet<string> = new Set(['yes', 'no']);
const LOG_LEVELS: ReadonlySet<string> = new Set<SentinelLogLevel>(['debug', 'verbose', 'notice', 'warning', 'nothing']);

/**
 * SENTINEL CONFIG SET <option> <value> [...] (Redis 7.2): every pair is
 * validated, in order, before any is applied. `args` is what follows SET.
 */
export function sentinelConfigSet(config: SentinelConfig, args: readonly string[]): SentinelConfigSetResult {
  const fail = (message: string): SentinelConfigSetResult => ({ reply: error(message), applied: false, dropConnections: false });
  if (args.length < 2) return fail(SENTINEL_CONFIG_USAGE_ERROR);
  const pairs: [GlobalOption, string][] = [];
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const option = args[i]!;
    const key = option.toLowerCase() as GlobalOption;
    if (!GLOBAL_OPTIONS.includes(key)) return fail(`ERR Invalid argument '${option}' to SENTINEL CONFIG SET`);
    if (seen.has(key)) return fail(`ERR Duplicate argument '${option}' to SENTINEL CONFIG SET`);
    seen.add(key);
    if (i + 1 === args.length) return fail(`ERR Missing argument '${option}' value`);
    const value = args[++i]!;
    let valid = true;
    if (key === 'resolve-hostnames' || key === 'announce-hostnames') valid = YES_NO.has(value.toLowerCase());
    else if (key === 'announce-port') {
      const port = longLong(value);
      valid = port !== null && port >= 0 && port <= 65535;
    } else if (key === 'loglevel') valid = LOG_LEVELS.has(value.toLowerCase());
    if (!valid) return fail(`ERR Invalid value '${value}' to SENTINEL CONFIG SET '${option}'`);
    pairs.push([key, value]);
  }
  let dropConnections = false;
  for (const [key, value] of pairs) {
    switch (key) {
      case 'resolve-hostnames':
        config.resolveHostnames = value.toLowerCase() === 'yes';
        break;
      case 'announce-hostnames':
        config.announceHostnames = value.toLowerCase() === 'yes';
        break;
      case 'announce-ip':
        config.announceIp = value;
        break;
      case 'announce-port':
        config.announcePort = longLong(value)!;
        break;
      case 'sentinel-user':
        config.sentinelUser = value;
        dropConnections = true;
        break;
      case 'sentinel-pass':
        config.sentinelPass = value;
        dropConnections = true;
        break;
      case 'loglevel':
        config.loglevel = value.toLowerCase() as SentinelLogLevel;
        break;
    }
  }
  return { reply: OK, applied: true, dropConnections };
}

// ---------------------------------------------------------------------------
// SENTINEL DEBUG

/** SENTINEL DEBUG with no arguments: the 13 timing values. */
export function debugReply(timing: SentinelTiming): Reply {
  const out: string[] = [];
  for (const [replyKey, , field] of SENTINEL_TIMING_KEYS) out.push(replyKey, String(timing[field]));
  return bulkArray(out);
}

/**
 * SENTINEL DEBUG <param> <ms> [...]; `args` is what follows DEBUG. Values are
 * set one at a time, so those before a bad pair stay set (as in Redis).
 */
export function applySentinelDebug(timing: SentinelTiming, args: readonly string[]): Reply {
  for (let j = 0; j < args.length; j++) {
    const option = args[j]!;
    const entry = SENTINEL_TIMING_KEYS.find(([, key]) => key === option.toLowerCase());
    if (entry === undefined || j + 1 >= args.length) {
      return error(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${option}'`);
    }
    const value = args[++j]!;
    const ms = longLong(value);
    if (ms === null || ms <= 0) return error(`ERR Invalid argument '${value}' for SENTINEL DEBUG '${option}'`);
    timing[entry[2]] = ms;
  }
  return OK;
}
