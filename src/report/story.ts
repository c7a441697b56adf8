// The facts a person reads first, shared by the terminal story and report.md:
// the timeline (faults and the Sentinel events that matter, grouped across
// Sentinels), final state, failovers, checker verdicts, expectations.

import type { TraceEvent } from '../sim/trace.js';
import { secondsText } from '../sim/time.js';
import type { SimulationResult } from '../scenario/simulate.js';
import type { ClientWaits } from '../check/client-waits.js';
import type { ClientAvailability } from '../check/availability.js';

export interface TimelineEntry {
  readonly tUs: number;
  /** On a line that merges the same event from several Sentinels: when the last of them logged it (null: one line, one time). */
  readonly lastUs: number | null;
  readonly who: string;
  readonly what: string;
  readonly tone: 'fault' | 'heal' | 'event' | 'bad' | 'good';
}

const WARNING_EVENTS = new Set(['+sdown', '+odown', '-odown', '+try-failover', '+elected-leader', '-failover-abort-not-elected', '-failover-abort-no-good-slave', '+promoted-slave', '+switch-master', '+convert-to-slave', '+fix-slave-config', '+tilt', '-tilt', '-sdown']);

/** ` (c3 in neither group: reaches both sides)`: a partition leaves hosts it does not name connected to every side. */
export function unplacedNote(unplaced: unknown): string {
  const hosts = Array.isArray(unplaced) ? (unplaced as string[]) : [];
  return hosts.length === 0 ? '' : ` (${hosts.join(', ')} in neither group: ${hosts.length === 1 ? 'reaches' : 'reach'} both sides)`;
}

/**
 * Faults and key Sentinel events; the same event from several Sentinels within
 * 2 s of the first is one line, which keeps the first and last times so a
 * spread (s2 at 27.165 s, s3 at 28.211 s) is not hidden.
 */
export function timeline(trace: readonly TraceEvent[]): TimelineEntry[] {
  const out: (Omit<TimelineEntry, 'lastUs'> & { whoList: string[]; lastUs: number })[] = [];
  for (const e of trace) {
    const ev = String(e['event'] ?? '');
    if (e.kind === 'net' && (ev === 'partition' || ev === 'heal' || ev === 'slow' || ev === 'unslow' || ev === 'power-fail')) {
      const what =
        ev === 'partition'
          ? `partition ${(e['groups'] as string[]).join(e['oneway'] ? ' -/-> ' : ' | ')}${e['mode'] === 'reject' ? ' (reject)' : ''}${unplacedNote(e['unplaced'])}`
          : ev === 'heal'
            ? 'heal'
            : ev === 'slow'
              ? `slow links ${(e['hosts'] as string[]).join(',')} +${Number(e['extraLatencyUs']) / 1000}ms`
              : ev === 'unslow'
                ? 'links back to normal'
                : `power failure of ${String(e['host'])}`;
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: 'net', what, tone: ev === 'heal' || ev === 'unslow' ? 'heal' : 'fault', whoList: ['net'] });
    } else if (e.kind === 'process' && ['crash', 'pause', 'resume', 'exit'].includes(ev)) {
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: e.node, what: ev === 'crash' ? 'crash (kill -9)' : ev === 'pause' ? 'pause (SIGSTOP)' : ev === 'resume' ? 'resume (SIGCONT)' : 'exit', tone: ev === 'resume' ? 'heal' : 'fault', whoList: [e.node] });
    } else if (e.kind === 'process' && ev === 'start' && Number(e['incarnation']) > 1) {
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: e.node, what: 'restart', tone: 'heal', whoList: [e.node] });
    } else if (e.kind === 'clock') {
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: e.node, what: ev === 'jump' ? `clock jumps ${Number(e['deltaUs']) / 1e6}s` : `clock drifts ${String(e['drift'])}`, tone: 'fault', whoList: [e.node] });
    } else if (e.kind === 'sentinel.event' && WARNING_EVENTS.has(String(e['name']))) {
      const text = String(e['text']);
      if (String(e['name']).endsWith('sdown') && !text.includes(' master ')) continue;
      const same = out.find((x) => x.what === text && e.tUs - x.tUs < 2_000_000);
      if (same !== undefined) {
        same.whoList.push(e.node);
        same.lastUs = e.tUs;
        continue;
      }
      const name = String(e['name']);
      const tone = name === '+switch-master' || name === '-tilt' ? 'good' : name.startsWith('-failover-abort') || name === '+odown' || name === '+tilt' ? 'bad' : 'event';
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: e.node, what: text, tone, whoList: [e.node] });
    } else if (e.kind === 'start') {
      const settledUs = e['settledUs'];
      const idleUs = e['idleUs'];
      const what =
        typeof settledUs === 'number' ? `warm start: the cluster settled ${seconds(settledUs)} after its launch${typeof idleUs === 'number' ? `; the test began ${seconds(idleUs)} later` : ''}` : 'cold start: the servers are launched';
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: 'launcher', what, tone: 'event', whoList: ['launcher'] });
    } else if (e.kind === 'operator') {
      out.push({ tUs: e.tUs, lastUs: e.tUs, who: 'operator', what: `${String(e['target'])}> ${String(e['command'])}`, tone: 'event', whoList: ['operator'] });
    }
  }
  return out.map(({ whoList, lastUs, ...entry }) => ({ ...entry, lastUs: whoList.length > 1 && lastUs > entry.tUs ? lastUs : null, who: whoList.join(',') }));
}

/** `warm start (settled in 10.3s)` or `cold start`. */
export function startText(start: { readonly mode: 'warm' | 'cold'; readonly settledMs: number | null }): string {
  return start.mode === 'warm' ? `warm start (settled ${secondsText(start.settledMs! * 1000, 1)} after the launch, under a second before t=0)` : 'cold start (t=0 is the launch)';
}

/** `27.165s`: a time in the story, cut to the millisecond (cutDecimals in sim/time.ts is the one rule). */
export function seconds(us: number): string {
  return secondsText(us);
}

/** A timeline line's time: `27.165s`, or `27.165–28.211s` on a merged line whose Sentinels logged it at different times. */
export function entryTime(e: TimelineEntry): string {
  return e.lastUs === null ? seconds(e.tUs) : `${secondsText(e.tUs).slice(0, -1)}–${seconds(e.lastUs)}`;
}

/** One line per checker, with its verdict. */
export function checkerLines(result: SimulationResult): { ok: boolean | 'unknown'; text: string; details: string[] }[] {
  const c = result.checkers;
  const lw = c.lostWrites;
  const lines: { ok: boolean | 'unknown'; text: string; details: string[] }[] = [];
  if (lw.workload === 'register' || lw.workload === 'none') {
    lines.push({ ok: true, text: 'lost writes: not applicable to the register workload (see linearizability)', details: [] });
  } else {
    const perClient = Object.entries(lw.perClient).map(([p, v]) => `${p} ${v.lost}/${v.acked}`).join(', ');
    const details = lw.attribution.losses.slice(0, 3).map((l) => l.story);
    if (lw.attribution.losses.length > 3) {
      const causes = Object.entries(lw.attribution.byCause).map(([k, v]) => `${v} ${k}`).join(', ');
      details.push(`... ${lw.attribution.losses.length - 3} more (${causes})`);
    }
    lines.push({
      ok: lw.valid,
      text: lw.valid === 'unknown' ? `lost writes: unknown (${lw.note ?? ''})` : `lost writes: ${lw.lost} of ${lw.acked} acknowledged writes lost (${(lw.lostRate * 100).toFixed(1)}%): ${perClient}${lw.unackedPresent > 0 ? `; ${lw.unackedPresent} unacknowledged present` : ''}`,
      details,
    });
  }
  const sb = c.splitBrain;
  lines.push({
    ok: sb.valid,
    text: sb.valid ? 'split brain: never two masters taking writes' : `split brain: ${sb.intervals.length} interval(s), ${seconds(sb.totalUs)} in all`,
    details: sb.intervals.map((i) => `${i.masters.join(' and ')} both master from ${seconds(i.startUs)} to ${seconds(i.endUs)}; writes acknowledged: ${Object.entries(i.writesByNode).map(([n, k]) => `${n} ${k}`).join(', ')}`),
  });
  const lin = c.linearizability;
  lines.push({
    ok: lin.valid,
    text: lin.keys.length === 0 ? 'linearizability: not applicable (no register operations)' : `linearizability: ${lin.valid === true ? 'linearizable' : lin.valid === false ? 'NOT linearizable' : 'unknown (search budget exhausted)'} over ${lin.keys.length} key(s)`,
    details: lin.keys
      .filter((k) => k.valid === false)
      .flatMap((k) => [`key ${k.key}, the shortest failing prefix:`, ...(k.counterexample ?? []).map((l) => `  ${l.length > 160 ? `${l.slice(0, 157)}...` : l}`)]),
  });
  const conv = c.convergence;
  lines.push({
    ok: conv.valid,
    text:
      conv.convergedAfterMs !== null
        ? `convergence: ${seconds(conv.convergedAfterMs * 1000)} after the faults were over, on ${conv.master}${conv.valid === true ? '' : ` (later than ${seconds(conv.boundMs * 1000)})`}`
        : `convergence: ${conv.valid === 'unknown' ? 'unknown' : 'not converged'}`,
    details: [...conv.problems],
  });
  lines.push(availabilityLine(c.availability.clients));
  if (result.served !== undefined) lines.push(realClientsLine(result.served.realClients));
  return lines;
}

/**
 * The protocol invariants (src/check/invariants/): one line when all that were
 * checked hold, naming them; a line of its own, with the first violations, for
 * each one broken; and one for each that could not be checked, saying why.
 */
export function invariantLines(result: SimulationResult): { ok: boolean | 'unknown'; text: string; details: string[] }[] {
  const all = result.checkers.invariants;
  const held = all.filter((i) => i.ok === true);
  const lines: { ok: boolean | 'unknown'; text: string; details: string[] }[] = [];
  if (held.length > 0) lines.push({ ok: true, text: `${held.length === all.length ? `all ${held.length}` : `${held.length} of ${all.length}`} hold: ${held.map((i) => i.title).join(' · ')}`, details: held.flatMap((i) => (i.note !== undefined ? [`${i.title}: ${i.note}`] : [])) });
  for (const i of all) {
    if (i.ok === false) {
      const more = i.violationCount - Math.min(i.violations.length, SHOWN_VIOLATIONS);
      lines.push({
        ok: false,
        text: `${i.title}: VIOLATED ${i.violationCount === 1 ? 'once' : `${i.violationCount} times`}`,
        details: [...i.violations.slice(0, SHOWN_VIOLATIONS).map((v) => `${seconds(v.atUs)} ${v.node}: ${v.text}`), ...(more > 0 ? [`... and ${more} more`] : [])],
      });
    } else if (i.ok === 'unknown') lines.push({ ok: 'unknown', text: `${i.title}: not checked (${i.note ?? 'not recorded'})`, details: [] });
  }
  return lines;
}

const SHOWN_VIOLATIONS = 3;

/**
 * Per client, in time first: the longest stretch without an acknowledged write
 * and the unavailable seconds, then the ok rate. Marked ✗ when some client
 * had an outage window (a write gap of OUTAGE_MIN_MS or more): an ok rate
 * alone would pass a client that simply issued fewer operations meanwhile.
 */
function availabilityLine(clients: Readonly<Record<string, ClientAvailability>>): { ok: boolean; text: string; details: string[] } {
  const entries = Object.entries(clients);
  if (entries.length === 0) return { ok: true, text: 'availability: no clients', details: [] };
  const parts = entries.map(([p, a]) => {
    const gap = a.longestWriteGap === null ? 'no writes' : `longest without an acknowledged write ${seconds(a.longestWriteGap.ms * 1000)}`;
    const because = Object.entries(a.unavailableBecause).sort((x, y) => y[1] - x[1])[0];
    const down = a.unavailableSeconds > 0 ? `, ${a.unavailableSeconds} s unavailable${because !== undefined ? ` (mostly ${because[0]})` : ''}` : '';
    return `${p} ${gap}${down}; ${(a.okRate * 100).toFixed(1)}% of ${a.ok + a.fail + a.info} ops ok`;
  });
  const details = entries.flatMap(([p, a]) => a.outages.map((o) => `${p}: no acknowledged write from ${seconds(o.fromUs)} to ${seconds(o.toUs)} (${seconds(o.ms * 1000)})`));
  return { ok: details.length === 0, text: `availability: ${parts.join(' · ')}`, details };
}

/** The real clients of a served run, taken together: what they waited through. */
function realClientsLine(w: ClientWaits): { ok: boolean | 'unknown'; text: string; details: string[] } {
  if (w.connections === 0) return { ok: true, text: 'real clients: none sent a recorded command (SADD, RPUSH, INCR, SET, GET)', details: [] };
  const details: string[] = [];
  const lw = w.longestWait;
  if (lw !== null) {
    const ended = lw.outcome === 'open' ? 'still unanswered at the end' : lw.outcome === 'ok' ? 'then answered ok' : lw.outcome === 'fail' ? `then failed: ${lw.error ?? ''}` : `then unknown: ${lw.error ?? ''}`;
    details.push(`longest wait for an answer: ${seconds(lw.ms * 1000)}, ${lw.process} ${lw.f} on ${lw.node} from ${seconds(lw.fromMs * 1000)} to ${seconds(lw.toMs * 1000)}, ${ended}`);
  }
  const gap = w.longestWriteGap;
  if (gap !== null) details.push(`longest time without an acknowledged write: ${seconds(gap.ms * 1000)}, from ${seconds(gap.fromMs * 1000)} to ${seconds(gap.toMs * 1000)}`);
  return { ok: true, text: `real clients: ${w.connections} connection(s), ${w.ok} ok, ${w.fail} failed, ${w.info} unknown`, details };
}
