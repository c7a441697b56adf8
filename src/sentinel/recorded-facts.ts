// What a Sentinel records in the trace at the moments its safety rests on
// (ODOWN, an election, a replica selection), so the invariant checkers
// (src/check/invariants/) can judge each decision from the facts the Sentinel
// held, not from what it concluded. Each fact is read from the instance state
// on its own, never from the code that made the decision: a bug there shows as
// a decision the recorded facts do not allow. Recording changes nothing.

import type { SentinelInstance } from './instance.js';
import type { Sentinel } from './sentinel.js';

/**
 * Entering ODOWN: our own SDOWN, and each peer whose last is-master-down reply
 * said down, with how long ago that reply came (our clock). An opinion is
 * dropped once its reply is 5 ask periods old, checked once a tick, and a tick
 * comes within the TILT trigger of the one before (or TILT starts): so no
 * opinion counted can be older than `maxAgeMs`, except right after TILT ends,
 * when the expiry had not run during TILT.
 */
export function recordOdown(s: Sentinel, master: SentinelInstance, agreeing: number): void {
  const peers: string[] = [];
  const peerAgesMs: number[] = [];
  for (const si of master.sentinels.values()) {
    if (!si.flags.masterDown) continue;
    peers.push(si.name);
    peerAgesMs.push(s.now - si.lastMasterDownReplyTime);
  }
  s.ctx.emit('sentinel.odown', {
    master: master.name,
    quorum: master.quorum,
    sDown: master.flags.sDown,
    agreeing,
    peers,
    peerAgesMs,
    maxAgeMs: s.timing.askPeriodMs * 5 + s.timing.tiltTriggerMs,
  });
}

/** A peer's answer to our is-master-down-by-addr: its opinion of the master (its vote is in sentinel.vote at its end). */
export function recordDownReply(s: Sentinel, master: SentinelInstance, peer: SentinelInstance, down: boolean): void {
  s.ctx.emit('sentinel.down-reply', { master: master.name, peer: peer.name, down });
}

/** We granted our vote for `master` in `epoch` (master.leader / leader_epoch were set and saved). */
export function recordVote(s: Sentinel, master: SentinelInstance): void {
  s.ctx.emit('sentinel.vote', { master: master.name, epoch: master.leaderEpoch, candidate: master.leader, runId: s.myid });
}

/**
 * We are the leader for a failover: the epoch whose votes were counted (our
 * current epoch; our own vote counts if it was cast in the failover epoch), the
 * votes counted for us as `runid@epoch`, and the Sentinels the majority was
 * taken over (those we know, and us).
 */
export function recordLeader(s: Sentinel, master: SentinelInstance, voters: readonly string[], forced: boolean): void {
  s.ctx.emit('sentinel.leader', {
    master: master.name,
    epoch: s.currentEpoch,
    failoverEpoch: master.failoverEpoch,
    runId: s.myid,
    voters: [...voters],
    known: master.sentinels.size + 1,
    quorum: master.quorum,
    forced,
  });
}

/**
 * A failover's replica selection: every replica we knew, with what the
 * filters and the ordering read (flags, link, ages of our last PING reply and
 * INFO, priority, offset, run id, master link down time), the master's SDOWN
 * time and the periods they are measured against, and the replica chosen.
 */
export function recordSelection(s: Sentinel, master: SentinelInstance, chosen: SentinelInstance | null): void {
  const now = s.now;
  const replicas = [...master.replicas.values()];
  s.ctx.emit('sentinel.select', {
    master: master.name,
    epoch: master.failoverEpoch,
    chosen: chosen === null ? null : chosen.name,
    masterSDown: master.flags.sDown,
    masterDownMs: master.flags.sDown ? now - master.sDownSinceTime : 0,
    downAfterMs: master.downAfterMs,
    pingPeriodMs: s.timing.pingPeriodMs,
    infoPeriodMs: s.timing.infoPeriodMs,
    replicas: replicas.map((r) => r.name),
    sDown: replicas.map((r) => r.flags.sDown),
    oDown: replicas.map((r) => r.flags.oDown),
    disconnected: replicas.map((r) => r.link.disconnected),
    pingAgoMs: replicas.map((r) => now - r.link.lastAvailTime),
    // Never refreshed (0): as old as the clock, which no validity window admits.
    infoAgoMs: replicas.map((r) => now - r.infoRefresh),
    priority: replicas.map((r) => r.slavePriority),
    offset: replicas.map((r) => r.slaveReplOffset),
    runId: replicas.map((r) => r.runId ?? ''),
    linkDownMs: replicas.map((r) => r.masterLinkDownTimeMs),
  });
}
