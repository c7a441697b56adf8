// When a cluster has settled, judged from what anyone can ask it: every
// Sentinel sees the master as up, knows each of its replicas (connected) and
// every other Sentinel; every replica's link is up, its sync done, and its
// offset equals its master's. A warm start runs until this holds, then calls
// that instant t=0. `redsim conform` asks real processes the same questions
// and applies the same judgement, so both sides start their clocks alike.
// Pure: the asking is done by the probe (simulated) or conform (real).

import { parseInfo } from '../protocol/info.js';

export interface SettleTargets {
  readonly masterName: string;
  /** The data node Sentinel monitors. */
  readonly master: string;
  /** Data node → the node its redis.conf replicates (only replicas appear). */
  readonly replicaOf: Readonly<Record<string, string>>;
  readonly sentinels: readonly string[];
}

/** A Sentinel's answers to SENTINEL MASTER and SENTINEL REPLICAS, with addresses mapped to node names. */
export interface SentinelView {
  readonly masterFlags: string;
  readonly otherSentinels: number;
  readonly replicas: readonly { readonly name: string; readonly flags: string }[];
}

/** What INFO replication says of a data node. */
export interface NodeView {
  readonly role: string;
  readonly masterHost: string;
  readonly linkUp: boolean;
  readonly syncing: boolean;
  readonly offset: number;
}

/** An answer: the view, an error reply's text (`NOAUTH ...`), or null where the process did not answer. */
export type Answer<T> = T | { readonly error: string } | null;

export interface SettleView {
  readonly sentinels: ReadonlyMap<string, Answer<SentinelView>>;
  readonly nodes: ReadonlyMap<string, Answer<NodeView>>;
}

/** Why an answer is no view, in words; null when it is one. */
function notAView<T extends object>(name: string, a: Answer<T> | undefined): string | null {
  if (a === null || a === undefined) return `${name} does not answer`;
  if ('error' in a) return `${name} answers ${a.error}`;
  return null;
}
const isView = <T extends object>(a: Answer<T> | undefined): a is T => a !== null && a !== undefined && !('error' in a);

export function nodeViewFromInfo(text: string, nameOf: (host: string, port: number) => string): NodeView {
  const fields = parseInfo(text).fields;
  const f = (k: string) => String(fields.get(k) ?? '');
  return {
    role: f('role'),
    masterHost: f('master_host') === '' ? '' : nameOf(f('master_host'), Number(f('master_port'))),
    linkUp: f('master_link_status') === 'up',
    syncing: f('master_sync_in_progress') === '1',
    offset: Number(f('master_repl_offset')),
  };
}

/** From SENTINEL MASTER's and SENTINEL REPLICAS' flat field/value arrays. */
export function sentinelViewFromReplies(master: readonly string[], replicas: readonly (readonly string[])[], nameOf: (host: string, port: number) => string): SentinelView {
  const fields = (flat: readonly string[]) => {
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i]!, flat[i + 1]!);
    return m;
  };
  const m = fields(master);
  return {
    masterFlags: m.get('flags') ?? '',
    otherSentinels: Number(m.get('num-other-sentinels') ?? 0),
    replicas: replicas.map((flat) => {
      const r = fields(flat);
      return { name: nameOf(r.get('ip') ?? '', Number(r.get('port') ?? 0)), flags: r.get('flags') ?? '' };
    }),
  };
}

/** What keeps the cluster from being settled, in words; empty when it has settled. */
export function unsettled(targets: SettleTargets, view: SettleView): string[] {
  return [...unsettledNodes(targets, view.nodes), ...unsettledSentinels(targets, view.sentinels)];
}

/** The data nodes' part: the master answers, every replica is linked, synced and caught up. */
export function unsettledNodes(targets: SettleTargets, nodes: SettleView['nodes']): string[] {
  const missing: string[] = [];
  const masterProblem = notAView(targets.master, nodes.get(targets.master));
  if (masterProblem !== null) missing.push(masterProblem);
  for (const [node, master] of Object.entries(targets.replicaOf)) {
    const r = nodes.get(node);
    const m = nodes.get(master);
    if (!isView(r)) missing.push(notAView(node, r)!);
    else if (r.role !== 'slave' || r.masterHost !== master) missing.push(`${node} is not a replica of ${master}`);
    else if (!r.linkUp || r.syncing) missing.push(`${node} has not finished its sync with ${master}`);
    else if (isView(m) && r.offset !== m.offset) missing.push(`${node} is at offset ${r.offset}, ${master} at ${m.offset}`);
  }
  return missing;
}

/** The Sentinels' part: each sees the master up and knows its replicas and the other Sentinels. */
export function unsettledSentinels(targets: SettleTargets, sentinels: SettleView['sentinels']): string[] {
  const missing: string[] = [];
  const replicasOfMaster = Object.keys(targets.replicaOf).filter((r) => targets.replicaOf[r] === targets.master);
  for (const s of targets.sentinels) {
    const v = sentinels.get(s);
    if (!isView(v)) {
      missing.push(notAView(s, v)!);
      continue;
    }
    if (v.masterFlags !== 'master') missing.push(`${s} sees ${targets.masterName} as ${v.masterFlags || 'unknown'}`);
    for (const r of replicasOfMaster) {
      const known = v.replicas.find((x) => x.name === r);
      if (known === undefined) missing.push(`${s} does not know replica ${r}`);
      else if (known.flags !== 'slave') missing.push(`${s} sees replica ${r} as ${known.flags}`);
    }
    const others = targets.sentinels.length - 1;
    if (v.otherSentinels < others) missing.push(`${s} knows ${v.otherSentinels} of ${others} other Sentinels`);
  }
  return missing;
}

/** The settle targets of a cluster from its configuration (`replicaof: m1 6379` → m1). */
export function settleTargets(redis: Readonly<Record<string, Readonly<Record<string, string | number>>>>, sentinel: { readonly names: readonly string[]; readonly monitor: { readonly name: string; readonly master: string } } | null): SettleTargets {
  const replicaOf = Object.create(null) as Record<string, string>;
  for (const [node, conf] of Object.entries(redis)) {
    const of = conf['replicaof'] ?? conf['slaveof'];
    if (of !== undefined) replicaOf[node] = String(of).split(/\s+/)[0]!;
  }
  const master = sentinel?.monitor.master ?? Object.keys(redis).find((n) => replicaOf[n] === undefined) ?? Object.keys(redis)[0]!;
  return { masterName: sentinel?.monitor.name ?? '', master, replicaOf, sentinels: sentinel?.names ?? [] };
}
