// The acting half of a Sentinel: SDOWN, ODOWN, asking the other Sentinels,
// epochs and votes, leader election, the failover state machine, replica
// selection, and resetting a master onto a new address.

import type { SentinelInstance } from './instance.js';
import { sendSlaveOf, addReplica } from './monitor.js';
import { recordDownReply, recordLeader, recordOdown, recordSelection, recordVote } from './recorded-facts.js';
import type { Sentinel } from './sentinel.js';

// ---- SDOWN ----------------------------------------------------------------------------

export function checkSubjectivelyDown(s: Sentinel, ri: SentinelInstance): void {
  const now = s.now;
  const link = ri.link;
  let elapsed = 0;
  if (link.actPingTime !== 0) elapsed = now - link.actPingTime;
  else if (link.disconnected) elapsed = now - link.lastAvailTime;

  // A command link that has been waiting too long for a PONG is torn down and
  // rebuilt: the instance may be fine and the connection not.
  if (
    link.hasCommandConnection &&
    now - link.ccConnectedAtMs > s.timing.minLinkReconnectPeriodMs &&
    link.actPingTime !== 0 &&
    now - link.actPingTime > ri.downAfterMs / 2 &&
    now - link.lastPongTime > ri.downAfterMs / 2
  ) {
    link.closeCommandConnection();
  }
  // A Pub/Sub link that stayed silent for three hello periods, likewise.
  if (
    link.hasPubSubConnection &&
    now - link.pcConnectedAtMs > s.timing.minLinkReconnectPeriodMs &&
    now - link.pcLastActivity > s.timing.publishPeriodMs * 3
  ) {
    link.closePubSubConnection();
  }

  const reportsWrongRole =
    ri.type === 'master' && ri.roleReported === 'slave' && now - ri.roleReportedTime > ri.downAfterMs + 2 * s.timing.infoPeriodMs;
  const stuckRebooting = ri.flags.masterReboot && now - ri.masterRebootSinceTime > ri.masterRebootDownAfterPeriodMs;
  if (elapsed > ri.downAfterMs || reportsWrongRole || stuckRebooting) {
    if (!ri.flags.sDown) {
      s.event('warning', '+sdown', ri);
      ri.sDownSinceTime = now;
      ri.flags.sDown = true;
    }
  } else if (ri.flags.sDown) {
    s.event('warning', '-sdown', ri);
    ri.flags.sDown = false;
    ri.flags.scriptKillSent = false;
  }
}

// ---- ODOWN ------------------------------------------------------------------------------

export function checkObjectivelyDown(s: Sentinel, master: SentinelInstance): void {
  let agreeing = 0;
  let oDown = false;
  if (master.flags.sDown) {
    agreeing = 1;
    for (const si of master.sentinels.values()) if (si.flags.masterDown) agreeing++;
    oDown = agreeing >= master.quorum;
  }
  if (oDown) {
    if (!master.flags.oDown) {
      recordOdown(s, master, agreeing);
      s.event('warning', '+odown', master, `#quorum ${agreeing}/${master.quorum}`);
      master.flags.oDown = true;
      master.oDownSinceTime = s.now;
    }
  } else if (master.flags.oDown) {
    s.event('warning', '-odown', master);
    master.flags.oDown = false;
  }
}

// ---- asking the others, and voting ------------------------------------------------------------

export function askMasterStateToOtherSentinels(s: Sentinel, master: SentinelInstance, forced: boolean): void {
  const now = s.now;
  for (const si of master.sentinels.values()) {
    const sinceReply = now - si.lastMasterDownReplyTime;
    // An opinion (and a vote) not refreshed for 5 ask periods is forgotten.
    if (sinceReply > s.timing.askPeriodMs * 5) {
      si.flags.masterDown = false;
      si.leader = null;
    }
    if (!master.flags.sDown) continue;
    if (si.link.disconnected) continue;
    if (!forced && sinceReply < s.timing.askPeriodMs) continue;
    const runId = master.failoverState !== 'none' ? s.myid : '*';
    si.link.command(
      ['SENTINEL', 'is-master-down-by-addr', master.host, String(master.port), String(s.currentEpoch), runId],
      (reply) => {
        if (reply === null || reply.type !== 'array' || reply.items === null || reply.items.length !== 3) return;
        const [down, leader, epoch] = reply.items;
        if (down?.type !== 'integer' || leader?.type !== 'bulk' || leader.value === null || epoch?.type !== 'integer') return;
        si.lastMasterDownReplyTime = s.now;
        recordDownReply(s, master, si, Number(down.value) === 1);
        si.flags.masterDown = Number(down.value) === 1;
        if (leader.value !== '*') {
          const leaderEpoch = Number(epoch.value);
          if (si.leaderEpoch !== leaderEpoch) s.log('warning', `${si.name} voted for ${leader.value} ${leaderEpoch}`);
          si.leader = leader.value;
          si.leaderEpoch = leaderEpoch;
        }
      },
    );
  }
}

/** Our vote for `master` in `reqEpoch` (one vote per epoch: the first to ask gets it). */
export function voteLeader(s: Sentinel, master: SentinelInstance, reqEpoch: number, reqRunId: string): string | null {
  s.adoptEpoch(reqEpoch);
  if (master.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
    master.leader = reqRunId;
    master.leaderEpoch = s.currentEpoch;
    s.flushConfig();
    recordVote(s, master);
    s.event('warning', '+vote-for-leader', null, `${master.leader} ${master.leaderEpoch}`);
    // Having voted for someone else, wait before trying a failover ourselves.
    if (master.leader !== s.myid) master.failoverStartTime = s.now + s.ctx.rng.int(1000);
  }
  return master.leader;
}

/** Who won the election for `epoch`, counting the votes we heard and our own. */
export function getLeader(s: Sentinel, master: SentinelInstance, epoch: number): string | null {
  return electLeader(s, master, epoch).winner;
}

/** getLeader, and the votes counted for the winner as `runid@epoch` (for the trace). */
function electLeader(s: Sentinel, master: SentinelInstance, epoch: number): { winner: string | null; voters: string[] } {
  const votes = new Map<string, number>();
  const voters = master.sentinels.size + 1;
  for (const si of master.sentinels.values()) {
    if (si.leader !== null && si.leaderEpoch === s.currentEpoch) votes.set(si.leader, (votes.get(si.leader) ?? 0) + 1);
  }
  let winner: string | null = null;
  let maxVotes = 0;
  for (const [runId, count] of votes) {
    if (count > maxVotes) {
      maxVotes = count;
      winner = runId;
    }
  }
  const myVote = voteLeader(s, master, epoch, winner ?? s.myid);
  const myVoteCounted = myVote !== null && master.leaderEpoch === epoch;
  if (myVoteCounted) {
    const count = (votes.get(myVote) ?? 0) + 1;
    votes.set(myVote, count);
    if (count > maxVotes) {
      maxVotes = count;
      winner = myVote;
    }
  }
  const majority = Math.floor(voters / 2) + 1;
  if (winner !== null && (maxVotes < majority || maxVotes < master.quorum)) winner = null;
  const counted: string[] = [];
  if (winner !== null) {
    for (const si of master.sentinels.values()) if (si.leader === winner && si.leaderEpoch === s.currentEpoch) counted.push(`${si.name}@${si.leaderEpoch}`);
    if (myVoteCounted && myVote === winner) counted.push(`${s.myid}@${master.leaderEpoch}`);
  }
  return { winner, voters: counted };
}

// ---- starting a failover ------------------------------------------------------------------------

export function startFailoverIfNeeded(s: Sentinel, master: SentinelInstance): boolean {
  if (!master.flags.oDown) return false;
  if (master.flags.failoverInProgress) return false;
  const retryGapMs = master.failoverTimeoutMs * 2;
  if (s.now - master.failoverStartTime < retryGapMs) {
    if (master.failoverDelayLogged !== master.failoverStartTime) {
      master.failoverDelayLogged = master.failoverStartTime;
      s.log('warning', `Next failover delay: I will not start a failover before ${ctime(master.failoverStartTime + retryGapMs)}`);
    }
    return false;
  }
  startFailover(s, master);
  return true;
}

export function startFailover(s: Sentinel, master: SentinelInstance): void {
  master.failoverState = 'wait_start';
  master.failoverStateChangeTime = s.now;
  master.flags.failoverInProgress = true;
  master.failoverEpoch = ++s.currentEpoch;
  s.event('warning', '+new-epoch', null, String(s.currentEpoch));
  s.event('warning', '+try-failover', master);
  master.failoverStartTime = s.now + s.ctx.rng.int(1000);
  master.failoverStateChangeTime = s.now;
}

export function abortFailover(s: Sentinel, master: SentinelInstance): void {
  master.flags.failoverInProgress = false;
  master.flags.forceFailover = false;
  master.failoverState = 'none';
  master.failoverStateChangeTime = s.now;
  if (master.promoted !== null) {
    master.promoted.flags.promoted = false;
    master.promoted = null;
  }
}

// ---- the state machine (one step per tick) ------------------------------------------------------

export function failoverStateMachine(s: Sentinel, master: SentinelInstance): void {
  if (!master.flags.failoverInProgress) return;
  switch (master.failoverState) {
    case 'wait_start':
      return waitStart(s, master);
    case 'select_slave':
      return selectSlaveStep(s, master);
    case 'send_slaveof_noone':
      return sendSlaveOfNoOne(s, master);
    case 'wait_promotion':
      if (s.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
        s.event('warning', '-failover-abort-slave-timeout', master);
        abortFailover(s, master);
      }
      return;
    case 'reconf_slaves':
      return reconfNextSlave(s, master);
    default:
      return;
  }
}

function waitStart(s: Sentinel, master: SentinelInstance): void {
  const election = electLeader(s, master, master.failoverEpoch);
  const isLeader = election.winner === s.myid;
  if (!isLeader && !master.flags.forceFailover) {
    const electionTimeoutMs = Math.min(s.timing.electionTimeoutMs, master.failoverTimeoutMs);
    if (s.now - master.failoverStartTime > electionTimeoutMs) {
      s.event('warning', '-failover-abort-not-elected', master);
      abortFailover(s, master);
    }
    return;
  }
  recordLeader(s, master, isLeader ? election.voters : [], !isLeader);
  s.event('warning', '+elected-leader', master);
  if (s.simulateFailure.crashAfterElection) return s.crashForSimulatedFailure();
  master.failoverState = 'select_slave';
  master.failoverStateChangeTime = s.now;
  s.event('warning', '+failover-state-select-slave', master);
}

function selectSlaveStep(s: Sentinel, master: SentinelInstance): void {
  const replica = selectSlave(s, master);
  recordSelection(s, master, replica);
  if (replica === null) {
    s.event('warning', '-failover-abort-no-good-slave', master);
    abortFailover(s, master);
    return;
  }
  s.event('warning', '+selected-slave', replica);
  replica.flags.promoted = true;
  master.promoted = replica;
  master.failoverState = 'send_slaveof_noone';
  master.failoverStateChangeTime = s.now;
  s.event('notice', '+failover-state-send-slaveof-noone', replica);
}

function sendSlaveOfNoOne(s: Sentinel, master: SentinelInstance): void {
  const promoted = master.promoted!;
  if (promoted.link.disconnected) {
    if (s.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
      s.event('warning', '-failover-abort-slave-timeout', master);
      abortFailover(s, master);
    }
    return;
  }
  if (!sendSlaveOf(promoted, null)) return;
  s.event('notice', '+failover-state-wait-promotion', promoted);
  master.failoverState = 'wait_promotion';
  master.failoverStateChangeTime = s.now;
}

function reconfNextSlave(s: Sentinel, master: SentinelInstance): void {
  const promoted = master.promoted!;
  let inProgress = 0;
  for (const r of master.replicas.values()) if (r.flags.reconfSent || r.flags.reconfInprog) inProgress++;
  for (const r of master.replicas.values()) {
    if (inProgress >= master.parallelSyncs) break;
    if (r.flags.promoted || r.flags.reconfDone) continue;
    if (r.flags.reconfSent && s.now - r.slaveReconfSentTime > s.timing.slaveReconfTimeoutMs) {
      s.event('notice', '-slave-reconf-sent-timeout', r);
      r.flags.reconfSent = false;
      r.flags.reconfDone = true;
      continue;
    }
    if (r.flags.reconfSent || r.flags.reconfInprog) continue;
    if (r.link.disconnected) continue;
    if (sendSlaveOf(r, { host: promoted.host, port: promoted.port })) {
      r.flags.reconfSent = true;
      r.slaveReconfSentTime = s.now;
      s.event('notice', '+slave-reconf-sent', r);
      inProgress++;
    }
  }
  detectEnd(s, master);
}

function detectEnd(s: Sentinel, master: SentinelInstance): void {
  const promoted = master.promoted;
  if (promoted === null || promoted.flags.sDown) return;
  let notReconfigured = 0;
  for (const r of master.replicas.values()) {
    if (r.flags.promoted || r.flags.reconfDone) continue;
    if (r.flags.sDown) continue;
    notReconfigured++;
  }
  let timedOut = false;
  if (s.now - master.failoverStateChangeTime > master.failoverTimeoutMs) {
    notReconfigured = 0;
    timedOut = true;
    s.event('warning', '+failover-end-for-timeout', master);
  }
  if (notReconfigured === 0) {
    s.event('warning', '+failover-end', master);
    master.failoverState = 'update_config';
    master.failoverStateChangeTime = s.now;
  }
  if (timedOut) {
    // Best effort: point every reachable replica we have not reached yet at the new master.
    for (const r of master.replicas.values()) {
      if (r.flags.promoted || r.flags.reconfDone || r.flags.reconfSent) continue;
      if (r.link.disconnected) continue;
      if (sendSlaveOf(r, { host: promoted.host, port: promoted.port })) {
        s.event('notice', '+slave-reconf-sent-be', r);
        r.flags.reconfSent = true;
      }
    }
  }
}

// ---- replica selection ------------------------------------------------------------------------------

/** The replica to promote: the filters, then priority, offset and run id (sentinelSelectSlave). */
export function selectSlave(s: Sentinel, master: SentinelInstance): SentinelInstance | null {
  const now = s.now;
  const timing = s.timing;
  let maxMasterDownTimeMs = master.flags.sDown ? now - master.sDownSinceTime : 0;
  maxMasterDownTimeMs += master.downAfterMs * 10;
  const infoValidityMs = master.flags.sDown ? timing.pingPeriodMs * 5 : timing.infoPeriodMs * 3;
  const candidates = [...master.replicas.values()].filter(
    (r) =>
      !r.flags.sDown &&
      !r.flags.oDown &&
      !r.link.disconnected &&
      now - r.link.lastAvailTime <= timing.pingPeriodMs * 5 &&
      r.slavePriority !== 0 &&
      now - r.infoRefresh <= infoValidityMs &&
      r.masterLinkDownTimeMs <= maxMasterDownTimeMs,
  );
  candidates.sort(compareReplicas);
  return candidates[0] ?? null;
}

function compareReplicas(a: SentinelInstance, b: SentinelInstance): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset !== b.slaveReplOffset) return b.slaveReplOffset - a.slaveReplOffset;
  // Unknown run ids sort last; otherwise the lexicographically smaller one wins.
  if (a.runId === null) return b.runId === null ? 0 : 1;
  if (b.runId === null) return -1;
  const x = a.runId.toLowerCase();
  const y = b.runId.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---- switching and resetting --------------------------------------------------------------------------

/** The address we give out for a master: the promoted replica once our failover passed promotion. */
export function currentMasterAddress(master: SentinelInstance): { host: string; port: number } {
  const promoted = master.promoted;
  if (promoted !== null && (master.failoverState === 'reconf_slaves' || master.failoverState === 'update_config')) {
    return { host: promoted.host, port: promoted.port };
  }
  return { host: master.host, port: master.port };
}

export function switchToPromotedSlave(s: Sentinel, master: SentinelInstance): void {
  const target = currentMasterAddress(master);
  s.event('warning', '+switch-master', null, `${master.name} ${master.host} ${master.port} ${target.host} ${target.port}`);
  resetMasterAndChangeAddress(s, master, target.host, target.port);
}

/** SENTINEL RESET, or the reset half of a switch (which keeps the Sentinels). */
export function resetMaster(s: Sentinel, master: SentinelInstance, keepSentinels: boolean, announce: boolean): void {
  const now = s.now;
  for (const r of master.replicas.values()) r.link.close();
  master.replicas.clear();
  if (!keepSentinels) {
    for (const si of master.sentinels.values()) si.link.close();
    master.sentinels.clear();
  }
  master.link.close();
  const masterFlags = master.flags;
  for (const key of Object.keys(masterFlags) as (keyof typeof masterFlags)[]) masterFlags[key] = false;
  master.leader = null;
  master.failoverState = 'none';
  master.failoverStateChangeTime = 0;
  master.failoverStartTime = 0;
  master.promoted = null;
  master.runId = null;
  master.slaveMasterHost = null;
  master.link.actPingTime = now;
  master.link.lastPingTime = 0;
  master.link.lastAvailTime = now;
  master.link.lastPongTime = now;
  master.roleReported = 'master';
  master.roleReportedTime = now;
  if (announce) s.event('warning', '+reset-master', master);
}

export function resetMasterAndChangeAddress(s: Sentinel, master: SentinelInstance, host: string, port: number): void {
  const replicaAddresses: { host: string; port: number }[] = [];
  for (const r of master.replicas.values()) {
    if (r.host === host && r.port === port) continue;
    replicaAddresses.push({ host: r.host, port: r.port });
  }
  // The old master becomes a replica of the new one.
  if (master.host !== host || master.port !== port) replicaAddresses.push({ host: master.host, port: master.port });
  resetMaster(s, master, true, false);
  master.host = host;
  master.port = port;
  master.sDownSinceTime = 0;
  master.oDownSinceTime = 0;
  for (const address of replicaAddresses) addReplica(s, master, address.host, address.port, true);
  s.flushConfig();
}

/** `Sat Nov 21 05:06:18 2026`, as ctime() prints a time. */
function ctime(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}
