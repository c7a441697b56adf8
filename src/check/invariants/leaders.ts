// At most one leader per epoch. A Sentinel that wins an election records the
// votes it counted (`sentinel.leader`: each as voter@epoch, the Sentinels it
// took the majority over, its quorum). Three rules:
//  1. every vote it counted was cast: the voter recorded that vote
//     (`sentinel.vote`) for it, in that epoch, before the election;
//  2. it had a majority of the Sentinels it knew (and itself) and at least the
//     quorum;
//  3. no two Sentinels win the same epoch.
//
// Rule 3 is what majorities guarantee only when they overlap: when both
// leaders counted every vote in that one epoch, each over every Sentinel of the
// run. Redis allows the rest, so they are not flagged: a leader that counted
// its own vote from its failover epoch and the others' from a later current
// epoch (sentinelGetLeader counts peers' votes in the current epoch, its own in
// the failover epoch), or one that knew only some of the Sentinels (before
// discovery, after SENTINEL RESET), whose "majority" may not meet the other's.
// Forced failovers (SENTINEL FAILOVER) need no votes and are not judged.

import type { TraceEvent } from '../../sim/trace.js';
import { sentinelNodes } from '../trace-facts.js';
import { Violations, at, type InvariantResult } from './result.js';
import { SentinelNames } from './sentinel-ids.js';

export const LEADERS = { invariant: 'one-leader-per-epoch', title: 'at most one leader per epoch' } as const;
export const LEADERS_KINDS = ['sentinel.leader', 'sentinel.vote', 'sentinel.event', 'log'] as const;

interface Leader {
  readonly e: TraceEvent;
  readonly runId: string;
  /** Counted every vote in the epoch it is keyed by, over every Sentinel of the run. */
  readonly overlapsEveryMajority: boolean;
}

export function checkLeaders(trace: readonly TraceEvent[]): InvariantResult {
  const names = new SentinelNames(trace);
  const violations = new Violations();
  const sentinelsInRun = sentinelNodes(trace).length;
  /** `voter@epoch` -> candidates it voted for in that epoch. */
  const cast = new Map<string, string[]>();
  const leaders = new Map<string, Leader[]>();
  for (const e of trace) {
    if (e.kind === 'sentinel.vote') {
      const key = `${String(e['runId'])}@${Number(e['epoch'])}`;
      cast.set(key, [...(cast.get(key) ?? []), String(e['candidate'])]);
      continue;
    }
    if (e.kind !== 'sentinel.leader' || e['forced'] === true) continue;
    const master = String(e['master']);
    const epoch = Number(e['epoch']);
    const runId = String(e['runId']);
    const voters = (e['voters'] as readonly string[] | undefined) ?? [];
    const known = Number(e['known']);
    const quorum = Number(e['quorum']);
    const who = `${e.node} (elected leader for ${master} in epoch ${epoch} at ${at(e.tUs)})`;
    // 1. Each counted vote was cast.
    for (const vote of voters) {
      const atSign = vote.lastIndexOf('@');
      const voter = vote.slice(0, atSign);
      const voteEpoch = vote.slice(atSign + 1);
      const granted = cast.get(`${voter}@${voteEpoch}`) ?? [];
      if (granted.includes(runId)) continue;
      const instead = granted.length === 0 ? 'it cast no vote in that epoch' : `it voted for ${granted.map((c) => names.name(c)).join(', ')}`;
      violations.add(e.tUs, e.node, `${who} counted ${names.name(voter)}'s vote in epoch ${voteEpoch}, but ${instead}`);
    }
    // 2. A majority of the Sentinels it knew, and the quorum.
    const majority = Math.floor(known / 2) + 1;
    if (voters.length < majority || voters.length < quorum) {
      const short = voters.length < majority ? `a majority of ${known} Sentinels needs ${majority}` : `the quorum is ${quorum}`;
      violations.add(e.tUs, e.node, `${who} with ${voters.length} vote(s): ${short}`);
    }
    // 3. One leader per epoch, where the majorities must overlap.
    const leader: Leader = { e, runId, overlapsEveryMajority: known >= sentinelsInRun && voters.every((v) => Number(v.slice(v.lastIndexOf('@') + 1)) === epoch) };
    const key = `${master}@${epoch}`;
    const earlier = leaders.get(key) ?? [];
    const rival = earlier.find((l) => l.runId !== runId && l.overlapsEveryMajority && leader.overlapsEveryMajority);
    if (rival !== undefined) {
      violations.add(
        e.tUs,
        e.node,
        `two leaders for ${master} in epoch ${epoch}: ${rival.e.node} at ${at(rival.e.tUs)} (votes of ${votersText(rival.e, names)}) and ${e.node} at ${at(e.tUs)} (votes of ${votersText(e, names)})`,
      );
    }
    leaders.set(key, [...earlier, leader]);
  }
  return violations.result(LEADERS.invariant, LEADERS.title);
}

function votersText(e: TraceEvent, names: SentinelNames): string {
  const voters = (e['voters'] as readonly string[] | undefined) ?? [];
  return voters.length === 0 ? 'nobody' : voters.map((v) => names.name(v.slice(0, v.lastIndexOf('@')))).join(', ');
}
