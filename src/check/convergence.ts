// Convergence: after the last fault ends, within a bound, the cluster settles
// on exactly one master that every Sentinel reports, and every other data node
// replicates it with its link up and its offset equal to the master's. Read
// from the probe rounds in the trace (world/probe.ts).

import type { TraceEvent } from '../sim/trace.js';
import { faultMarks } from './trace-facts.js';

export interface ConvergenceResult {
  readonly valid: boolean | 'unknown';
  /**
   * When the faults were over (µs): the last heal, restart or resume, or the
   * start of the last fault nothing undoes (a node crashed for good, a clock
   * jump), whichever is later; 0 if there were none.
   */
  readonly faultsOverUs: number;
  /** From faultsOverUs until the first probe round from which everything stayed converged, ms. */
  readonly convergedAfterMs: number | null;
  readonly boundMs: number;
  readonly master: string | null;
  /** Why the last round was not converged. */
  readonly problems: readonly string[];
}

interface Round {
  readonly tUs: number;
  readonly nodes: Map<string, string>;
  readonly sentinels: Map<string, string>;
}

function rounds(trace: readonly TraceEvent[]): Round[] {
  const out: Round[] = [];
  for (const e of trace) {
    if (e.kind !== 'probe') continue;
    const split = (items: unknown) => new Map((items as string[]).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as [string, string]));
    out.push({ tUs: e.tUs, nodes: split(e['nodes']), sentinels: split(e['sentinels']) });
  }
  return out;
}

/** Processes whose last life event is a crash, exit or power loss: down for good, on purpose. */
function downForGood(trace: readonly TraceEvent[]): Set<string> {
  const down = new Set<string>();
  for (const e of trace) {
    if (e.kind !== 'process') continue;
    const ev = String(e['event']);
    if (ev === 'crash' || ev === 'exit' || ev === 'power-fail') down.add(e.node);
    else if (ev === 'start') down.delete(e.node);
  }
  return down;
}

/**
 * Problems with one round (empty when converged). Nodes down for good are left
 * out. While clients still write, a replica is never exactly at the master's
 * offset when asked; it has caught up if it has reached where the master was
 * at the previous round (a second earlier), with the same master.
 */
function judge(round: Round, gone: ReadonlySet<string> = new Set(), previous?: Round): { master: string | null; problems: string[] } {
  const problems: string[] = [];
  const masters = [...round.nodes].filter(([, s]) => s.startsWith('master:'));
  if (masters.length !== 1) {
    problems.push(masters.length === 0 ? 'no master' : `${masters.length} masters: ${masters.map(([n]) => n).join(', ')}`);
    return { master: null, problems };
  }
  const [master, state] = masters[0]!;
  const offset = Number(state.split(':')[1]);
  const previousState = previous?.nodes.get(master);
  const caughtUpTo = previousState?.startsWith('master:') ? Math.min(offset, Number(previousState.split(':')[1])) : offset;
  for (const [sentinel, view] of round.sentinels) {
    if (view === 'down' && gone.has(sentinel)) continue;
    if (view === 'down') problems.push(`${sentinel} did not answer`);
    else if (!view.startsWith(`${master}:`)) problems.push(`${sentinel} reports ${view}`);
  }
  for (const [node, s] of round.nodes) {
    if (node === master) continue;
    if (s === 'down' && gone.has(node)) continue;
    if (s === 'down') {
      problems.push(`${node} did not answer`);
      continue;
    }
    const [, host, link, replicaOffset] = s.split(':');
    if (host !== master) problems.push(`${node} replicates ${host}`);
    else if (link !== 'up') problems.push(`${node}'s link to ${master} is down`);
    else if (Number(replicaOffset) < caughtUpTo) problems.push(`${node} at offset ${replicaOffset}, ${master} at ${offset}`);
  }
  return { master, problems };
}

export function checkConvergence(trace: readonly TraceEvent[], boundMs: number): ConvergenceResult {
  // A fault that ends counts from its end; one that never does (a crash for
  // good) from its start: measuring from an earlier heal, or from 0, would
  // charge the failover the fault forces to convergence.
  const marks = faultMarks(trace);
  const faultsOverUs = marks.length > 0 ? marks[marks.length - 1]!.tUs : 0;
  const all = rounds(trace).filter((r) => r.tUs >= faultsOverUs);
  if (all.length === 0) return { valid: 'unknown', faultsOverUs, convergedAfterMs: null, boundMs, master: null, problems: ['no probe after the faults were over'] };
  // The first round from which every later round is converged too.
  const gone = downForGood(trace);
  let firstStable = -1;
  for (let i = all.length - 1; i >= 0; i--) {
    if (judge(all[i]!, gone, all[i - 1]).problems.length > 0) break;
    firstStable = i;
  }
  const last = judge(all[all.length - 1]!, gone, all[all.length - 2]);
  if (firstStable < 0) return { valid: false, faultsOverUs, convergedAfterMs: null, boundMs, master: last.master, problems: last.problems };
  const convergedAfterMs = (all[firstStable]!.tUs - faultsOverUs) / 1000;
  return { valid: convergedAfterMs <= boundMs, faultsOverUs, convergedAfterMs, boundMs, master: last.master, problems: [] };
}
