// Availability and failover time. Per client: how many operations completed
// ok / fail / info, overall and per second of the run. Per failover: the time
// from the fault that caused it to +switch-master on a majority of Sentinels.

import { forEachPair, type HistoryOp, type HistorySource } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { faultMarks, sentinelNodes, switches } from './trace-facts.js';

export interface ClientAvailability {
  ok: number;
  fail: number;
  info: number;
  /** ok / all completed. */
  okRate: number;
  /** Per second of the run: [ok, fail, info]. */
  perSecond: [number, number, number][];
}

export interface Failover {
  readonly from: string;
  readonly to: string;
  readonly epoch: number;
  /** The fault before it (its start), µs, and what it was. */
  readonly faultAtUs: number | null;
  readonly fault: string | null;
  /** When a majority of Sentinels had switched, µs. */
  readonly switchedAtUs: number;
  readonly durationMs: number | null;
}

export interface AvailabilityResult {
  readonly clients: Record<string, ClientAvailability>;
  readonly failovers: readonly Failover[];
}

/** Completions per client and per second, from one streaming pass (`visit`). */
export class AvailabilityTally {
  // Keyed by process names: no prototype, so no name can be mistaken for one of its members.
  private readonly clients = Object.create(null) as Record<string, ClientAvailability>;

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    if (completion === null || invoke.f === 'final-read') return;
    const c = (this.clients[invoke.process] ??= { ok: 0, fail: 0, info: 0, okRate: 0, perSecond: [] });
    const second = Math.floor(completion.time / 1_000_000);
    while (c.perSecond.length <= second) c.perSecond.push([0, 0, 0]);
    const bucket = c.perSecond[second]!;
    if (completion.type === 'ok') {
      c.ok++;
      bucket[0]++;
    } else if (completion.type === 'fail') {
      c.fail++;
      bucket[1]++;
    } else {
      c.info++;
      bucket[2]++;
    }
  };

  /** The tally, with each failover's time from the trace. */
  result(trace: readonly TraceEvent[]): AvailabilityResult {
    const clients = this.clients;
    for (const c of Object.values(clients)) c.okRate = c.ok / Math.max(1, c.ok + c.fail + c.info);
    return { clients, failovers: failoversIn(trace) };
  }
}

export function checkAvailability(history: readonly HistoryOp[] | HistorySource, trace: readonly TraceEvent[]): AvailabilityResult {
  const tally = new AvailabilityTally();
  forEachPair(history, tally.visit);
  return tally.result(trace);
}

/** Each failover: when a majority of Sentinels had switched, and the fault before it. */
function failoversIn(trace: readonly TraceEvent[]): Failover[] {
  const majority = Math.floor(sentinelNodes(trace).length / 2) + 1;
  const faults = faultMarks(trace).filter((f) => !f.ends);
  const failovers: Failover[] = [];
  const seen = new Map<string, Set<string>>();
  for (const s of switches(trace)) {
    const key = `${s.from}>${s.to}`;
    let voters = seen.get(key);
    if (voters === undefined) seen.set(key, (voters = new Set()));
    if (voters.has(s.sentinel)) continue;
    voters.add(s.sentinel);
    if (voters.size !== majority) continue;
    const fault = [...faults].reverse().find((f) => f.tUs <= s.tUs) ?? null;
    failovers.push({
      from: s.from,
      to: s.to,
      epoch: s.epoch,
      faultAtUs: fault?.tUs ?? null,
      fault: fault?.what ?? null,
      switchedAtUs: s.tUs,
      durationMs: fault === null ? null : (s.tUs - fault.tUs) / 1000,
    });
  }
  return failovers;
}
