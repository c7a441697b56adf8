// What a Sentinel knows about one monitored thing: a master, one of its
// replicas, or another Sentinel monitoring the same master (sentinel.c's
// sentinelRedisInstance). Everything here was learned through commands and
// replies over the network; nothing is read from a Redis object.
//
// All times are this Sentinel's own wall-clock milliseconds (mstime()), as in
// Redis, so clock jumps affect them exactly as they affect the real thing.

import type { InstanceLink } from './link.js';

export type InstanceType = 'master' | 'slave' | 'sentinel';

/** Failover states, numbered and named as SENTINEL MASTER prints them. */
export const FAILOVER_STATES = [
  'none',
  'wait_start',
  'select_slave',
  'send_slaveof_noone',
  'wait_promotion',
  'reconf_slaves',
  'update_config',
] as const;
export type FailoverState = (typeof FAILOVER_STATES)[number];

/** Flag names in the order SENTINEL MASTER/REPLICAS print them. */
export interface InstanceFlags {
  sDown: boolean;
  oDown: boolean;
  /** Set on a Sentinel instance that answered down=1 to our is-master-down-by-addr. */
  masterDown: boolean;
  failoverInProgress: boolean;
  promoted: boolean;
  reconfSent: boolean;
  reconfInprog: boolean;
  reconfDone: boolean;
  forceFailover: boolean;
  scriptKillSent: boolean;
  masterReboot: boolean;
}

export function noFlags(): InstanceFlags {
  return {
    sDown: false,
    oDown: false,
    masterDown: false,
    failoverInProgress: false,
    promoted: false,
    reconfSent: false,
    reconfInprog: false,
    reconfDone: false,
    forceFailover: false,
    scriptKillSent: false,
    masterReboot: false,
  };
}

export class SentinelInstance {
  /** Masters: the configured name; replicas: `ip:port`; Sentinels: their run id. */
  name: string;
  host: string;
  port: number;
  runId: string | null = null;
  flags = noFlags();
  link: InstanceLink;

  // ---- for masters ----
  quorum = 0;
  downAfterMs = 30_000;
  failoverTimeoutMs = 180_000;
  parallelSyncs = 1;
  authPass = '';
  authUser = '';
  masterRebootDownAfterPeriodMs = 0;
  configEpoch = 0;
  /** Our vote for this master: whom, and in which epoch. */
  leader: string | null = null;
  leaderEpoch = 0;
  failoverEpoch = 0;
  failoverState: FailoverState = 'none';
  failoverStateChangeTime = 0;
  failoverStartTime = 0;
  promoted: SentinelInstance | null = null;
  /** When we last logged "Next failover delay" (once per start time). */
  failoverDelayLogged = 0;
  /** Keyed by `ip:port`. */
  readonly replicas = new Map<string, SentinelInstance>();
  /** Keyed by run id. */
  readonly sentinels = new Map<string, SentinelInstance>();
  masterRebootSinceTime = 0;

  // ---- timing, for all types ----
  lastPubTime: number;
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  sDownSinceTime = 0;
  oDownSinceTime = 0;
  /** Time of the last INFO reply; 0 = never. */
  infoRefresh = 0;
  /** Raw text of the last INFO (SENTINEL INFO-CACHE). */
  info = '';
  roleReported: 'master' | 'slave';
  roleReportedTime: number;
  slaveConfChangeTime: number;

  // ---- replicas, from their INFO ----
  masterLinkDownTimeMs = 0;
  slavePriority = 100;
  replicaAnnounced = true;
  slaveReconfSentTime = 0;
  slaveMasterHost: string | null = null;
  slaveMasterPort = 0;
  slaveMasterLinkUp = false;
  slaveReplOffset = 0;

  constructor(
    readonly type: InstanceType,
    name: string,
    host: string,
    port: number,
    /** For replicas and Sentinels: the master they belong to. */
    readonly master: SentinelInstance | null,
    nowMs: number,
    link: InstanceLink,
  ) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.link = link;
    this.lastPubTime = nowMs;
    this.lastHelloTime = nowMs;
    this.lastMasterDownReplyTime = nowMs;
    this.roleReported = type === 'slave' ? 'slave' : 'master';
    this.roleReportedTime = nowMs;
    this.slaveConfChangeTime = nowMs;
    if (master !== null) this.downAfterMs = master.downAfterMs;
  }

  /** `master mymaster m1 6379`, or `slave r2:6379 r2 6379 @ mymaster m1 6379`, as events print it. */
  describe(): string {
    const own = `${this.type} ${this.name} ${this.host} ${this.port}`;
    if (this.master === null) return own;
    const m = this.master;
    return `${own} @ ${m.name} ${m.host} ${m.port}`;
  }

  /** The comma-separated flags SENTINEL MASTER/REPLICAS print. */
  flagsText(): string {
    const f = this.flags;
    const out: string[] = [];
    if (f.sDown) out.push('s_down');
    if (f.oDown) out.push('o_down');
    out.push(this.type);
    if (this.link.disconnected) out.push('disconnected');
    if (f.masterDown) out.push('master_down');
    if (f.failoverInProgress) out.push('failover_in_progress');
    if (f.promoted) out.push('promoted');
    if (f.reconfSent) out.push('reconf_sent');
    if (f.reconfInprog) out.push('reconf_inprog');
    if (f.reconfDone) out.push('reconf_done');
    if (f.forceFailover) out.push('force_failover');
    if (f.scriptKillSent) out.push('script_kill_sent');
    if (f.masterReboot) out.push('master_reboot');
    return out.join(',');
  }
}
