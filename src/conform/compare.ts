// Side by side: what real Redis did in N runs and what the simulation did in
// M seeds, row by row, each marked agree or differ. Tolerances are stated in
// the rows: failover time must fall within the simulated range widened by
// --tolerance-ms; the share of acknowledged writes lost within the simulated
// min–max widened by 2 percentage points (none agrees where some seed lost
// none); the
// first NOREPLICAS after a fault within the simulated range ±200 ms; the order
// of failover events must be one the simulation produced. Real runs vary from
// run to run, so a row agrees when the seeds' spread covers them.

import { checkLostWrites } from '../check/lost-writes.js';
import type { HistoryOp } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Simulation } from '../scenario/simulate.js';
import type { RealOutcome } from './real-run.js';

/** The failover events whose order is compared (first occurrence in the merged log). */
export const ORDERED_EVENTS = [
  '+sdown',
  '+odown',
  '+try-failover',
  '+elected-leader',
  '+failover-state-select-slave',
  '+selected-slave',
  '+failover-state-send-slaveof-noone',
  '+failover-state-wait-promotion',
  '+promoted-slave',
  '+failover-state-reconf-slaves',
  '+slave-reconf-sent',
  '+slave-reconf-done',
  '+failover-end',
  '+switch-master',
  '+convert-to-slave',
  '-failover-abort-not-elected',
  '-failover-abort-no-good-slave',
];

export interface RunFacts {
  readonly promoted: string | null;
  readonly failoverMs: number | null;
  readonly eventOrder: readonly string[];
  readonly lost: number;
  readonly acked: number;
  /** The first NOREPLICAS a client got after a fault, ms after that fault (null: none). */
  readonly noReplicasAfterMs: number | null;
  /** Data node → master / replica / down. */
  readonly roles: Record<string, string>;
  readonly converged: boolean;
}

interface Ev {
  readonly tMs: number;
  readonly sentinel: string;
  readonly text: string;
}

function eventOrder(events: readonly Ev[]): string[] {
  const seen: string[] = [];
  for (const e of [...events].sort((a, b) => a.tMs - b.tMs)) {
    const name = e.text.split(' ')[0]!;
    // Only the master's +sdown: replicas' and Sentinels' come and go with every fault.
    if (name === '+sdown' && !e.text.startsWith('+sdown master')) continue;
    if (ORDERED_EVENTS.includes(name) && !seen.includes(name)) seen.push(name);
  }
  return seen;
}

/** First +switch-master heard from a majority of Sentinels; time since the last fault before it. */
function failover(events: readonly Ev[], sentinels: number, faultTimesMs: readonly number[]): { promoted: string | null; failoverMs: number | null } {
  const switched = new Map<string, Ev>();
  for (const e of [...events].sort((a, b) => a.tMs - b.tMs)) if (e.text.startsWith('+switch-master') && !switched.has(e.sentinel)) switched.set(e.sentinel, e);
  const ordered = [...switched.values()];
  const majority = ordered[Math.floor(sentinels / 2)];
  if (majority === undefined) return { promoted: ordered[0]?.text.split(' ')[4] ?? null, failoverMs: null };
  const fault = [...faultTimesMs].filter((t) => t <= majority.tMs).pop();
  return { promoted: majority.text.split(' ')[4] ?? null, failoverMs: fault === undefined ? null : majority.tMs - fault };
}

/**
 * The first write the initial master refused with NOREPLICAS after the first
 * fault; ms since the last fault before it. (A promoted replica may refuse
 * some too, until its own replicas attach: not what this row is about.)
 */
function noReplicasOnset(history: readonly HistoryOp[], faultTimesMs: readonly number[], master: string | undefined): number | null {
  const firstFaultUs = faultTimesMs.length === 0 ? null : Math.min(...faultTimesMs) * 1000;
  if (firstFaultUs === null) return null;
  let firstUs: number | null = null;
  for (const op of history) if (op.type === 'fail' && op.node === master && op.time >= firstFaultUs && op.error?.startsWith('NOREPLICAS') && (firstUs === null || op.time < firstUs)) firstUs = op.time;
  if (firstUs === null) return null;
  const fault = [...faultTimesMs].sort((a, b) => a - b).filter((t) => t * 1000 <= firstUs).pop()!;
  return firstUs / 1000 - fault;
}

const roleKind = (r: string) => (r.startsWith('replica') ? 'replica' : r);

function converged(roles: Record<string, string>, sentinels: Record<string, string>): boolean {
  const masters = Object.entries(roles).filter(([, r]) => r === 'master').map(([n]) => n);
  if (masters.length !== 1) return false;
  const m = masters[0]!;
  return Object.values(sentinels).every((v) => v === 'down' || v === `${m}:6379`) && Object.values(roles).every((r) => r === 'master' || r === 'down' || r === `replica of ${m} (link up)`);
}

export function realFacts(scenario: Scenario, real: RealOutcome): RunFacts {
  const lw = checkLostWrites(real.history);
  const fo = failover(real.events, scenario.sentinel?.names.length ?? 0, scenario.faults.map((f) => f.atUs / 1000));
  return {
    ...fo,
    eventOrder: eventOrder(real.events),
    lost: lw.lost,
    acked: lw.acked,
    noReplicasAfterMs: noReplicasOnset(real.history, scenario.faults.map((f) => f.atUs / 1000), scenario.sentinel?.monitor.master),
    roles: Object.fromEntries(Object.entries(real.roles).map(([n, r]) => [n, roleKind(r)])),
    converged: converged(real.roles, real.sentinels),
  };
}

export function simFacts(scenario: Scenario, run: Simulation): RunFacts {
  const events: Ev[] = run.trace.filter((e: TraceEvent) => e.kind === 'sentinel.event').map((e) => ({ tMs: e.tUs / 1000, sentinel: e.node, text: String(e['text']) }));
  const fo = failover(events, scenario.sentinel?.names.length ?? 0, scenario.faults.map((f) => f.atUs / 1000));
  const r = run.result;
  return {
    ...fo,
    eventOrder: eventOrder(events),
    lost: r.checkers.lostWrites.lost,
    acked: r.checkers.lostWrites.acked,
    noReplicasAfterMs: noReplicasOnset(run.history, scenario.faults.map((f) => f.atUs / 1000), scenario.sentinel?.monitor.master),
    roles: Object.fromEntries(Object.entries(r.final.roles).map(([n, role]) => [n, roleKind(role)])),
    converged: converged(r.final.roles, r.final.sentinels),
  };
}

export interface Row {
  readonly what: string;
  readonly real: string;
  readonly simulated: string;
  readonly agree: boolean;
}

const secs = (ms: number | null) => (ms === null ? 'none' : `${(ms / 1000).toFixed(1)}s`);
const distinct = (xs: readonly string[]) => [...new Set(xs)];
const count = (xs: readonly string[]) => {
  const c = new Map<string, number>();
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1]).map(([x, n]) => (c.size === 1 ? x : `${x} (${n})`)).join(', ');
};

export function compare(real: readonly RunFacts[], sim: readonly RunFacts[], toleranceMs: number): Row[] {
  const rows: Row[] = [];
  const simPromoted = distinct(sim.map((s) => s.promoted ?? 'none'));
  rows.push({ what: 'promoted node', real: count(real.map((r) => r.promoted ?? 'none')), simulated: count(sim.map((s) => s.promoted ?? 'none')), agree: real.every((r) => simPromoted.includes(r.promoted ?? 'none')) });

  const simOrders = sim.map((s) => s.eventOrder.join(' → '));
  // The first +switch-master (a non-leader hearing the leader's hello) races the
  // leader's +slave-reconf-done / +failover-end (its INFO of the replicas): real
  // runs show both orders, so the comparison leaves its place among those out.
  const withoutRace = (order: readonly string[]) => order.filter((e) => e !== '+switch-master').join(' → ');
  rows.push({
    what: 'order of failover events (+switch-master races the last reconfiguration steps: its place there is not compared)',
    real: count(real.map((r) => r.eventOrder.join(' → ') || 'none')),
    simulated: count(simOrders.map((o) => o || 'none')),
    agree: real.every((r) => sim.some((s) => withoutRace(s.eventOrder) === withoutRace(r.eventOrder) && s.eventOrder.includes('+switch-master') === r.eventOrder.includes('+switch-master'))),
  });

  const simTimes = sim.map((s) => s.failoverMs).filter((t): t is number => t !== null);
  const lo = Math.min(...simTimes);
  const hi = Math.max(...simTimes);
  const simTimeText = simTimes.length === 0 ? 'none' : `${secs(lo)}–${secs(hi)} (${simTimes.length} of ${sim.length} seeds)`;
  // No failover for real agrees when some seed had none too (as every other row: one some seed shows).
  const timeAgrees = (t: number | null) => (t === null ? simTimes.length < sim.length : simTimes.length > 0 && t >= lo - toleranceMs && t <= hi + toleranceMs);
  rows.push({ what: `failover time, fault to +switch-master on a majority (±${secs(toleranceMs)})`, real: real.map((r) => secs(r.failoverMs)).join(', '), simulated: simTimeText, agree: real.every((r) => timeAgrees(r.failoverMs)) });

  // Compared as a share of the acknowledged writes: a loaded machine slows the
  // real clients (fewer writes, so fewer lost), not what fraction is lost.
  const rate = (f: RunFacts) => (f.acked === 0 ? 0 : f.lost / f.acked);
  const simLost = sim.map((s) => s.lost);
  const simRates = sim.map(rate);
  const rateLo = Math.min(...simRates);
  const rateHi = Math.max(...simRates);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  rows.push({
    what: 'acknowledged writes lost, as a share of acked, in the simulated range (±2 points)',
    real: real.map((r) => `${r.lost} of ${r.acked} (${pct(rate(r))})`).join(', '),
    simulated: `${Math.min(...simLost)}–${Math.max(...simLost)} of ~${Math.round(sim.reduce((a, s) => a + s.acked, 0) / sim.length)} (${pct(rateLo)}–${pct(rateHi)})`,
    agree: real.every((r) => (r.lost === 0 ? simLost.includes(0) : rateHi > 0 && rate(r) >= rateLo - 0.02 && rate(r) <= rateHi + 0.02)),
  });

  const onsets = (xs: readonly RunFacts[]) => xs.map((x) => x.noReplicasAfterMs).filter((t): t is number => t !== null);
  const simOnsets = onsets(sim);
  if (simOnsets.length > 0 || onsets(real).length > 0) {
    const onLo = Math.min(...simOnsets);
    const onHi = Math.max(...simOnsets);
    const ms = (t: number | null) => (t === null ? 'none' : `${(t / 1000).toFixed(2)}s`);
    rows.push({
      what: 'first NOREPLICAS from the initial master after the fault (±0.2s)',
      real: real.map((r) => ms(r.noReplicasAfterMs)).join(', '),
      simulated: simOnsets.length === 0 ? 'none' : `${ms(onLo)}–${ms(onHi)} (${simOnsets.length} of ${sim.length} seeds)`,
      agree: real.every((r) => (r.noReplicasAfterMs === null ? simOnsets.length < sim.length : simOnsets.length > 0 && r.noReplicasAfterMs >= onLo - 200 && r.noReplicasAfterMs <= onHi + 200)),
    });
  }

  const rolesText = (r: RunFacts) => Object.entries(r.roles).map(([n, role]) => `${n} ${role}`).join(', ');
  const simRoles = sim.map(rolesText);
  rows.push({ what: 'final roles', real: count(real.map(rolesText)), simulated: count(simRoles), agree: real.every((r) => simRoles.includes(rolesText(r))) });

  const simConverged = sim.map((s) => (s.converged ? 'converged' : 'not converged'));
  rows.push({ what: 'converged at the end', real: count(real.map((r) => (r.converged ? 'converged' : 'not converged'))), simulated: count(simConverged), agree: real.every((r) => simConverged.includes(r.converged ? 'converged' : 'not converged')) });
  return rows;
}
