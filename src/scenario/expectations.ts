// Judging a scenario's `expect` section against what the run produced, and
// the final state (every node's role, the master each Sentinel reports), read
// from the probe's last round in the trace.

import type { CheckResults } from '../check/index.js';
import type { TraceEvent } from '../sim/trace.js';
import { shortSecondsText } from '../sim/time.js';
import type { Expectations } from './scenario.js';

/** A violated invariant fails the run as an expectation with this name prefix (explore lists them apart). */
export const INVARIANT_ROW_PREFIX = 'invariant: ';
import type { FailoverSummary } from './simulate.js';

export interface ExpectationResult {
  /** e.g. `failover within 15s`, `final master r2`, `events in order`. */
  readonly name: string;
  readonly met: boolean;
  /** What was seen, for a person. */
  readonly detail: string;
}

export interface FinalState {
  /** Data node → `master`, `replica of r2 (link up)`, or `down`. */
  readonly roles: Record<string, string>;
  /** Sentinel → `r2:6379` or `down`. */
  readonly sentinels: Record<string, string>;
  /** The one master, if there is exactly one. */
  readonly master: string | null;
}

export function finalState(trace: readonly TraceEvent[]): FinalState {
  let last: TraceEvent | undefined;
  for (const e of trace) if (e.kind === 'probe') last = e;
  const roles = Object.create(null) as Record<string, string>;
  const sentinels = Object.create(null) as Record<string, string>;
  if (last === undefined) return { roles, sentinels, master: null };
  const masters: string[] = [];
  for (const item of last['nodes'] as string[]) {
    const [node, state] = [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)];
    if (state.startsWith('master:')) {
      roles[node] = 'master';
      masters.push(node);
    } else if (state.startsWith('replica:')) {
      const [, host, link] = state.split(':');
      roles[node] = `replica of ${host} (link ${link})`;
    } else roles[node] = 'down';
  }
  for (const item of last['sentinels'] as string[]) sentinels[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
  return { roles, sentinels, master: masters.length === 1 ? masters[0]! : null };
}

const seconds = shortSecondsText;

export function evaluateExpectations(
  expect: Expectations,
  run: { checks: CheckResults; final: FinalState; trace: readonly TraceEvent[]; failovers: readonly FailoverSummary[] },
): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  const { checks, final, failovers } = run;
  if (expect.failoverWithinUs !== undefined) {
    const first = failovers[0];
    const met = first !== undefined && first.durationMs !== null && first.durationMs * 1000 <= expect.failoverWithinUs;
    out.push({
      name: `failover within ${seconds(expect.failoverWithinUs)}`,
      met,
      detail: first === undefined ? 'no failover happened' : `${first.from} -> ${first.to} took ${first.durationMs === null ? '?' : seconds(first.durationMs * 1000)} after ${first.fault ?? 'no fault'}`,
    });
  }
  if (expect.noFailover !== undefined) {
    const met = (failovers.length === 0) === expect.noFailover;
    out.push({ name: expect.noFailover ? 'no failover' : 'a failover', met, detail: failovers.length === 0 ? 'no failover happened' : failovers.map((f) => `${f.from} -> ${f.to}`).join(', ') });
  }
  if (expect.finalMaster !== undefined) {
    const met = final.master !== null && expect.finalMaster.includes(final.master);
    out.push({
      name: expect.finalMaster.length === 1 ? `final master ${expect.finalMaster[0]}` : `final master one of ${expect.finalMaster.join(', ')}`,
      met,
      detail: final.master === null ? `no single master: ${JSON.stringify(final.roles)}` : `final master ${final.master}`,
    });
  }
  for (const [node, role] of Object.entries(expect.finalRoles ?? {})) {
    const seen = final.roles[node] ?? 'unknown';
    out.push({ name: `final role of ${node}: ${role}`, met: role === 'master' ? seen === 'master' : seen.startsWith('replica'), detail: `${node} is ${seen}` });
  }
  if (expect.events !== undefined) {
    const logged = run.trace.filter((e) => e.kind === 'sentinel.event').map((e) => String(e['text']));
    let at = 0;
    let missing: string | null = null;
    for (const want of expect.events) {
      const found = logged.findIndex((line, i) => i >= at && line.startsWith(want));
      if (found < 0) {
        missing = want;
        break;
      }
      at = found + 1;
    }
    out.push({
      name: `events in order (${expect.events.length})`,
      met: missing === null,
      detail: missing === null ? 'all found in order' : `not found in order: "${missing}"`,
    });
  }
  const lw = expect.lostWrites;
  if (lw !== undefined) {
    const lost = checks.lostWrites.lost;
    const met = checks.lostWrites.valid !== 'unknown' && (lw.min === undefined || lost >= lw.min) && (lw.max === undefined || lost <= lw.max);
    const range = [lw.min !== undefined ? `>= ${lw.min}` : '', lw.max !== undefined ? `<= ${lw.max}` : ''].filter(Boolean).join(' and ');
    out.push({
      name: `lost writes ${range}`,
      met,
      detail: checks.lostWrites.valid === 'unknown' ? `unknown: ${checks.lostWrites.note ?? ''}` : `${lost} of ${checks.lostWrites.acked} acknowledged writes lost`,
    });
  }
  if (expect.splitBrain !== undefined) {
    const found = !checks.splitBrain.valid;
    out.push({
      name: expect.splitBrain ? 'split brain' : 'no split brain',
      met: found === expect.splitBrain,
      detail: found ? `${checks.splitBrain.intervals.length} interval(s), ${seconds(checks.splitBrain.totalUs)} with two masters taking writes` : 'never two masters taking writes',
    });
  }
  if (expect.convergenceWithinUs !== undefined) {
    const c = checks.convergence;
    out.push({
      name: `convergence within ${seconds(expect.convergenceWithinUs)}`,
      met: c.valid === true,
      detail: c.convergedAfterMs !== null ? `converged ${seconds(c.convergedAfterMs * 1000)} after the faults were over, on ${c.master}` : `not converged: ${c.problems.join('; ')}`,
    });
  }
  if (expect.convergenceNotWithinUs !== undefined) {
    const c = checks.convergence;
    out.push({
      name: `no convergence within ${seconds(expect.convergenceNotWithinUs)}`,
      met: c.valid === false,
      detail: c.convergedAfterMs !== null ? `converged ${seconds(c.convergedAfterMs * 1000)} after the faults were over, on ${c.master}` : `not converged: ${c.problems.join('; ')}`,
    });
  }
  if (expect.availabilityMaxGapUs !== undefined) {
    const maxMs = expect.availabilityMaxGapUs / 1000;
    const worst = Object.entries(checks.availability.clients)
      .filter(([, a]) => a.longestWriteGap !== null)
      .sort((a, b) => b[1].longestWriteGap!.ms - a[1].longestWriteGap!.ms)[0];
    const gap = worst?.[1].longestWriteGap ?? null;
    out.push({
      name: `availability: no client without an acknowledged write for over ${seconds(expect.availabilityMaxGapUs)}`,
      met: gap === null || gap.ms <= maxMs,
      detail:
        gap === null
          ? 'no client wrote'
          : `longest: ${worst![0]}, ${seconds(gap.ms * 1000)} without an acknowledged write (${seconds(gap.fromUs)}–${seconds(gap.toUs)}), ${worst![1].unavailableSeconds} s unavailable`,
    });
  }
  if (expect.linearizable !== undefined) {
    const l = checks.linearizability;
    out.push({ name: `linearizable: ${String(expect.linearizable)}`, met: l.valid === expect.linearizable, detail: `linearizable: ${String(l.valid)}` });
  }
  // Invariants hold in every run unless the scenario opts out: each one
  // violated fails the run as its own row (explore counts seeds per row).
  if (expect.invariants !== false) {
    for (const inv of checks.invariants) {
      if (inv.ok !== false) continue;
      const first = inv.violations[0];
      const more = inv.violationCount > 1 ? ` (and ${inv.violationCount - 1} more)` : '';
      out.push({ name: `${INVARIANT_ROW_PREFIX}${inv.title}`, met: false, detail: `${first?.text ?? 'violated'}${more}` });
    }
  }
  return out;
}
