// Availability and failover time. Per client: how many operations completed
// ok / fail / info, overall and per second of the run; and, in time rather
// than in operation counts (a client stuck on a dead master issues fewer
// operations, so its ok rate hides the outage): the longest stretch without
// an acknowledged write while it kept writing, the outage windows (such
// stretches of OUTAGE_MIN_MS or more), and its unavailable seconds (whole
// seconds of its active span without a successful operation, with the error
// that filled each). Per failover: the time from the fault that caused it to
// +switch-master on a majority of Sentinels.

import { forEachPair, type HistoryOp, type HistorySource } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { faultMarks, faultSeparates, hostsOfNodes, sentinelNodes, switches, type FaultMark } from './trace-facts.js';

/** A stretch without an acknowledged write while the client kept writing, µs since t=0. */
export interface WriteGap {
  readonly fromUs: number;
  readonly toUs: number;
  readonly ms: number;
}

export interface ClientAvailability {
  ok: number;
  fail: number;
  info: number;
  /** ok / all completed. */
  okRate: number;
  /** Per second of the run: [ok, fail, info]. */
  perSecond: [number, number, number][];
  /** From the first write sent (or an ack) to the next ack, or to the last write sent; null: no writes. */
  longestWriteGap: WriteGap | null;
  /** Every write gap of OUTAGE_MIN_MS or more, in time order. */
  outages: WriteGap[];
  /** Seconds of the client's active span with no successful operation. */
  unavailableSeconds: number;
  /** Those seconds by the most common error in each (`NOREPLICAS`, `timeout`, …; `no answer` when none came back). */
  unavailableBecause: Record<string, number>;
}

/** A write gap this long or longer is an outage window (report, story). */
export const OUTAGE_MIN_MS = 5_000;

const WRITES = new Set(['add', 'append', 'incr', 'write']);

/** `NOREPLICAS Not enough good replicas to write.` → `NOREPLICAS`; the client's own reasons (`timeout`, `no Sentinel answered`) stay whole. */
export function errorKind(error: string | undefined): string {
  if (error === undefined || error === '') return 'unknown';
  const code = /^[A-Z][A-Z_]+(?=\s|$)/.exec(error);
  return code !== null ? code[0] : error.length > 40 ? `${error.slice(0, 37)}...` : error;
}

/** What the streaming pass keeps per client to measure its outages. */
interface GapState {
  /** The start of the current gap: the first write sent, then each ack. */
  markUs: number;
  lastWriteSentUs: number;
  firstSecond: number;
  lastSecond: number;
  /** Per second: error kind → count. */
  errors: Map<number, Map<string, number>>;
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

  private readonly gaps = new Map<string, GapState>();

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    if (invoke.f === 'final-read') return;
    const process = invoke.process;
    const c = (this.clients[process] ??= { ok: 0, fail: 0, info: 0, okRate: 0, perSecond: [], longestWriteGap: null, outages: [], unavailableSeconds: 0, unavailableBecause: {} });
    let g = this.gaps.get(process);
    if (g === undefined) this.gaps.set(process, (g = { markUs: -1, lastWriteSentUs: -1, firstSecond: Math.floor(invoke.time / 1_000_000), lastSecond: 0, errors: new Map() }));
    const isWrite = WRITES.has(invoke.f);
    if (isWrite) {
      if (g.markUs < 0) g.markUs = invoke.time;
      g.lastWriteSentUs = Math.max(g.lastWriteSentUs, invoke.time);
    }
    g.lastSecond = Math.max(g.lastSecond, Math.floor((completion?.time ?? invoke.time) / 1_000_000));
    if (completion === null) return;
    const second = Math.floor(completion.time / 1_000_000);
    while (c.perSecond.length <= second) c.perSecond.push([0, 0, 0]);
    const bucket = c.perSecond[second]!;
    if (completion.type === 'ok') {
      c.ok++;
      bucket[0]++;
      if (isWrite) {
        this.closeGap(c, g.markUs, completion.time);
        g.markUs = completion.time;
      }
      return;
    }
    if (completion.type === 'fail') {
      c.fail++;
      bucket[1]++;
    } else {
      c.info++;
      bucket[2]++;
    }
    const kinds = g.errors.get(second) ?? new Map<string, number>();
    const kind = errorKind(completion.error);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    g.errors.set(second, kinds);
  };

  private closeGap(c: ClientAvailability, fromUs: number, toUs: number): void {
    if (fromUs < 0 || toUs <= fromUs) return;
    const gap = { fromUs, toUs, ms: (toUs - fromUs) / 1000 };
    if (c.longestWriteGap === null || gap.ms > c.longestWriteGap.ms) c.longestWriteGap = gap;
    if (gap.ms >= OUTAGE_MIN_MS) c.outages.push(gap);
  }

  /** The tally, with each failover's time from the trace. */
  result(trace: readonly TraceEvent[]): AvailabilityResult {
    const clients = this.clients;
    for (const [process, c] of Object.entries(clients)) {
      c.okRate = c.ok / Math.max(1, c.ok + c.fail + c.info);
      const g = this.gaps.get(process)!;
      // Still writing at the end with no ack since: that stretch counts too.
      if (g.markUs >= 0 && g.lastWriteSentUs > g.markUs) this.closeGap(c, g.markUs, g.lastWriteSentUs);
      let down = 0;
      const because: Record<string, number> = {};
      for (let second = g.firstSecond; second <= g.lastSecond; second++) {
        if ((c.perSecond[second]?.[0] ?? 0) > 0) continue;
        down++;
        const kinds = [...(g.errors.get(second) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        const kind = kinds[0]?.[0] ?? 'no answer';
        because[kind] = (because[kind] ?? 0) + 1;
      }
      c.unavailableSeconds = down;
      c.unavailableBecause = because;
    }
    return { clients, failovers: failoversIn(trace) };
  }
}

export function checkAvailability(history: readonly HistoryOp[] | HistorySource, trace: readonly TraceEvent[]): AvailabilityResult {
  const tally = new AvailabilityTally();
  forEachPair(history, tally.visit);
  return tally.result(trace);
}

/**
 * Each failover: when a majority of Sentinels had switched, and the fault
 * that caused it: the latest fault before the first Sentinel saw the old
 * master subjectively down that could keep one of the Sentinels that saw it
 * from reaching it (a crash, pause or power loss of the master or its box, a
 * partition between them, slow links at either end). A crash of some other
 * node in between is not the cause. When no fault fits, the latest before the
 * switch, as before.
 */
function failoversIn(trace: readonly TraceEvent[]): Failover[] {
  const majority = Math.floor(sentinelNodes(trace).length / 2) + 1;
  const faults = faultMarks(trace).filter((f) => !f.ends);
  const hostOf = hostsOfNodes(trace);
  const sdowns = trace.filter((e) => e.kind === 'sentinel.event' && e['name'] === '+sdown' && String(e['text']).startsWith('+sdown master '));
  const failovers: Failover[] = [];
  const seen = new Map<string, Set<string>>();
  for (const s of switches(trace)) {
    const key = `${s.from}>${s.to}`;
    let voters = seen.get(key);
    if (voters === undefined) seen.set(key, (voters = new Set()));
    if (voters.has(s.sentinel)) continue;
    voters.add(s.sentinel);
    if (voters.size !== majority) continue;
    const fault = causeOf(s.from, s.tUs, faults, sdowns, hostOf);
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

function causeOf(from: string, switchedUs: number, faults: readonly FaultMark[], sdowns: readonly TraceEvent[], hostOf: ReadonlyMap<string, string>): FaultMark | null {
  const [host, port] = from.split(':');
  const master = host ?? from;
  // Each Sentinel's latest +sdown of this master before the switch: this episode's.
  const latest = new Map<string, number>();
  for (const e of sdowns) if (e.tUs <= switchedUs && String(e['text']).endsWith(` ${master} ${port}`)) latest.set(e.node, e.tUs);
  const observers = [...latest.keys()];
  const firstDownUs = latest.size === 0 ? switchedUs : Math.min(...latest.values());
  const before = faults.filter((f) => f.tUs <= firstDownUs);
  for (let i = before.length - 1; i >= 0; i--) if (observers.some((o) => faultSeparates(before[i]!, master, o, hostOf))) return before[i]!;
  return [...faults].reverse().find((f) => f.tUs <= switchedUs) ?? null;
}
