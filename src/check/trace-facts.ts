// What the checkers read from the trace, in one place: role changes, process
// lifecycles, data flushes, faults, Sentinel switches and probes.

import type { TraceEvent } from '../sim/trace.js';

export interface RoleChange {
  readonly tUs: number;
  readonly node: string;
  /** `master`, `replica`, or `down` (crashed / exited / lost power). */
  readonly role: 'master' | 'replica' | 'down';
  readonly master: string | null;
}

/** Every node's role over time: redis.role events, and process ends as `down`. */
export function roleChanges(trace: readonly TraceEvent[], nodes?: ReadonlySet<string>): RoleChange[] {
  const out: RoleChange[] = [];
  const isRedis = new Set<string>();
  for (const e of trace) {
    if (e.kind === 'redis.role') {
      isRedis.add(e.node);
      out.push({ tUs: e.tUs, node: e.node, role: e['role'] === 'master' ? 'master' : 'replica', master: (e['master'] as string | null) ?? null });
    } else if (e.kind === 'process' && (e['event'] === 'crash' || e['event'] === 'exit' || e['event'] === 'power-fail')) {
      if (isRedis.has(e.node) || nodes?.has(e.node)) out.push({ tUs: e.tUs, node: e.node, role: 'down', master: null });
    }
  }
  return out;
}

/** Faults: when each started and, for those with an end, when it ended. */
export interface FaultMark {
  readonly tUs: number;
  readonly what: string;
  /** Does it end a fault (heal, restart, resume, unslow)? */
  readonly ends: boolean;
  /** What it hit: a process (crash, pause, …), a host (power), host groups (partition; the first group alone cut off when one-way), or slowed hosts. */
  readonly target?:
    | { readonly kind: 'process'; readonly node: string }
    | { readonly kind: 'host'; readonly host: string }
    | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
    | { readonly kind: 'slow'; readonly hosts: readonly string[] };
}

/** Each process's host, from the process start events. */
export function hostsOfNodes(trace: readonly TraceEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of trace) if (e.kind === 'process' && e['event'] === 'start' && typeof e['host'] === 'string') out.set(e.node, e['host']);
  return out;
}

/**
 * Could this fault keep `observer` from reaching `node` (both process names)?
 * A process fault on the node or its host, a power failure of either's host,
 * a partition that puts them in different groups (a host in no group reaches
 * both), or slow links at either end.
 */
export function faultSeparates(fault: FaultMark, node: string, observer: string, hostOf: ReadonlyMap<string, string>): boolean {
  const t = fault.target;
  if (t === undefined) return false;
  const nodeHost = hostOf.get(node) ?? node;
  const observerHost = hostOf.get(observer) ?? observer;
  switch (t.kind) {
    case 'process':
      return t.node === node || (hostOf.get(t.node) ?? t.node) === nodeHost;
    case 'host':
      return t.host === nodeHost || t.host === observerHost;
    case 'slow':
      return t.hosts.includes(nodeHost) || t.hosts.includes(observerHost);
    case 'partition': {
      const groupOf = (h: string) => t.groups.findIndex((g) => g.includes(h));
      const a = groupOf(nodeHost);
      const b = groupOf(observerHost);
      return a >= 0 && b >= 0 && a !== b;
    }
  }
}

export function faultMarks(trace: readonly TraceEvent[]): FaultMark[] {
  const out: FaultMark[] = [];
  for (const e of trace) {
    const ev = String(e['event'] ?? '');
    if (e.kind === 'net') {
      if (ev === 'partition') {
        const groups = (e['groups'] as string[]).map((g) => g.split(','));
        const unplaced = (e['unplaced'] as string[] | undefined) ?? [];
        const note = unplaced.length === 0 ? '' : ` (${unplaced.join(', ')} in neither group)`;
        out.push({ tUs: e.tUs, what: `partition ${(e['groups'] as string[]).join(' | ')}${note}`, ends: false, target: { kind: 'partition', groups } });
      } else if (ev === 'heal') out.push({ tUs: e.tUs, what: 'heal', ends: true });
      else if (ev === 'slow') out.push({ tUs: e.tUs, what: 'slow links', ends: false, target: { kind: 'slow', hosts: (e['hosts'] as string[] | undefined) ?? [] } });
      else if (ev === 'unslow') out.push({ tUs: e.tUs, what: 'links restored', ends: true });
      else if (ev === 'power-fail') out.push({ tUs: e.tUs, what: `power failure of ${String(e['host'])}`, ends: false, target: { kind: 'host', host: String(e['host']) } });
    } else if (e.kind === 'process') {
      if (ev === 'crash' || ev === 'pause' || ev === 'power-fail' || ev === 'exit') out.push({ tUs: e.tUs, what: `${ev === 'exit' ? 'shutdown' : ev} ${e.node}`, ends: false, target: { kind: 'process', node: e.node } });
      else if (ev === 'resume') out.push({ tUs: e.tUs, what: `resume ${e.node}`, ends: true });
      else if (ev === 'start' && Number(e['incarnation']) > 1) out.push({ tUs: e.tUs, what: `restart ${e.node}`, ends: true });
    } else if (e.kind === 'clock') {
      out.push({ tUs: e.tUs, what: `clock ${ev} ${e.node}`, ends: false });
    }
  }
  return out;
}

export interface SwitchMark {
  readonly tUs: number;
  readonly sentinel: string;
  readonly epoch: number;
  readonly text: string;
  readonly from: string;
  readonly to: string;
}

/** `+switch-master <name> <oldip> <oldport> <newip> <newport>` events. */
export function switches(trace: readonly TraceEvent[]): SwitchMark[] {
  const out: SwitchMark[] = [];
  for (const e of trace) {
    if (e.kind !== 'sentinel.event' || e['name'] !== '+switch-master') continue;
    const words = String(e['text']).split(' ');
    out.push({ tUs: e.tUs, sentinel: e.node, epoch: Number(e['epoch'] ?? 0), text: String(e['text']), from: `${words[2]}:${words[3]}`, to: `${words[4]}:${words[5]}` });
  }
  return out;
}

/** The Sentinels of the run (nodes that logged Sentinel events). */
export function sentinelNodes(trace: readonly TraceEvent[]): string[] {
  const names = new Set<string>();
  for (const e of trace) if (e.kind === 'sentinel.event') names.add(e.node);
  return [...names];
}

/** When a node's dataset was thrown away: a full resync's flush, or a restart that loaded nothing. */
export interface DataLoss {
  readonly tUs: number;
  readonly node: string;
  readonly cause: 'full-resync' | 'restart-without-persistence' | 'restart-from-persistence';
}

export function dataLosses(trace: readonly TraceEvent[]): DataLoss[] {
  const out: DataLoss[] = [];
  const restartedAt = new Map<string, number>();
  for (const e of trace) {
    if (e.kind === 'log' && e['text'] === 'MASTER <-> REPLICA sync: Flushing old data') out.push({ tUs: e.tUs, node: e.node, cause: 'full-resync' });
    else if (e.kind === 'process' && e['event'] === 'start' && Number(e['incarnation']) > 1) restartedAt.set(e.node, e.tUs);
    else if (e.kind === 'log' && restartedAt.has(e.node)) {
      const text = String(e['text']);
      if (text.startsWith('DB loaded from')) {
        out.push({ tUs: restartedAt.get(e.node)!, node: e.node, cause: 'restart-from-persistence' });
        restartedAt.delete(e.node);
      } else if (text === 'Ready to accept connections') {
        out.push({ tUs: restartedAt.get(e.node)!, node: e.node, cause: 'restart-without-persistence' });
        restartedAt.delete(e.node);
      }
    }
  }
  return out;
}
