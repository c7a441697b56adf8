// A sweep's outcomes, per setting: the figures the table and the page show,
// the order that matters (acknowledged writes lost, then time unavailable),
// and the trade-off in one line. Everything is computed from outcomes sorted
// by (setting, seed), so it does not depend on jobs, shards or scheduling.

import type { Setting } from './settings.js';
import type { SweepSeedOutcome } from './outcome.js';
import { meanInterval, percentile, wilson } from './stats.js';

export interface ClientUnavailability {
  readonly meanSeconds: number;
  readonly p90Seconds: number;
  readonly maxSeconds: number;
  /** The most common error in those seconds over all seeds, or null. */
  readonly because: string | null;
  /** Mean seconds per seed by the error that filled them. */
  readonly byError: Readonly<Record<string, number>>;
}

export interface SettingSummary {
  readonly setting: Setting;
  readonly seeds: number;
  /** Seeds whose cluster did not settle with this setting. */
  readonly startFailures: number;
  readonly loss: {
    readonly meanRate: number;
    readonly meanRateLow: number;
    readonly meanRateHigh: number;
    readonly p50Rate: number;
    readonly p90Rate: number;
    readonly maxRate: number;
    readonly lost: number;
    readonly acked: number;
  };
  readonly unavailable: Readonly<Record<string, ClientUnavailability>>;
  /** Over the seeds that failed over: time from the fault to the switch, ms. */
  readonly failover: { readonly seeds: number; readonly p50Ms: number | null; readonly p90Ms: number | null; readonly maxMs: number | null; readonly samplesMs: readonly number[] };
  readonly splitBrain: { readonly seeds: number; readonly share: number; readonly low: number; readonly high: number };
  readonly abortedFailovers: number;
  readonly convergenceFailures: { readonly seeds: number; readonly share: number; readonly low: number; readonly high: number };
  /** Per seed, for the page's plots: [lost rate, total unavailable seconds]. */
  readonly perSeed: readonly (readonly [number, number])[];
}

/** The key with the largest value (ties: alphabetical), or null. */
function largest(values: Readonly<Record<string, number>>): string | null {
  let best: string | null = null;
  for (const [k, v] of Object.entries(values).sort((a, b) => a[0].localeCompare(b[0]))) if (v > 0 && (best === null || v > values[best]!)) best = k;
  return best;
}

export function summarize(setting: Setting, outcomes: readonly SweepSeedOutcome[]): SettingSummary {
  const ran = outcomes.filter((o) => o.startFailed === null);
  const rates = ran.map((o) => o.lostRate);
  const rateCi = meanInterval(rates);
  const clients = [...new Set(outcomes.flatMap((o) => Object.keys(o.unavailableSeconds)))].sort();
  const unavailable: Record<string, ClientUnavailability> = {};
  for (const c of clients) {
    const secs = ran.map((o) => o.unavailableSeconds[c] ?? 0);
    const byError: Record<string, number> = {};
    for (const o of ran) for (const [kind, n] of Object.entries(o.unavailableBecause[c] ?? {})) byError[kind] = (byError[kind] ?? 0) + n / ran.length;
    unavailable[c] = { meanSeconds: meanInterval(secs).mean, p90Seconds: percentile(secs, 90) ?? 0, maxSeconds: percentile(secs, 100) ?? 0, because: largest(byError), byError };
  }
  const failovers = ran.map((o) => o.failoverMs).filter((ms): ms is number => ms !== null);
  const split = ran.filter((o) => o.splitBrain).length;
  const notConverged = outcomes.filter((o) => o.convergenceFailed).length;
  const [splitLow, splitHigh] = wilson(split, ran.length);
  const [convLow, convHigh] = wilson(notConverged, outcomes.length);
  return {
    setting,
    seeds: outcomes.length,
    startFailures: outcomes.length - ran.length,
    loss: {
      meanRate: rateCi.mean,
      meanRateLow: Math.max(0, rateCi.low),
      meanRateHigh: Math.min(1, rateCi.high),
      p50Rate: percentile(rates, 50) ?? 0,
      p90Rate: percentile(rates, 90) ?? 0,
      maxRate: percentile(rates, 100) ?? 0,
      lost: ran.reduce((s, o) => s + o.lost, 0),
      acked: ran.reduce((s, o) => s + o.acked, 0),
    },
    unavailable,
    failover: { seeds: failovers.length, p50Ms: percentile(failovers, 50), p90Ms: percentile(failovers, 90), maxMs: percentile(failovers, 100), samplesMs: [...failovers].sort((a, b) => a - b) },
    splitBrain: { seeds: split, share: ran.length === 0 ? 0 : split / ran.length, low: splitLow, high: splitHigh },
    abortedFailovers: ran.reduce((s, o) => s + o.abortedFailovers, 0),
    convergenceFailures: { seeds: notConverged, share: outcomes.length === 0 ? 0 : notConverged / outcomes.length, low: convLow, high: convHigh },
    perSeed: ran.map((o) => [o.lostRate, Object.values(o.unavailableSeconds).reduce((s, v) => s + v, 0)] as const),
  };
}

/** Mean unavailable seconds summed over clients. */
export function totalUnavailable(s: SettingSummary): number {
  return Object.values(s.unavailable).reduce((sum, u) => sum + u.meanSeconds, 0);
}

/** What matters first: acknowledged writes lost, then time unavailable, then the order given. */
export function sortSummaries(rows: readonly SettingSummary[]): SettingSummary[] {
  return [...rows].sort((a, b) => a.loss.meanRate - b.loss.meanRate || totalUnavailable(a) - totalUnavailable(b) || a.setting.index - b.setting.index);
}

const pct = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 0)}%`;

/** The trade-off in one line: what the lowest-loss setting changes, and what it costs whom. */
export function tradeOff(sorted: readonly SettingSummary[]): string {
  if (sorted.length < 2) return '';
  const leastLoss = sorted[0]!;
  const leastDown = [...sorted].sort((a, b) => totalUnavailable(a) - totalUnavailable(b) || a.loss.meanRate - b.loss.meanRate || a.setting.index - b.setting.index)[0]!;
  if (leastLoss === leastDown || totalUnavailable(leastLoss) <= totalUnavailable(leastDown)) {
    return `${leastLoss.setting.label} is best on both counts: ${pct(leastLoss.loss.meanRate)} of acknowledged writes lost, ${totalUnavailable(leastLoss).toFixed(1)} s unavailable per seed`;
  }
  const changes = leastLoss.setting.values
    .map((v, i) => ({ v, other: leastDown.setting.values[i]! }))
    .filter(({ v, other }) => v.label !== other.label)
    .map(({ v, other }) => `${v.name} ${v.label} (instead of ${other.label})`);
  let worst = '';
  let worstDelta = -Infinity;
  for (const [client, u] of Object.entries(leastLoss.unavailable)) {
    const delta = u.meanSeconds - (leastDown.unavailable[client]?.meanSeconds ?? 0);
    if (delta > worstDelta) {
      worstDelta = delta;
      worst = client;
    }
  }
  // What the extra seconds were: the error whose seconds grew most.
  const more = leastLoss.unavailable[worst]?.byError ?? {};
  const less = leastDown.unavailable[worst]?.byError ?? {};
  const because = largest(Object.fromEntries(Object.keys(more).map((k) => [k, more[k]! - (less[k] ?? 0)])));
  return (
    `${changes.join(' and ')} cuts loss from ${pct(leastDown.loss.meanRate)} to ${pct(leastLoss.loss.meanRate)} of acknowledged writes` +
    ` and costs ${worst} ${worstDelta.toFixed(1)} s more without a successful write per seed${because ? ` (mostly ${because})` : ''}`
  );
}

/**
 * Each varied setting on its own: its values, the others held as in the row
 * with the least loss. `down-after-milliseconds (with min-replicas-to-write=1):
 * 1s 7.9% lost, 92.4 s unavailable · 5s 8.1%, 95.9 s · 30s 1.9%, 107.4 s`.
 */
export function effects(sorted: readonly SettingSummary[]): string[] {
  const best = sorted[0];
  if (best === undefined) return [];
  const lines: string[] = [];
  best.setting.values.forEach((held, d) => {
    const along = sorted
      .filter((r) => r.setting.values.every((v, i) => i === d || v.label === best.setting.values[i]!.label))
      .sort((a, b) => a.setting.index - b.setting.index);
    if (along.length < 2) return;
    const others = best.setting.values.filter((_, i) => i !== d).map((v) => `${v.name}=${v.label}`);
    const values = along.map((r, k) => `${r.setting.values[d]!.label} ${(r.loss.meanRate * 100).toFixed(1)}%${k === 0 ? ' lost' : ''}, ${totalUnavailable(r).toFixed(1)} s${k === 0 ? ' unavailable' : ''}`);
    lines.push(`${held.name}${others.length > 0 ? ` (with ${others.join(' ')})` : ''}: ${values.join(' · ')}`);
  });
  return lines;
}
