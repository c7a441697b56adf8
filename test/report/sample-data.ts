// Generators of realistic ReportData for the HTML report's tests: a small
// failover story (3 data nodes, 3 Sentinels, 2 clients, a partition that ends
// in a +switch-master and lost writes) and a big one (10 simulated minutes,
// 100,000 operations, 20 clients, 200,000 messages). Seeded with an inline LCG,
// so the same options always give the same data.

import type {
  EventMark,
  FaultWindow,
  Lane,
  LaneSegment,
  LaneState,
  LossReason,
  MessageArrow,
  OpPoint,
  ReportData,
  SplitBrainBand,
} from '../../src/report/data.js';

const MS = 1_000;
const S = 1_000_000;

/** A 32-bit LCG (Numerical Recipes constants); floats in [0, 1). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

type EpisodeKind = 'partition' | 'crash' | 'pause';

interface Episode {
  readonly kind: EpisodeKind;
  readonly atUs: number;
  readonly forUs: number;
}

export interface StoryOptions {
  readonly scenario: string;
  readonly description: string;
  readonly seed: number;
  readonly durationUs: number;
  readonly clients: number;
  readonly ops: number;
  /** Exact number of messages kept (a deterministic even subsample if more were generated). */
  readonly messages: number;
  readonly episodes: readonly Episode[];
  /** A fault that affects every node (empty `nodes`), e.g. slow links. */
  readonly globalFault?: { readonly fromUs: number; readonly toUs: number | null; readonly label: string };
}

const DOWN_AFTER_US = 5 * S;
const FAILOVER_TAKES_US = 1_400 * MS;

interface Change {
  readonly tUs: number;
  readonly state: LaneState;
  readonly note?: string;
}

function segmentsOf(changes: readonly Change[], endUs: number): LaneSegment[] {
  const sorted = [...changes].sort((a, b) => a.tUs - b.tUs);
  const out: LaneSegment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    const next = sorted[i + 1];
    const toUs = next === undefined ? endUs : next.tUs;
    if (toUs <= c.tUs) continue;
    out.push(c.note === undefined ? { fromUs: c.tUs, toUs, state: c.state } : { fromUs: c.tUs, toUs, state: c.state, note: c.note });
  }
  return out;
}

/** The core generator; `smallStory` and `bigStory` are presets. */
export function story(o: StoryOptions): ReportData {
  const rnd = lcg(o.seed);
  const end = o.durationUs;
  const redis = ['redis-1', 'redis-2', 'redis-3'];
  const sentinels = ['sentinel-1', 'sentinel-2', 'sentinel-3'];
  const boxes = ['box-a', 'box-b', 'box-c', 'box-d', 'box-e'];
  const clients = Array.from({ length: o.clients }, (_, i) => `client-${i + 1}`);
  // Client i runs on box i mod 5 (client-1 shares box-a with redis-1 and sentinel-1).
  const hostOf = new Map<string, string>();
  redis.forEach((n, i) => hostOf.set(n, boxes[i]!));
  sentinels.forEach((n, i) => hostOf.set(n, boxes[i]!));
  clients.forEach((n, i) => hostOf.set(n, boxes[i % boxes.length]!));

  const changes = new Map<string, Change[]>();
  for (const n of redis) changes.set(n, [{ tUs: 0, state: n === 'redis-1' ? 'master' : 'replica', ...(n === 'redis-1' ? {} : { note: 'of redis-1' }) }]);
  const faults: FaultWindow[] = [];
  const events: EventMark[] = [];
  const ev = (tUs: number, node: string, name: string, rest: string): void => {
    events.push({ tUs: Math.round(tUs), node, name, text: `${name} ${rest}` });
  };

  /** Per client box: intervals during which its writes go to a doomed master (lost) or fail. */
  interface Outage { fromUs: number; toUs: number; doomed: string | null; doomedUntilUs: number; isolatedBox: string | null; newMaster: string; lossReason: number | null }
  // A partition leaves the old master taking writes after the new one is promoted,
  // until it is converted: a split brain, and the writes it took are erased.
  const splitBrainSpans: Omit<SplitBrainBand, 'writesByNode'>[] = [];
  const lossReasons: LossReason[] = [];
  const outages: Outage[] = [];
  /** Who is master over time, for the clients and the messages. */
  const masterAt: { tUs: number; node: string }[] = [{ tUs: 0, node: 'redis-1' }];
  let master = 'redis-1';
  let epoch = 0;

  for (const ep of o.episodes) {
    const replicas = redis.filter((n) => n !== master);
    if (ep.kind === 'pause') {
      // A replica paused: Sentinels mark it subjectively down and back.
      const victim = replicas[replicas.length - 1]!;
      faults.push({ fromUs: ep.atUs, toUs: ep.atUs + ep.forUs, label: `pause ${victim} ${ep.forUs / S} s`, nodes: [victim] });
      changes.get(victim)!.push({ tUs: ep.atUs, state: 'paused' }, { tUs: ep.atUs + ep.forUs, state: 'replica', note: `of ${master}` });
      for (const s of sentinels) {
        if (ep.forUs > DOWN_AFTER_US) ev(ep.atUs + DOWN_AFTER_US + rnd() * 300 * MS, s, '+sdown', `slave ${victim}:6379 ${victim} 6379 @ mymaster ${master} 6379`);
        if (ep.forUs > DOWN_AFTER_US) ev(ep.atUs + ep.forUs + rnd() * 200 * MS, s, '-sdown', `slave ${victim}:6379 ${victim} 6379 @ mymaster ${master} 6379`);
      }
      continue;
    }
    const old = master;
    const oldBox = hostOf.get(old)!;
    const newMaster = replicas[0]!;
    const healUs = ep.atUs + ep.forUs;
    const switchUs = ep.atUs + DOWN_AFTER_US + FAILOVER_TAKES_US;
    epoch++;
    if (ep.kind === 'partition') {
      const isolated = [...hostOf.entries()].filter(([, h]) => h === oldBox).map(([n]) => n);
      faults.push({ fromUs: ep.atUs, toUs: healUs, label: `partition ${oldBox} | rest`, nodes: isolated });
    } else {
      faults.push({ fromUs: ep.atUs, toUs: healUs, label: `crash ${old} (restart after ${ep.forUs / S} s)`, nodes: [old] });
      changes.get(old)!.push({ tUs: ep.atUs, state: 'down' });
    }
    // Sentinels that can still see each other (not on the isolated box) fail over.
    const voters = sentinels.filter((s) => ep.kind === 'crash' || hostOf.get(s) !== oldBox);
    const leader = voters[epoch % voters.length]!;
    for (const s of voters) {
      const t0 = ep.atUs + DOWN_AFTER_US + rnd() * 150 * MS;
      ev(t0, s, '+sdown', `master mymaster ${old} 6379`);
      ev(t0 + 80 * MS + rnd() * 40 * MS, s, '+odown', `master mymaster ${old} 6379 #quorum 2/2`);
      ev(t0 + 130 * MS, s, '+new-epoch', String(epoch));
      if (s === leader) {
        const steps: [number, string, string][] = [
          [150, '+try-failover', `master mymaster ${old} 6379`],
          [300, '+vote-for-leader', `${leader} ${epoch}`],
          [420, '+elected-leader', `master mymaster ${old} 6379`],
          [430, '+failover-state-select-slave', `master mymaster ${old} 6379`],
          [520, '+selected-slave', `slave ${newMaster}:6379 ${newMaster} 6379 @ mymaster ${old} 6379`],
          [530, '+failover-state-send-slaveof-noone', `slave ${newMaster}:6379 ${newMaster} 6379 @ mymaster ${old} 6379`],
          [700, '+failover-state-wait-promotion', `slave ${newMaster}:6379 ${newMaster} 6379 @ mymaster ${old} 6379`],
          [1100, '+promoted-slave', `slave ${newMaster}:6379 ${newMaster} 6379 @ mymaster ${old} 6379`],
          [1110, '+failover-state-reconf-slaves', `master mymaster ${old} 6379`],
          [1300, '+failover-end', `master mymaster ${old} 6379`],
        ];
        for (const [dt, name, rest] of steps) ev(ep.atUs + DOWN_AFTER_US + dt * MS, s, name, rest);
      } else {
        ev(t0 + 250 * MS, s, '+vote-for-leader', `${leader} ${epoch}`);
      }
      ev(switchUs + (s === leader ? 0 : 200 * MS + rnd() * 100 * MS), s, '+switch-master', `mymaster ${old} 6379 ${newMaster} 6379`);
      ev(healUs + 300 * MS + rnd() * 200 * MS, s, '-sdown', `slave ${old}:6379 ${old} 6379 @ mymaster ${newMaster} 6379`);
      ev(healUs + 1_200 * MS + rnd() * 300 * MS, s, '+convert-to-slave', `slave ${old}:6379 ${old} 6379 @ mymaster ${newMaster} 6379`);
    }
    changes.get(newMaster)!.push({ tUs: switchUs - 300 * MS, state: 'master' });
    for (const r of replicas.slice(1)) {
      changes.get(r)!.push(
        { tUs: switchUs + 100 * MS, state: 'syncing', note: `from ${newMaster}` },
        { tUs: switchUs + 600 * MS, state: 'replica', note: `of ${newMaster}` },
      );
    }
    // The old master comes back (healed or restarted) and is converted.
    if (ep.kind === 'crash') changes.get(old)!.push({ tUs: healUs, state: 'loading' }, { tUs: healUs + 900 * MS, state: 'master', note: 'stale' });
    const conv = healUs + 1_400 * MS;
    changes.get(old)!.push(
      { tUs: conv, state: 'syncing', note: `full sync from ${newMaster}` },
      { tUs: conv + 1_100 * MS, state: 'loading' },
      { tUs: conv + 1_500 * MS, state: 'replica', note: `of ${newMaster}` },
    );
    let lossReason: number | null = null;
    if (ep.kind === 'partition') {
      splitBrainSpans.push({ fromUs: switchUs - 300 * MS, toUs: conv, masters: [old, newMaster].sort() });
      lossReason = lossReasons.length;
      lossReasons.push({
        cause: 'full-resync-after-demotion',
        text: `was erased when ${old}, demoted by +switch-master mymaster ${old} 6379 ${newMaster} 6379 (epoch ${epoch}) at ${switchUs / S}s, did a full resync at ${(conv + 1_100 * MS) / S}s`,
      });
    }
    outages.push({
      fromUs: ep.atUs,
      toUs: switchUs + 300 * MS,
      doomed: ep.kind === 'partition' ? old : null,
      doomedUntilUs: healUs,
      isolatedBox: ep.kind === 'partition' ? oldBox : null,
      newMaster,
      lossReason,
    });
    masterAt.push({ tUs: switchUs, node: newMaster });
    master = newMaster;
  }
  if (o.globalFault !== undefined) faults.push({ ...o.globalFault, nodes: [] });
  faults.sort((a, b) => a.fromUs - b.fromUs);
  events.sort((a, b) => a.tUs - b.tUs || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));

  const masterOf = (tUs: number): string => {
    let m = 'redis-1';
    for (const x of masterAt) if (x.tUs <= tUs) m = x.node;
    return m;
  };

  // Operations: each client at a steady rate with jitter.
  const ops: OpPoint[] = [];
  const messages: MessageArrow[] = [];
  const perClient = Math.floor(o.ops / o.clients);
  let counter = 0;
  for (let ci = 0; ci < o.clients; ci++) {
    const client = clients[ci]!;
    const box = hostOf.get(client)!;
    const n = perClient + (ci < o.ops - perClient * o.clients ? 1 : 0);
    const period = end / (n + 1);
    for (let k = 0; k < n; k++) {
      const invokeUs = Math.round((k + 0.5) * period + rnd() * period * 0.4);
      const isWrite = rnd() < 0.6;
      const f = isWrite ? 'write' : 'read';
      const key = `k${Math.floor(rnd() * 16)}`;
      const value = isWrite ? String(++counter) : 'nil';
      let node = masterOf(invokeUs);
      let outcome: OpPoint['outcome'] = 'ok';
      let lost = false;
      let reason: number | null = null;
      let latency = 150 + Math.floor(rnd() * 900);
      const outage = outages.find((u) => invokeUs >= u.fromUs && invokeUs < Math.max(u.toUs, u.doomed !== null && u.isolatedBox === box ? u.doomedUntilUs : 0));
      if (outage !== undefined) {
        if (outage.doomed !== null && outage.isolatedBox === box) {
          // On the old master's side of the partition: it still accepts writes.
          node = outage.doomed;
          lost = isWrite && rnd() < 0.9;
          reason = lost ? outage.lossReason : null;
        } else if (invokeUs < outage.toUs) {
          const r = rnd();
          outcome = r < 0.55 ? 'info' : 'fail';
          latency = outcome === 'info' ? 1_000 * MS : 5 * MS + Math.floor(rnd() * 20 * MS);
        }
      } else {
        const r = rnd();
        if (r < 0.003) outcome = 'fail';
        else if (r < 0.005) {
          outcome = 'info';
          latency = 1_000 * MS;
        }
      }
      const tUs = Math.min(end, invokeUs + latency);
      const error = outcome === 'info' ? 'timeout' : outcome === 'fail' ? (isWrite ? "READONLY You can't write against a read only replica." : 'NOREPLICAS Not enough good replicas to write.') : undefined;
      ops.push({
        tUs,
        invokeUs,
        process: client,
        node,
        outcome,
        f,
        key,
        value: outcome === 'ok' && !isWrite ? String(Math.floor(rnd() * counter)) : value,
        lost,
        ...(error !== undefined ? { error } : {}),
        ...(reason !== null ? { lossReason: reason } : {}),
      });
      const arrive = invokeUs + 40 + Math.floor(rnd() * 60);
      messages.push({ from: client, to: node, sendUs: invokeUs, arriveUs: arrive, label: isWrite ? `SET ${key} ${value}` : `GET ${key}` });
      if (outcome === 'ok') {
        messages.push({ from: node, to: client, sendUs: tUs - 70, arriveUs: tUs, label: isWrite ? '+OK' : `$${value}` });
        if (isWrite && !lost) {
          for (const r of redis) {
            if (r === node) continue;
            const s = arrive + 20;
            messages.push({ from: node, to: r, sendUs: s, arriveUs: s + 50 + Math.floor(rnd() * 80), label: `SET ${key} ${value}` });
          }
        }
      }
    }
  }
  // Sentinel chatter: PING / PONG and INFO with every data node, once a second.
  for (let t = 200 * MS; t < end; t += S) {
    for (const s of sentinels) {
      for (const r of redis) {
        const send = t + Math.floor(rnd() * 50 * MS);
        const arrive = send + 60 + Math.floor(rnd() * 60);
        messages.push({ from: s, to: r, sendUs: send, arriveUs: arrive, label: 'PING' });
        messages.push({ from: r, to: s, sendUs: arrive + 15, arriveUs: arrive + 90 + Math.floor(rnd() * 60), label: '+PONG' });
      }
      const hello = t + 500 * MS + Math.floor(rnd() * 100 * MS);
      const via = masterOf(hello);
      messages.push({ from: s, to: via, sendUs: hello, arriveUs: hello + 80, label: `PUBLISH __sentinel__:hello ${s},26379` });
    }
  }
  // Nothing crosses a partition while it lasts: what is sent across it is
  // dropped when its connection is reset, 2 s later (or at the heal).
  const cuts = outages.filter((u) => u.isolatedBox !== null).map((u) => ({ fromUs: u.fromUs, toUs: u.doomedUntilUs, box: u.isolatedBox! }));
  const delivered = messages.map((m): MessageArrow => {
    const cut = cuts.find((c) => m.sendUs >= c.fromUs && m.sendUs < c.toUs && (hostOf.get(m.from) === c.box) !== (hostOf.get(m.to) === c.box));
    return cut === undefined ? m : { ...m, arriveUs: Math.min(cut.toUs, m.sendUs + 2 * S), dropped: 'connection reset before delivery' };
  });
  const splitBrain = splitBrainSpans.map((b): SplitBrainBand => {
    const writes: Record<string, number> = {};
    for (const op of ops) if (op.outcome === 'ok' && op.f === 'write' && op.tUs >= b.fromUs && op.tUs <= b.toUs && b.masters.includes(op.node)) writes[op.node] = (writes[op.node] ?? 0) + 1;
    return { ...b, writesByNode: writes };
  });
  delivered.sort((a, b) => a.sendUs - b.sendUs || a.arriveUs - b.arriveUs);
  let kept = delivered;
  if (delivered.length > o.messages) {
    kept = [];
    for (let i = 0; i < o.messages; i++) kept.push(delivered[Math.floor((i * delivered.length) / o.messages)]!);
  }
  ops.sort((a, b) => a.tUs - b.tUs || (a.process < b.process ? -1 : a.process > b.process ? 1 : 0));

  const lanes: Lane[] = [
    ...redis.map((node): Lane => ({ node, kind: 'redis', host: hostOf.get(node)!, segments: segmentsOf(changes.get(node)!, end) })),
    ...sentinels.map((node): Lane => ({ node, kind: 'sentinel', host: hostOf.get(node)!, segments: [{ fromUs: 0, toUs: end, state: 'up' }] })),
    ...clients.map((node): Lane => ({ node, kind: 'client', host: hostOf.get(node)!, segments: [{ fromUs: 0, toUs: end, state: 'up' }] })),
  ];
  const lostCount = ops.filter((op) => op.lost).length;
  const lostKeys = [...new Set(ops.filter((op) => op.lost).map((op) => op.key))].sort().slice(0, 5);
  const verdicts: ReportData['verdicts'] = [
    {
      name: 'lost-writes',
      ok: lostCount === 0,
      detail: lostCount === 0 ? 'every acknowledged write survived' : `${lostCount} acknowledged writes lost (keys ${lostKeys.join(', ')}), accepted by a partitioned master`,
      kind: 'checker',
      ...(lostCount === 0
        ? {}
        : { explanation: { expected: 'no acknowledged write lost', got: `${lostCount} lost, all full-resync-after-demotion`, meaning: 'The scenario sets no expectation on this: a finding, reported without failing the run.' } }),
    },
    { name: 'split-brain', ok: lostCount === 0, detail: lostCount === 0 ? 'one master at a time' : 'two masters accepted writes at the same time' },
    { name: 'linearizability', ok: 'unknown', detail: 'work budget exhausted on key k3 after 1,000,000 steps' },
    { name: 'convergence', ok: true, detail: 'all replicas agree 3.1 s after the last fault' },
    { name: 'expect: failover within 10 s', ok: true, detail: `+switch-master ${(DOWN_AFTER_US + FAILOVER_TAKES_US) / S} s after the fault` },
  ];
  let h = Math.imul(o.seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  let hash = '';
  for (let i = 0; i < 4; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    hash += h.toString(16).padStart(8, '0');
  }
  return {
    scenario: o.scenario,
    description: o.description,
    seed: o.seed,
    traceHash: hash.slice(0, 16),
    replay: `redsim replay scenarios/${o.scenario}.yaml --seed ${o.seed} --trace-hash ${hash.slice(0, 16)}`,
    passed: verdicts.every((v) => v.ok === true),
    durationUs: end,
    lanes,
    faults,
    events,
    ops,
    lossReasons,
    splitBrain,
    messages: kept,
    messagesTruncated: false,
    verdicts,
  };
}

/** 30 s: a partition isolates the master's box; Sentinels fail over; the old master's client loses writes. */
export function smallStory(seed = 42): ReportData {
  return story({
    scenario: 'partition-master-box',
    description: 'Partition the box running the master (and one client) away from the rest for 12 s; Sentinels elect a new master while the old one keeps accepting writes.',
    seed,
    durationUs: 30 * S,
    clients: 2,
    ops: 300,
    messages: 1_000_000,
    episodes: [{ kind: 'partition', atUs: 8 * S, forUs: 12 * S }],
  });
}

/** 10 minutes, 100,000 operations from 20 clients, 200,000 messages, three faults plus a global slow link. */
export function bigStory(seed = 7): ReportData {
  return story({
    scenario: 'soak-10min',
    description: 'Ten minutes of register traffic from 20 clients through a partition, a crash and a pause.',
    seed,
    durationUs: 600 * S,
    clients: 20,
    ops: 100_000,
    messages: 200_000,
    episodes: [
      { kind: 'partition', atUs: 120 * S, forUs: 25 * S },
      { kind: 'crash', atUs: 300 * S, forUs: 30 * S },
      { kind: 'pause', atUs: 450 * S, forUs: 8 * S },
    ],
    globalFault: { fromUs: 520 * S, toUs: null, label: 'slow links (+20 ms)' },
  });
}
