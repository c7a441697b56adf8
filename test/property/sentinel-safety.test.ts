// Safety properties Sentinel promises, over generated clusters and fault
// schedules (see src/explore/arbitraries.ts). Each reads the trace only:
// a. at most one leader per epoch; b. config epochs never go down;
// c. a replica with replica-priority 0 is never promoted; d. a Sentinel in
// TILT does not act; e. every invariant of src/check/invariants holds. A failure prints the seed, the shrunk schedule and a
// scenario file to replay (test/property/support.ts).

import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { InvariantResult } from '../../src/check/invariants/index.js';
import { cluster, priorityZeroReplicas, type GeneratedCluster } from '../../src/explore/arbitraries.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { RUNS, SAFETY_KINDS, budgetMs, holds, run } from './support.js';

const sentinelEvents = (trace: readonly TraceEvent[]) => trace.filter((e) => e.kind === 'sentinel.event');
const at = (e: TraceEvent) => `${(e.tUs / 1e6).toFixed(3)}s`;

/** a. `+elected-leader` by at most one Sentinel per (master, epoch); `epoch` is the Sentinel's current epoch, in which votes are counted. */
export function oneLeaderPerEpoch(trace: readonly TraceEvent[]): string | null {
  const leaders = new Map<string, TraceEvent>();
  for (const e of sentinelEvents(trace)) {
    if (e['name'] !== '+elected-leader') continue;
    const key = `${String(e['master'])} epoch ${String(e['epoch'])}`;
    const first = leaders.get(key);
    if (first === undefined) leaders.set(key, e);
    else if (first.node !== e.node) return `two leaders for ${key}: ${first.node} at ${at(first)} and ${e.node} at ${at(e)}`;
  }
  return null;
}

/** b. Per Sentinel and master, `sentinel.config-epoch` values never decrease (also across the Sentinel's restarts). */
export function configEpochsMonotonic(trace: readonly TraceEvent[]): string | null {
  const last = new Map<string, { epoch: number; e: TraceEvent }>();
  for (const e of trace) {
    if (e.kind !== 'sentinel.config-epoch') continue;
    const key = `${e.node}/${String(e['master'])}`;
    const epoch = Number(e['configEpoch']);
    const before = last.get(key);
    if (before !== undefined && epoch < before.epoch) {
      return `${e.node}'s config epoch for ${String(e['master'])} went down from ${before.epoch} (at ${at(before.e)}) to ${epoch} at ${at(e)}`;
    }
    last.set(key, { epoch, e });
  }
  return null;
}

/** c. `+selected-slave` / `+promoted-slave` never name a replica with replica-priority 0. */
export function priorityZeroNeverPromoted(trace: readonly TraceEvent[], zero: ReadonlySet<string>): string | null {
  for (const e of sentinelEvents(trace)) {
    if (e['name'] !== '+selected-slave' && e['name'] !== '+promoted-slave') continue;
    // `+selected-slave slave r3:6379 r3 6379 @ mymaster m1 6379`
    const node = String(e['text']).split(' ')[2]?.split(':')[0] ?? '';
    if (zero.has(node)) return `${e.node} at ${at(e)}: ${String(e['text'])} (${node} has replica-priority 0)`;
  }
  return null;
}

/**
 * d. What "acting" means in TILT. Redis's TILT (sentinel.c, and
 * shared/reference/redis-internals.md §1.14) keeps the monitoring half running
 * (links, PING/INFO/hello, INFO role bookkeeping, discovery of replicas and
 * Sentinels, +reboot), and keeps voting (`+vote-for-leader`, and `+new-epoch`
 * from a vote request or a hello), and hellos are processed outside the timer,
 * so adopting a newer configuration from a peer (`+config-update-from`
 * immediately followed by `+switch-master`) is not acting on one's own
 * judgement and is allowed. Acting is everything that comes from the Sentinel's
 * own view of the instances: SDOWN/ODOWN changes, starting or advancing a
 * failover (+try-failover, +elected-leader, +failover-state-*, +selected-slave,
 * +promoted-slave, +slave-reconf-*, +failover-end*, -failover-abort-*, and
 * +switch-master at the end of its own failover), and the INFO-driven fixes
 * (+convert-to-slave, +fix-slave-config). TILT lasts from `+tilt` to `-tilt`,
 * or to the Sentinel's next start (a restarted Sentinel starts out of TILT).
 */
const ACTS = /^([+-](sdown|odown)|\+try-failover|\+elected-leader|\+failover-state-|\+selected-slave|\+promoted-slave|[+-]slave-reconf-|\+convert-to-slave|\+fix-slave-config|\+failover-end|-failover-abort-|\+switch-master)/;

export function tiltNeverActs(trace: readonly TraceEvent[]): string | null {
  const tiltSince = new Map<string, TraceEvent>();
  const previous = new Map<string, TraceEvent>();
  for (const e of trace) {
    if (e.kind === 'process') {
      if (e['event'] === 'start' || e['event'] === 'crash' || e['event'] === 'exit' || e['event'] === 'power-fail') tiltSince.delete(e.node);
      continue;
    }
    if (e.kind !== 'sentinel.event') continue;
    const name = String(e['name']);
    const before = previous.get(e.node);
    previous.set(e.node, e);
    if (name === '+tilt') {
      if (!tiltSince.has(e.node)) tiltSince.set(e.node, e);
      continue;
    }
    if (name === '-tilt') {
      tiltSince.delete(e.node);
      continue;
    }
    const since = tiltSince.get(e.node);
    if (since === undefined || !ACTS.test(name)) continue;
    // A configuration learned from a peer's hello: +config-update-from, then +switch-master.
    if (name === '+switch-master' && before?.['name'] === '+config-update-from' && before.tUs === e.tUs) continue;
    return `${e.node} acted in TILT (since ${at(since)}): ${String(e['text'])} at ${at(e)}`;
  }
  return null;
}

function safetyRun(c: GeneratedCluster): readonly TraceEvent[] {
  return run(c, { traceKeep: SAFETY_KINDS }).trace;
}

// Clusters under every kind of fault, up to 8 of them.
const clusters = cluster({ faults: { maxFaults: 8 } });
// More of the faults that put Sentinels in TILT: clock jumps, pauses (and crashes and partitions around them).
const tiltClusters = cluster({ faults: { maxFaults: 8, kinds: ['clock-jump', 'pause', 'pause', 'clock-jump', 'partition', 'crash', 'kill', 'clock-drift'] as const } });

describe('Sentinel safety (properties Redis promises)', () => {
  it('a. at most one Sentinel is elected leader per epoch', () => {
    holds('one-leader-per-epoch', clusters, (c) => oneLeaderPerEpoch(safetyRun(c)));
  }, budgetMs(RUNS, 150));

  it('b. config epochs never go down on any Sentinel, across restarts', () => {
    holds('config-epoch-monotonic', clusters, (c) => configEpochsMonotonic(safetyRun(c)));
  }, budgetMs(RUNS, 150));

  it('c. a replica with replica-priority 0 is never promoted', () => {
    holds('priority-zero-never-promoted', clusters, (c) => priorityZeroNeverPromoted(safetyRun(c), new Set(priorityZeroReplicas(c.topology, c.configuration))));
  }, budgetMs(RUNS, 150));

  it('d. a Sentinel in TILT does not act', () => {
    holds('tilt-never-acts', tiltClusters, (c) => tiltNeverActs(safetyRun(c)));
  }, budgetMs(RUNS, 150));

  // The run's own invariant checkers (src/check/invariants/, the ones explore
  // fails seeds on), over the same clusters and the TILT-heavy ones: votes,
  // leaders, ODOWN quorum, epochs, replica selection, partial resyncs,
  // min-replicas and the replicas' dataset digests.
  it('e. every protocol invariant holds', () => {
    holds('invariants', fc.oneof(clusters, tiltClusters), (c) => firstViolation(run(c).result.checkers.invariants));
  }, budgetMs(RUNS, 150));
});

function firstViolation(invariants: readonly InvariantResult[]): string | null {
  const broken = invariants.find((i) => i.ok === false);
  return broken === undefined ? null : `${broken.title}: ${broken.violations[0]?.text ?? 'violated'}`;
}
