// A partial resync only with a replication ID and offset the master's backlog
// can serve. A master answering +CONTINUE records the request and what it
// held (`redis.psync`); as masterTryPartialResynchronization decides, the
// request must name its current replication ID, or its previous one with an
// offset no later than where that ID ended (second_replid_offset), and the
// offset must lie in the backlog: from its first byte to one past its last.
// Anything else needs a full resync: continuing would give the replica a
// stream that does not follow from its data.

import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, shortId, type InvariantResult } from './result.js';

export const PARTIAL_RESYNC = { invariant: 'partial-resync', title: 'partial resync only from backlog' } as const;
export const PARTIAL_RESYNC_KINDS = ['redis.psync'] as const;

export function checkPartialResyncs(trace: readonly TraceEvent[]): InvariantResult {
  const violations = new Violations();
  for (const e of trace) {
    if (e.kind !== 'redis.psync') continue;
    const replid = String(e['replid']);
    const offset = Number(e['offset']);
    const myReplid = String(e['myReplid']);
    const myReplid2 = String(e['myReplid2']);
    const secondReplOffset = Number(e['secondReplOffset']);
    const first = Number(e['backlogFirstByte']);
    const last = first + Number(e['backlogHistlen']);
    const what = `${e.node} continued ${String(e['replica'])}'s replication at ${at(e.tUs)} (PSYNC ${shortId(replid)} ${offset})`;
    if (replid !== myReplid && replid !== myReplid2) {
      violations.add(e.tUs, e.node, `${what}, but that replication ID is neither its own (${shortId(myReplid)}) nor its previous one (${shortId(myReplid2)})`);
    } else if (replid !== myReplid && offset > secondReplOffset) {
      violations.add(e.tUs, e.node, `${what}, but its previous replication ID ${shortId(myReplid2)} is valid only up to offset ${secondReplOffset}`);
    } else if (offset < first || offset > last) {
      violations.add(e.tUs, e.node, `${what}, but its backlog holds offsets ${first} to ${last - 1}: it can resume from ${first} to ${last}`);
    }
  }
  return violations.result(PARTIAL_RESYNC.invariant, PARTIAL_RESYNC.title);
}
