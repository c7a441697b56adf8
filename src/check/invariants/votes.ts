// At most one vote per Sentinel per epoch (per master): a Sentinel grants its
// vote to the first Sentinel that asks in an epoch and records it (leader and
// leader-epoch, saved in sentinel.conf before it answers), so it never grants
// another in that epoch, not even after a restart. Read from `sentinel.vote`,
// recorded when a vote is granted.
//
// Not flagged: a vote after the Sentinel's disk was wiped (it starts over as a
// new Sentinel, with a new run id, as a real one would) or after the master was
// removed and monitored again (SENTINEL REMOVE forgets the vote).

import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, type InvariantResult } from './result.js';
import { SentinelNames } from './sentinel-ids.js';

export const VOTES = { invariant: 'one-vote-per-epoch', title: 'one vote per Sentinel per epoch' } as const;
export const VOTES_KINDS = ['sentinel.vote', 'sentinel.event', 'process', 'log'] as const;

export function checkVotes(trace: readonly TraceEvent[]): InvariantResult {
  const names = new SentinelNames(trace);
  const violations = new Violations();
  /** Sentinel node -> master -> epoch -> the vote. */
  const votes = new Map<string, Map<string, Map<number, TraceEvent>>>();
  for (const e of trace) {
    if (e.kind === 'process' && e['event'] === 'disk-wiped') votes.delete(e.node);
    else if (e.kind === 'sentinel.event' && e['name'] === '-monitor') votes.get(e.node)?.delete(String(e['master']));
    else if (e.kind === 'sentinel.vote') {
      const master = String(e['master']);
      const epoch = Number(e['epoch']);
      let byMaster = votes.get(e.node);
      if (byMaster === undefined) votes.set(e.node, (byMaster = new Map()));
      let byEpoch = byMaster.get(master);
      if (byEpoch === undefined) byMaster.set(master, (byEpoch = new Map()));
      const first = byEpoch.get(epoch);
      if (first === undefined) {
        byEpoch.set(epoch, e);
        continue;
      }
      const again = first['candidate'] === e['candidate'] ? 'again for' : 'then for';
      violations.add(
        e.tUs,
        e.node,
        `${e.node} voted twice in epoch ${epoch} for ${master}: for ${names.name(first['candidate'] as string)} at ${at(first.tUs)}, ${again} ${names.name(e['candidate'] as string)} at ${at(e.tUs)}`,
      );
    }
  }
  return violations.result(VOTES.invariant, VOTES.title);
}
