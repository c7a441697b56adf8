// The promoted replica is one the selection rules allow, given what the leader
// knew. At selection the leader records every replica it knew with what
// sentinelSelectSlave reads (`sentinel.select`); the checker applies the rules
// to those facts:
//  - filters: not SDOWN or ODOWN, link connected, a PING reply within 5 ping
//    periods, priority not 0, INFO within 5 ping periods if the master is SDOWN
//    (else 3 INFO periods), master link down no longer than the master's SDOWN
//    time plus 10 down-after periods;
//  - order: lower priority, then larger replication offset, then the smaller
//    run id (case-insensitive; unknown run ids last).
// The choice must pass the filters and no passing replica may come before it;
// no choice is right only when none passes. Replicas equal in all three are
// interchangeable (Redis sorts with qsort, which is not stable).
//
// It judges the decision against the leader's facts, not the cluster's truth:
// a leader whose INFO was stale chose rightly by what it knew.

import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, type InvariantResult } from './result.js';

export const SELECTION = { invariant: 'replica-selection', title: 'promotion obeys selection rules' } as const;
export const SELECTION_KINDS = ['sentinel.select'] as const;

interface Candidate {
  readonly name: string;
  readonly sDown: boolean;
  readonly oDown: boolean;
  readonly disconnected: boolean;
  readonly pingAgoMs: number;
  readonly infoAgoMs: number;
  readonly priority: number;
  readonly offset: number;
  readonly runId: string;
  readonly linkDownMs: number;
}

function candidates(e: TraceEvent): Candidate[] {
  const list = <T>(field: string) => (e[field] as readonly T[] | undefined) ?? [];
  return list<string>('replicas').map((name, i) => ({
    name,
    sDown: list<boolean>('sDown')[i] === true,
    oDown: list<boolean>('oDown')[i] === true,
    disconnected: list<boolean>('disconnected')[i] === true,
    pingAgoMs: list<number>('pingAgoMs')[i] ?? Infinity,
    infoAgoMs: list<number>('infoAgoMs')[i] ?? Infinity,
    priority: list<number>('priority')[i] ?? 0,
    offset: list<number>('offset')[i] ?? 0,
    runId: list<string>('runId')[i] ?? '',
    linkDownMs: list<number>('linkDownMs')[i] ?? Infinity,
  }));
}

/** Why the filters exclude this replica, or null if it passes. */
function excluded(c: Candidate, e: TraceEvent): string | null {
  const pingPeriodMs = Number(e['pingPeriodMs']);
  const masterSDown = e['masterSDown'] === true;
  const infoValidityMs = masterSDown ? pingPeriodMs * 5 : Number(e['infoPeriodMs']) * 3;
  const maxLinkDownMs = Number(e['masterDownMs']) + Number(e['downAfterMs']) * 10;
  if (c.sDown || c.oDown) return 'it was SDOWN';
  if (c.disconnected) return 'its link was disconnected';
  if (c.pingAgoMs > pingPeriodMs * 5) return `its last PING reply was ${Math.round(c.pingAgoMs)} ms old (limit ${pingPeriodMs * 5} ms)`;
  if (c.priority === 0) return 'its replica-priority was 0';
  if (c.infoAgoMs > infoValidityMs) return `its INFO was ${Math.round(c.infoAgoMs)} ms old (limit ${infoValidityMs} ms)`;
  if (c.linkDownMs > maxLinkDownMs) return `its master link had been down ${c.linkDownMs} ms (limit ${maxLinkDownMs} ms)`;
  return null;
}

/** Negative when `a` is to be promoted before `b`. */
function compare(a: Candidate, b: Candidate): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.offset !== b.offset) return b.offset - a.offset;
  if (a.runId === '' || b.runId === '') return (a.runId === '' ? 1 : 0) - (b.runId === '' ? 1 : 0);
  const x = a.runId.toLowerCase();
  const y = b.runId.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const describe = (c: Candidate) => `${c.name} (priority ${c.priority}, offset ${c.offset}${c.runId === '' ? ', run id unknown' : `, run id ${c.runId.slice(0, 8)}`})`;

export function checkReplicaSelection(trace: readonly TraceEvent[]): InvariantResult {
  const violations = new Violations();
  for (const e of trace) {
    if (e.kind !== 'sentinel.select') continue;
    const all = candidates(e);
    const passing = all.filter((c) => excluded(c, e) === null);
    const chosenName = e['chosen'];
    const where = `${e.node} (failover of ${String(e['master'])}, epoch ${String(e['epoch'])}, at ${at(e.tUs)})`;
    if (chosenName === null || chosenName === undefined) {
      if (passing.length > 0) violations.add(e.tUs, e.node, `${where} found no replica to promote, but ${passing.map(describe).join(', ')} passed every filter`);
      continue;
    }
    const chosen = all.find((c) => c.name === chosenName);
    if (chosen === undefined) {
      violations.add(e.tUs, e.node, `${where} chose ${String(chosenName)}, a replica it did not know`);
      continue;
    }
    const why = excluded(chosen, e);
    if (why !== null) {
      violations.add(e.tUs, e.node, `${where} chose ${chosen.name}, which the filters exclude: ${why}`);
      continue;
    }
    const better = passing.filter((c) => compare(c, chosen) < 0).sort(compare)[0];
    if (better !== undefined) violations.add(e.tUs, e.node, `${where} chose ${describe(chosen)} over ${describe(better)}, which comes first`);
  }
  return violations.result(SELECTION.invariant, SELECTION.title);
}
