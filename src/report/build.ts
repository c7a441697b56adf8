// From a run (result, trace, history, captured messages) to the ReportData
// every report format renders.

import { unplacedNote } from './story.js';
import { OUTAGE_MIN_MS } from '../check/availability.js';
import type { HistoryOp } from '../sim/history.js';
import { pairOps } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { formatReply, type Reply } from '../protocol/resp.js';
import type { SimulationResult } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/scenario.js';
import type { EventMark, FaultWindow, Lane, LaneSegment, LaneState, LossReason, MessageArrow, OpPoint, ReportData, Verdict } from './data.js';
import { startText } from './story.js';
import { explainVerdicts } from './verdicts.js';
import { cutDecimals } from '../sim/time.js';

/** What the network tap captured (see Network.messageTap). */
export interface CapturedMessages {
  readonly arrows: MessageArrow[];
  readonly truncated: boolean;
}

/** A network tap that keeps up to `max` messages (delivered or dropped) as labelled arrows. */
export function messageRecorder(max: number): {
  tap: (from: string, to: string, sentUs: number, arrivedUs: number, payload: unknown, bytes: number, dropped?: string) => void;
  captured: CapturedMessages;
} {
  const captured = { arrows: [] as MessageArrow[], truncated: false };
  return {
    captured,
    tap: (from, to, sentUs, arrivedUs, payload, bytes, dropped) => {
      if (captured.arrows.length >= max) {
        captured.truncated = true;
        return;
      }
      const label = messageLabel(payload, bytes);
      captured.arrows.push(dropped === undefined ? { from, to, sendUs: sentUs, arriveUs: arrivedUs, label } : { from, to, sendUs: sentUs, arriveUs: arrivedUs, label, dropped });
    },
  };
}

/** An op's value as shown: a final read of a long run returns every member, which would dwarf the report. */
const MAX_VALUE_CHARS = 200;
/** Error texts are cut too: the first words say what it was (`READONLY You can't write against…`). */
const MAX_ERROR_CHARS = 80;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function valueText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  if (text.length <= MAX_VALUE_CHARS) return text;
  return `${text.slice(0, MAX_VALUE_CHARS - 30)}… (${Array.isArray(value) ? `${value.length} items, ` : ''}${text.length} chars)`;
}

/**
 * A lost write's story names the write and its acknowledgement, then what
 * threw it away; the op's tooltip already shows the first part, and the
 * second is the same for every write lost in one event, so it is kept once.
 */
function lossText(story: string, node: string): string {
  const ack = story.indexOf(`acknowledged by ${node} at `);
  const rest = ack < 0 ? -1 : story.indexOf(', ', ack);
  return rest < 0 ? story : story.slice(rest + 2);
}

export function messageLabel(payload: unknown, bytes: number): string {
  if (Array.isArray(payload)) {
    const text = (payload as string[]).slice(0, 4).join(' ');
    return text.length > 48 ? `${text.slice(0, 45)}...` : text;
  }
  const p = payload as { kind?: string; type?: string };
  if (p.kind === 'rdb') return `RDB ${bytes} bytes`;
  if (p.kind === 'newline') return '\\n';
  if (typeof p.type === 'string') {
    const text = formatReply(payload as Reply).split('\n')[0]!;
    return text.length > 48 ? `${text.slice(0, 45)}...` : text;
  }
  return '?';
}

const SHOWN_EVENTS = new Set(['+sdown', '-sdown', '+odown', '-odown', '+try-failover', '+elected-leader', '+promoted-slave', '+switch-master', '+convert-to-slave', '+fix-slave-config', '+tilt', '-tilt', '-failover-abort-not-elected', '-failover-abort-no-good-slave', '+failover-end']);

export function buildReportData(
  scenario: Scenario,
  result: SimulationResult,
  trace: readonly TraceEvent[],
  history: readonly HistoryOp[],
  messages: CapturedMessages,
): ReportData {
  const endUs = result.stats.simulatedMs * 1000;
  const lostKeys = new Set(result.checkers.lostWrites.lostWrites.map((w) => `${w.process}|${String(w.value)}`));
  // Each lost write's reason (loss attribution), deduplicated: one entry per cause and event.
  const lossReasons: LossReason[] = [];
  const reasonIndex = new Map<string, number>();
  const reasonOf = new Map<string, number>();
  for (const loss of result.checkers.lostWrites.attribution?.losses ?? []) {
    const text = lossText(loss.story, loss.node);
    const id = `${loss.cause}|${text}`;
    let index = reasonIndex.get(id);
    if (index === undefined) {
      index = lossReasons.length;
      lossReasons.push({ cause: loss.cause, text });
      reasonIndex.set(id, index);
    }
    reasonOf.set(`${loss.process}|${String(loss.value)}`, index);
  }
  const ops: OpPoint[] = [];
  for (const { invoke, completion } of pairOps(history)) {
    if (completion === null) continue;
    const key = `${invoke.process}|${String(invoke.value)}`;
    const lost = completion.type === 'ok' && lostKeys.has(key);
    const reason = lost ? reasonOf.get(key) : undefined;
    const error = completion.type !== 'ok' && completion.error !== undefined ? cut(completion.error, MAX_ERROR_CHARS) : undefined;
    ops.push({
      tUs: completion.time,
      invokeUs: invoke.time,
      process: invoke.process,
      node: completion.node,
      outcome: completion.type === 'invoke' ? 'info' : completion.type,
      f: invoke.f,
      key: invoke.key,
      value: valueText(completion.type === 'ok' && invoke.f.includes('read') ? completion.value : invoke.value),
      lost,
      ...(error !== undefined ? { error } : {}),
      ...(reason !== undefined ? { lossReason: reason } : {}),
    });
  }
  const verdicts: Verdict[] = result.expectations.map((e) => ({ name: `expect: ${e.name}`, ok: e.met, detail: e.detail, kind: 'expectation' as const }));
  const c = result.checkers;
  const lw = c.lostWrites;
  verdicts.push(
    {
      name: 'no acknowledged write lost',
      ok: lw.valid,
      detail: lw.workload === 'register' || lw.workload === 'none' ? 'not applicable (register workload)' : `${lw.lost} of ${lw.acked} acknowledged writes lost`,
      kind: 'checker',
    },
    { name: 'no split brain', ok: c.splitBrain.valid, detail: c.splitBrain.valid ? 'never two masters taking writes' : `${c.splitBrain.intervals.length} interval(s), ${cutDecimals(c.splitBrain.totalUs, 1e6, 1)} s with two masters taking writes`, kind: 'checker' },
    {
      name: 'linearizable',
      ok: c.linearizability.valid,
      detail: c.linearizability.keys.length === 0 ? 'not applicable (no register operations)' : `${c.linearizability.keys.length} key(s) checked`,
      kind: 'checker',
    },
    (() => {
      const windows = Object.entries(c.availability.clients).flatMap(([p, a]) => a.outages.map((o) => `${p} ${cutDecimals(o.fromUs, 1e6, 1)}–${cutDecimals(o.toUs, 1e6, 1)} s`));
      return {
        name: `no outage (no client ${OUTAGE_MIN_MS / 1000} s or more without an acknowledged write)`,
        ok: windows.length === 0,
        detail: windows.length === 0 ? 'every client had a write acknowledged at least every 5 s' : `without an acknowledged write: ${windows.join(', ')}`,
        kind: 'checker' as const,
      };
    })(),
    {
      name: 'converged',
      ok: c.convergence.valid,
      detail: c.convergence.convergedAfterMs !== null ? `${cutDecimals(c.convergence.convergedAfterMs, 1000, 1)} s after the faults were over, on ${c.convergence.master ?? '?'}` : c.convergence.problems.join('; '),
      kind: 'checker',
    },
  );
  const served = result.served?.realClients;
  if (served !== undefined && served.connections > 0) {
    const wait = served.longestWait;
    const gap = served.longestWriteGap;
    verdicts.push({
      name: 'real clients',
      ok: true,
      detail:
        `${served.connections} connection(s), ${served.ok} ok, ${served.fail} failed, ${served.info} unknown` +
        (wait !== null ? `; longest wait ${cutDecimals(wait.ms, 1000, 1)} s (${wait.process} ${wait.f} on ${wait.node} at ${cutDecimals(wait.fromMs, 1000, 1)} s, ${wait.outcome === 'open' ? 'never answered' : wait.outcome})` : '') +
        (gap !== null ? `; longest without an acked write ${cutDecimals(gap.ms, 1000, 1)} s (${cutDecimals(gap.fromMs, 1000, 1)}–${cutDecimals(gap.toMs, 1000, 1)} s)` : ''),
      kind: 'checker',
    });
  }
  return {
    scenario: scenario.name,
    description: scenario.description,
    seed: result.seed,
    start: startText(result.start),
    traceHash: result.traceHash,
    replay: result.replay,
    passed: result.passed,
    durationUs: endUs,
    lanes: buildLanes(scenario, trace, endUs),
    faults: [
      ...buildFaults(trace),
      ...Object.entries(result.checkers.availability.clients).flatMap(([client, a]) =>
        a.outages.map((o) => ({ fromUs: o.fromUs, toUs: o.toUs, label: `${client}: no acknowledged write for ${cutDecimals(o.ms, 1000, 1)} s`, nodes: [client], kind: 'outage' as const })),
      ),
    ],
    events: trace
      // The timeline starts at t=0; a warm start's settling (before it) is summed up in the story.
      .filter((e) => e.kind === 'sentinel.event' && e.tUs >= 0 && SHOWN_EVENTS.has(String(e['name'])))
      .map((e): EventMark => ({ tUs: e.tUs, node: e.node, name: String(e['name']), text: String(e['text']) })),
    ops,
    lossReasons,
    splitBrain: c.splitBrain.intervals.map((i) => ({ fromUs: i.startUs, toUs: i.endUs, masters: i.masters, writesByNode: i.writesByNode })),
    messages: messages.arrows,
    messagesTruncated: messages.truncated,
    verdicts: explainVerdicts(verdicts, scenario, result),
  };
}

function buildLanes(scenario: Scenario, trace: readonly TraceEvent[], endUs: number): Lane[] {
  const redisNodes = Object.keys(scenario.redis);
  const sentinels = scenario.sentinel?.names ?? [];
  const clients = Object.keys(scenario.clients);
  interface NodeState {
    role: 'master' | 'replica' | 'up';
    linkUp: boolean;
    down: boolean;
    paused: boolean;
    loading: boolean;
    segments: LaneSegment[];
    since: number;
    current: LaneState;
    /** What the current segment says about it (`replica of r2`). */
    currentNote: string;
    note: string;
  }
  const states = new Map<string, NodeState>();
  for (const n of [...redisNodes, ...sentinels, ...clients]) {
    states.set(n, { role: redisNodes.includes(n) ? 'master' : 'up', linkUp: true, down: false, paused: false, loading: false, segments: [], since: 0, current: 'up', currentNote: '', note: '' });
  }
  const effective = (s: NodeState): LaneState =>
    s.down ? 'down' : s.paused ? 'paused' : s.loading ? 'loading' : s.role === 'replica' && !s.linkUp ? 'syncing' : s.role;
  const update = (node: string, tUs: number, change: (s: NodeState) => void) => {
    const s = states.get(node);
    if (s === undefined) return;
    change(s);
    const next = effective(s);
    const note = next === 'replica' || next === 'syncing' ? s.note : '';
    if (next === s.current && note === s.currentNote) return;
    if (tUs > s.since) s.segments.push({ fromUs: s.since, toUs: tUs, state: s.current, ...(s.currentNote !== '' ? { note: s.currentNote } : {}) });
    s.since = tUs;
    s.current = next;
    s.currentNote = note;
  };
  for (const e of trace) {
    const ev = String(e['event'] ?? '');
    if (e.kind === 'redis.role') {
      update(e.node, e.tUs, (s) => {
        s.role = e['role'] === 'master' ? 'master' : 'replica';
        s.note = e['master'] === null ? '' : `replica of ${String(e['master']).split(':')[0]}`;
        if (s.role === 'replica') s.linkUp = false;
      });
    } else if (e.kind === 'redis.link') update(e.node, e.tUs, (s) => (s.linkUp = e['up'] === true));
    else if (e.kind === 'process') {
      if (ev === 'crash' || ev === 'exit' || ev === 'power-fail') update(e.node, e.tUs, (s) => ((s.down = true), (s.paused = false), (s.loading = false)));
      else if (ev === 'start') update(e.node, e.tUs, (s) => (s.down = false));
      else if (ev === 'pause') update(e.node, e.tUs, (s) => (s.paused = true));
      else if (ev === 'resume') update(e.node, e.tUs, (s) => (s.paused = false));
    } else if (e.kind === 'log') {
      const text = String(e['text']);
      if (text === 'MASTER <-> REPLICA sync: Loading DB in memory') update(e.node, e.tUs, (s) => (s.loading = true));
      else if (text === 'MASTER <-> REPLICA sync: Finished with success') update(e.node, e.tUs, (s) => (s.loading = false));
    }
  }
  const lanes: Lane[] = [];
  const kindOf = (n: string): Lane['kind'] => (redisNodes.includes(n) ? 'redis' : sentinels.includes(n) ? 'sentinel' : 'client');
  for (const [node, s] of states) {
    const segments = [...s.segments];
    if (endUs > s.since) segments.push({ fromUs: s.since, toUs: endUs, state: s.current, ...(s.currentNote !== '' ? { note: s.currentNote } : {}) });
    lanes.push({ node, kind: kindOf(node), host: scenario.hosts[node] ?? node, segments });
  }
  return lanes;
}

function buildFaults(trace: readonly TraceEvent[]): FaultWindow[] {
  const out: FaultWindow[] = [];
  const open = new Map<string, { fromUs: number; label: string; nodes: string[] }>();
  const close = (key: string, tUs: number) => {
    const o = open.get(key);
    if (o === undefined) return;
    out.push({ fromUs: o.fromUs, toUs: tUs, label: o.label, nodes: o.nodes });
    open.delete(key);
  };
  for (const e of trace) {
    const ev = String(e['event'] ?? '');
    if (e.kind === 'net') {
      if (ev === 'partition') {
        const groups = e['groups'] as string[];
        open.set(`p${String(e['id'])}`, { fromUs: e.tUs, label: `partition ${groups.join(e['oneway'] ? ' -/-> ' : ' | ')}${unplacedNote(e['unplaced'])}`, nodes: [] });
      } else if (ev === 'heal') close(`p${String(e['id'])}`, e.tUs);
      else if (ev === 'slow') open.set(`s${String(e['id'])}`, { fromUs: e.tUs, label: `slow ${(e['hosts'] as string[]).join(',')}`, nodes: [] });
      else if (ev === 'unslow') close(`s${String(e['id'])}`, e.tUs);
    } else if (e.kind === 'process') {
      if (ev === 'crash' || ev === 'power-fail') open.set(`d${e.node}`, { fromUs: e.tUs, label: `${ev === 'crash' ? 'crash' : 'power off'} ${e.node}`, nodes: [e.node] });
      else if (ev === 'start') close(`d${e.node}`, e.tUs);
      else if (ev === 'pause') open.set(`z${e.node}`, { fromUs: e.tUs, label: `pause ${e.node}`, nodes: [e.node] });
      else if (ev === 'resume') close(`z${e.node}`, e.tUs);
    } else if (e.kind === 'clock') {
      out.push({ fromUs: e.tUs, toUs: e.tUs, label: ev === 'jump' ? `clock jump ${e.node} ${Number(e['deltaUs']) / 1e6}s` : `clock drift ${e.node} ${String(e['drift'])}`, nodes: [e.node] });
    }
  }
  for (const [key, o] of open) {
    out.push({ fromUs: o.fromUs, toUs: null, label: o.label, nodes: o.nodes });
    open.delete(key);
  }
  return out.sort((a, b) => a.fromUs - b.fromUs);
}
