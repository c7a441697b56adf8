// The invariant checkers (src/check/invariants/) on hand-made traces: for each,
// a trace that breaks it (reported, with a text that says what, when, where)
// and one that does not, including the cases Redis allows that look alike.
// Then the clean build: no bundled scenario and no explore-failover seed
// breaks any.

import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryOp } from '../../src/sim/history.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import type { ConvergenceResult } from '../../src/check/convergence.js';
import { checkInvariants, INVARIANT_TRACE_KINDS, type InvariantResult } from '../../src/check/invariants/index.js';
import { checkVotes } from '../../src/check/invariants/votes.js';
import { checkLeaders } from '../../src/check/invariants/leaders.js';
import { checkOdown } from '../../src/check/invariants/odown.js';
import { checkEpochs } from '../../src/check/invariants/epochs.js';
import { checkReplicaSelection } from '../../src/check/invariants/replica-selection.js';
import { checkPartialResyncs } from '../../src/check/invariants/partial-resync.js';
import { MinReplicasCheck } from '../../src/check/invariants/min-replicas.js';
import { checkDigests } from '../../src/check/invariants/digests.js';
import { datasetDigest } from '../../src/redis/digest.js';
import { Keyspace } from '../../src/redis/keyspace.js';
import { forEachPair } from '../../src/sim/history.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseScenario } from '../../src/scenario/scenario.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { evaluateExpectations } from '../../src/scenario/expectations.js';
import type { CheckResults } from '../../src/check/index.js';
import { simulate } from '../../src/scenario/simulate.js';
import { EXPLORE_TRACE_KINDS } from '../../src/explore/outcome.js';

const s = (seconds: number) => Math.round(seconds * 1e6);
const ev = (seconds: number, node: string, kind: string, fields: Record<string, unknown> = {}): TraceEvent => ({ tUs: s(seconds), node, kind, ...fields }) as TraceEvent;
const start = (seconds: number, node: string, incarnation = 1) => ev(seconds, node, 'process', { event: 'start', incarnation, host: node });
/** A Sentinel event as Sentinel.event records it. */
const sentinelEvent = (seconds: number, node: string, name: string, text: string, epoch = 0, master: string | null = 'mymaster') =>
  ev(seconds, node, 'sentinel.event', { name, text: `${name} ${text}`, master, epoch, level: 'warning' });
/** Run ids: `s1` is `a1a1...` and so on, logged at start as the real ones are. */
const id = (node: string) => `${node.slice(1)}a`.repeat(20).slice(0, 40);
const idLine = (seconds: number, node: string) => ev(seconds, node, 'log', { text: `Sentinel ID is ${id(node)}` });
const sentinels = (...nodes: string[]) => nodes.flatMap((n) => [start(0, n), idLine(0, n), sentinelEvent(0, n, '+monitor', 'master mymaster m1 6379 quorum 2')]);

const vote = (seconds: number, voter: string, epoch: number, candidate: string, master = 'mymaster') =>
  ev(seconds, voter, 'sentinel.vote', { master, epoch, candidate: id(candidate), runId: id(voter) });
const leader = (seconds: number, node: string, epoch: number, voters: string[], options: { known?: number; quorum?: number; forced?: boolean; failoverEpoch?: number } = {}) =>
  ev(seconds, node, 'sentinel.leader', {
    master: 'mymaster',
    epoch,
    failoverEpoch: options.failoverEpoch ?? epoch,
    runId: id(node),
    voters: voters.map((v) => (v.includes('@') ? `${id(v.split('@')[0]!)}@${v.split('@')[1]}` : `${id(v)}@${epoch}`)),
    known: options.known ?? 3,
    quorum: options.quorum ?? 2,
    forced: options.forced ?? false,
  });

const violated = (r: InvariantResult) => {
  expect(r.ok).toBe(false);
  return r.violations.map((v) => v.text);
};
const holds = (r: InvariantResult) => {
  expect(r.violations.map((v) => v.text)).toEqual([]);
  expect(r.ok).toBe(true);
};

describe('at most one vote per Sentinel per epoch', () => {
  it('a second vote in an epoch is a violation, for another candidate or the same one, also after a restart', () => {
    const texts = violated(checkVotes([...sentinels('s1', 's2', 's3'), vote(1, 's1', 3, 's2'), vote(2, 's1', 3, 's3'), vote(3, 's2', 3, 's2'), start(4, 's2', 2), vote(5, 's2', 3, 's2')]));
    expect(texts).toEqual([
      's1 voted twice in epoch 3 for mymaster: for s2 at 1s, then for s3 at 2s',
      's2 voted twice in epoch 3 for mymaster: for s2 at 3s, again for s2 at 5s',
    ]);
    expect(checkVotes([vote(1, 's1', 3, 's2'), vote(2, 's1', 3, 's3')]).violations[0]).toMatchObject({ atUs: s(2), node: 's1' });
  });

  it('one vote per epoch holds; a wiped disk or a removed master starts over', () => {
    holds(
      checkVotes([
        ...sentinels('s1', 's2'),
        vote(1, 's1', 3, 's2'),
        vote(1, 's2', 3, 's2'),
        vote(2, 's1', 4, 's1'),
        ev(3, 's2', 'process', { event: 'disk-wiped' }),
        vote(4, 's2', 3, 's1'),
        sentinelEvent(5, 's1', '-monitor', 'master mymaster m1 6379'),
        vote(6, 's1', 4, 's2'),
        vote(7, 's1', 4, 's2', 'other'),
      ]),
    );
  });
});

describe('at most one leader per epoch', () => {
  it('a counted vote that was never cast, too few votes, and two leaders of one epoch are violations', () => {
    const fake = violated(checkLeaders([...sentinels('s1', 's2', 's3'), vote(1, 's1', 5, 's1'), vote(1, 's2', 5, 's3'), leader(2, 's1', 5, ['s1', 's2'])]));
    expect(fake).toEqual(["s1 (elected leader for mymaster in epoch 5 at 2s) counted s2's vote in epoch 5, but it voted for s3"]);
    const few = violated(checkLeaders([...sentinels('s1', 's2', 's3'), vote(1, 's1', 5, 's1'), leader(2, 's1', 5, ['s1'])]));
    expect(few).toEqual(['s1 (elected leader for mymaster in epoch 5 at 2s) with 1 vote(s): a majority of 3 Sentinels needs 2']);
    const quorum = violated(checkLeaders([...sentinels('s1', 's2', 's3'), vote(1, 's1', 5, 's1'), vote(1, 's2', 5, 's1'), leader(2, 's1', 5, ['s1', 's2'], { quorum: 3 })]));
    expect(quorum[0]).toContain('the quorum is 3');
    // s2 voted twice (the votes checker says so too): both leaders had a majority of all three.
    const two = [...sentinels('s1', 's2', 's3'), vote(1, 's1', 5, 's1'), vote(1, 's2', 5, 's1'), vote(1.5, 's3', 5, 's3'), vote(1.6, 's2', 5, 's3'), leader(2, 's1', 5, ['s1', 's2']), leader(3, 's3', 5, ['s3', 's2'])];
    expect(violated(checkLeaders(two))).toEqual(['two leaders for mymaster in epoch 5: s1 at 2s (votes of s1, s2) and s3 at 3s (votes of s3, s2)']);
    expect(violated(checkVotes(two))).toHaveLength(1);
  });

  it('a leader with the votes it counted holds; forced failovers, partial views and mixed epochs are not judged for uniqueness', () => {
    holds(checkLeaders([...sentinels('s1', 's2', 's3'), vote(1, 's1', 5, 's1'), vote(1.1, 's2', 5, 's1'), leader(2, 's1', 5, ['s1', 's2']), leader(3, 's1', 5, ['s1', 's2'])]));
    // SENTINEL FAILOVER: no votes needed.
    holds(checkLeaders([...sentinels('s1', 's2', 's3'), leader(2, 's1', 6, [], { forced: true })]));
    // s3 knew no other Sentinel (before discovery): its majority of one need not meet s1's.
    holds(
      checkLeaders([
        ...sentinels('s1', 's2', 's3'),
        vote(1, 's1', 5, 's1'),
        vote(1, 's2', 5, 's1'),
        vote(1, 's3', 5, 's3'),
        leader(2, 's1', 5, ['s1', 's2']),
        leader(2, 's3', 5, ['s3'], { known: 1, quorum: 1 }),
      ]),
    );
    // s2 counted its own vote from its failover epoch 4 and s3's from epoch 5, where s1 also won.
    holds(
      checkLeaders([
        ...sentinels('s1', 's2', 's3'),
        vote(0.5, 's2', 4, 's2'),
        vote(1, 's1', 5, 's1'),
        vote(1, 's3', 5, 's2'),
        vote(1.2, 's2', 5, 's1'),
        leader(2, 's1', 5, ['s1', 's2']),
        leader(2, 's2', 5, ['s2@4', 's3@5'], { failoverEpoch: 4 }),
      ]),
    );
  });
});

describe('ODOWN only with a quorum of opinions', () => {
  const sdown = (seconds: number, node: string) => sentinelEvent(seconds, node, '+sdown', 'master mymaster m1 6379');
  const reply = (seconds: number, node: string, peer: string, down: boolean) => ev(seconds, node, 'sentinel.down-reply', { master: 'mymaster', peer: id(peer), down });
  const odown = (seconds: number, node: string, peers: string[], ages: number[], quorum = 2) =>
    ev(seconds, node, 'sentinel.odown', { master: 'mymaster', quorum, sDown: true, agreeing: 1 + peers.length, peers: peers.map(id), peerAgesMs: ages, maxAgeMs: 7000 });

  it('ODOWN on its own SDOWN alone, on an opinion whose last reply said not down, or on an expired one, is a violation', () => {
    expect(violated(checkOdown([...sentinels('s1', 's2', 's3'), sdown(1, 's1'), odown(1.1, 's1', [], [])]))).toEqual([
      's1 declared mymaster ODOWN at 1.1s with 1 opinion(s) of the quorum 2: its own SDOWN',
    ]);
    const flipped = violated(checkOdown([...sentinels('s1', 's2', 's3'), sdown(1, 's1'), reply(1.05, 's1', 's2', true), reply(1.08, 's1', 's2', false), odown(1.1, 's1', ['s2'], [20])]));
    expect(flipped[0]).toContain("not counted: s2's last reply (1.08s) said not down");
    const never = violated(checkOdown([...sentinels('s1', 's2', 's3'), sdown(1, 's1'), odown(1.1, 's1', ['s3'], [10])]));
    expect(never[0]).toContain('s3 never answered it');
    const stale = violated(checkOdown([...sentinels('s1', 's2', 's3'), sdown(1, 's1'), reply(1.05, 's1', 's2', true), odown(9, 's1', ['s2'], [7950])]));
    expect(stale[0]).toContain("s2's reply was 7950 ms old");
    // Without its own SDOWN, two peers are still only two of three.
    const noSdown = violated(
      checkOdown([...sentinels('s1', 's2', 's3'), reply(1.05, 's1', 's2', true), reply(1.05, 's1', 's3', true), odown(1.1, 's1', ['s2', 's3'], [50, 50], 3)]),
    );
    expect(noSdown[0]).toContain('it was not in SDOWN itself');
    // Opinions from before a restart are gone.
    const restarted = violated(checkOdown([...sentinels('s1', 's2'), reply(1, 's1', 's2', true), start(2, 's1', 2), sdown(3, 's1'), odown(3.1, 's1', ['s2'], [10])]));
    expect(restarted[0]).toContain('s2 never answered it');
  });

  it('ODOWN with a quorum of gathered opinions holds, also with opinions kept through TILT or a switch', () => {
    holds(checkOdown([...sentinels('s1', 's2', 's3'), sdown(1, 's1'), reply(1.05, 's1', 's2', true), odown(1.1, 's1', ['s2'], [50])]));
    holds(checkOdown([...sentinels('s1'), sdown(1, 's1'), odown(1.1, 's1', [], [], 1)]));
    // Right after TILT the opinions were not expired: Redis counts them.
    holds(checkOdown([...sentinels('s1', 's2'), reply(1, 's1', 's2', true), sdown(2, 's1'), sentinelEvent(40, 's1', '-tilt', '#tilt mode exited', 0, null), odown(40, 's1', ['s2'], [39000])]));
    // A replica's SDOWN is not the master's; the master's own counts.
    const replicaSdown = sentinelEvent(1, 's1', '+sdown', 'slave r2:6379 r2 6379 @ mymaster m1 6379');
    expect(checkOdown([...sentinels('s1', 's2'), replicaSdown, odown(1.1, 's1', [], [], 1)]).ok).toBe(false);
    // +switch-master clears the master's SDOWN; a new +sdown sets it again.
    const switched = [sdown(1, 's1'), sentinelEvent(2, 's1', '+switch-master', 'mymaster m1 6379 r2 6379', 1, null)];
    expect(checkOdown([...sentinels('s1'), ...switched, odown(3, 's1', [], [], 1)]).ok).toBe(false);
    holds(checkOdown([...sentinels('s1'), ...switched, sdown(3, 's1'), odown(3.1, 's1', [], [], 1)]));
  });
});

describe('config epochs never decrease', () => {
  const configEpoch = (seconds: number, node: string, epoch: number, master = 'mymaster') => ev(seconds, node, 'sentinel.config-epoch', { master, configEpoch: epoch });

  it('a config epoch going down (also across a restart) or a current epoch going down in one life is a violation', () => {
    expect(violated(checkEpochs([start(0, 's1'), configEpoch(0, 's1', 0), configEpoch(5, 's1', 3), start(6, 's1', 2), configEpoch(6, 's1', 2)]))).toEqual([
      "s1's config epoch for mymaster went down from 3 (since 5s) to 2 at 6s",
    ]);
    const current = violated(checkEpochs([start(0, 's1'), sentinelEvent(1, 's1', '+new-epoch', '5', 5, null), sentinelEvent(2, 's1', '+sdown', 'master mymaster m1 6379', 4), sentinelEvent(3, 's1', '-sdown', 'master mymaster m1 6379', 4)]));
    expect(current).toEqual(["s1's current epoch went down from 5 (since 1s) to 4 at 2s (+sdown master mymaster m1 6379)"]);
  });

  it('rising epochs hold; a restart may lose an unsaved current epoch; a wiped disk or a removed master starts over', () => {
    holds(
      checkEpochs([
        start(0, 's1'),
        configEpoch(0, 's1', 0),
        sentinelEvent(1, 's1', '+new-epoch', '5', 5, null),
        configEpoch(2, 's1', 5),
        configEpoch(2, 's2', 1),
        start(3, 's1', 2),
        sentinelEvent(3, 's1', '+monitor', 'master mymaster m1 6379 quorum 2', 4),
        configEpoch(3, 's1', 5),
        ev(4, 's1', 'process', { event: 'disk-wiped' }),
        start(4, 's1', 3),
        configEpoch(4, 's1', 0),
        configEpoch(5, 's1', 2),
        sentinelEvent(6, 's1', '-monitor', 'master mymaster m1 6379', 4),
        configEpoch(7, 's1', 0),
      ]),
    );
  });
});

describe('the promoted replica is one the selection rules allow', () => {
  interface Replica {
    name: string;
    priority?: number;
    offset?: number;
    runId?: string;
    sDown?: boolean;
    disconnected?: boolean;
    pingAgoMs?: number;
    infoAgoMs?: number;
    linkDownMs?: number;
  }
  const select = (chosen: string | null, replicas: Replica[], masterSDown = true) =>
    ev(10, 's1', 'sentinel.select', {
      master: 'mymaster',
      epoch: 3,
      chosen,
      masterSDown,
      masterDownMs: 4000,
      downAfterMs: 3000,
      pingPeriodMs: 1000,
      infoPeriodMs: 10000,
      replicas: replicas.map((r) => r.name),
      sDown: replicas.map((r) => r.sDown ?? false),
      oDown: replicas.map(() => false),
      disconnected: replicas.map((r) => r.disconnected ?? false),
      pingAgoMs: replicas.map((r) => r.pingAgoMs ?? 300),
      infoAgoMs: replicas.map((r) => r.infoAgoMs ?? 500),
      priority: replicas.map((r) => r.priority ?? 100),
      offset: replicas.map((r) => r.offset ?? 1000),
      runId: replicas.map((r) => r.runId ?? ''),
      linkDownMs: replicas.map((r) => r.linkDownMs ?? 0),
    });

  it('a lower offset chosen over a higher one, an excluded replica chosen, or none chosen when one passes, is a violation', () => {
    const lowOffset = violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', offset: 100, runId: 'b' }, { name: 'r3:6379', offset: 200, runId: 'c' }])]));
    expect(lowOffset).toEqual(['s1 (failover of mymaster, epoch 3, at 10s) chose r2:6379 (priority 100, offset 100, run id b) over r3:6379 (priority 100, offset 200, run id c), which comes first']);
    expect(violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', priority: 0 }, { name: 'r3:6379' }])]))[0]).toContain('its replica-priority was 0');
    expect(violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', infoAgoMs: 6000 }])]))[0]).toContain('its INFO was 6000 ms old (limit 5000 ms)');
    expect(violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', linkDownMs: 40000 }])]))[0]).toContain('master link had been down 40000 ms (limit 34000 ms)');
    expect(violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', priority: 50 }, { name: 'r3:6379', priority: 10 }])]))).toHaveLength(1);
    expect(violated(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', runId: 'bb' }, { name: 'r3:6379', runId: 'AA' }])]))).toHaveLength(1);
    expect(violated(checkReplicaSelection([select(null, [{ name: 'r2:6379' }])]))[0]).toContain('found no replica to promote, but r2:6379');
  });

  it('the first by priority, offset and run id among those passing the filters holds, by what the leader knew', () => {
    holds(checkReplicaSelection([select('r3:6379', [{ name: 'r2:6379', offset: 100 }, { name: 'r3:6379', offset: 200 }])]));
    // The better one was filtered out.
    holds(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', offset: 100 }, { name: 'r3:6379', offset: 200, sDown: true }])]));
    holds(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', offset: 100 }, { name: 'r3:6379', offset: 200, disconnected: true }])]));
    holds(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', offset: 100 }, { name: 'r3:6379', offset: 200, pingAgoMs: 5001 }])]));
    // Priority first; then run id (case-insensitive, unknown last); equal replicas are interchangeable.
    holds(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', priority: 10, offset: 1 }, { name: 'r3:6379', priority: 100, offset: 999 }])]));
    holds(checkReplicaSelection([select('r3:6379', [{ name: 'r2:6379', runId: 'bb' }, { name: 'r3:6379', runId: 'AA' }, { name: 'r4:6379' }])]));
    holds(checkReplicaSelection([select('r3:6379', [{ name: 'r2:6379' }, { name: 'r3:6379' }])]));
    // With the master not SDOWN, INFO may be 30 s old.
    holds(checkReplicaSelection([select('r2:6379', [{ name: 'r2:6379', infoAgoMs: 20000 }], false)]));
    holds(checkReplicaSelection([select(null, [{ name: 'r2:6379', sDown: true }])]));
  });
});

describe('a partial resync only when the backlog can serve it', () => {
  const psync = (replid: string, offset: number) =>
    ev(12, 'r2', 'redis.psync', { replica: 'm1:6379', replid, offset, myReplid: 'new'.repeat(10), myReplid2: 'old'.repeat(10), secondReplOffset: 5001, backlogFirstByte: 1, backlogHistlen: 6000 });

  it('an unknown replication ID, an offset past where the previous ID ended, or one outside the backlog is a violation', () => {
    expect(violated(checkPartialResyncs([psync('xyz'.repeat(10), 3000)]))).toEqual([
      "r2 continued m1:6379's replication at 12s (PSYNC xyzxyzxy 3000), but that replication ID is neither its own (newnewne) nor its previous one (oldoldol)",
    ]);
    expect(violated(checkPartialResyncs([psync('old'.repeat(10), 5002)]))[0]).toContain('valid only up to offset 5001');
    expect(violated(checkPartialResyncs([psync('new'.repeat(10), 6002)]))[0]).toContain('its backlog holds offsets 1 to 6000: it can resume from 1 to 6001');
  });

  it('the current ID within the backlog, or the previous one up to where it ended, holds', () => {
    holds(checkPartialResyncs([psync('new'.repeat(10), 6001), psync('new'.repeat(10), 1), psync('old'.repeat(10), 5001)]));
  });
});

describe('no write accepted below min-replicas-to-write', () => {
  const role = (seconds: number, node: string, r: 'master' | 'replica') => ev(seconds, node, 'redis.role', { role: r, master: r === 'master' ? null : 'r2:6379' });
  const gate = (seconds: number, node: string, good: number, min = 1) => ev(seconds, node, 'redis.good-replicas', { good, min, maxLagSeconds: 10 });
  const write = (from: number, to: number, node = 'm1', type: 'ok' | 'fail' = 'ok'): HistoryOp[] => [
    { process: 'c1', type: 'invoke', f: 'add', key: 'set', value: 7, time: s(from), node },
    { process: 'c1', type, f: 'add', key: 'set', value: 7, time: s(to), node },
  ];
  const check = (trace: TraceEvent[], history: HistoryOp[]) => {
    const c = new MinReplicasCheck(trace, s(60));
    forEachPair(history, c.visit);
    return c.result();
  };
  const trace = [start(0, 'm1'), role(0, 'm1', 'master'), gate(0.001, 'm1', 1), gate(5, 'm1', 0), gate(15, 'm1', 1)];

  it('a write acknowledged by a master counting too few good replicas is a violation', () => {
    expect(violated(check(trace, write(8, 8.002)))).toEqual([
      "m1 acknowledged c1's add on set (sent 8s, acknowledged 8.002s) while it counted 0 good replica(s) and min-replicas-to-write is 1 (since 5s)",
    ]);
  });

  it('writes while enough replicas are good, refused ones, ones crossing a change, on a replica, or on a node whose gate is unknown hold', () => {
    holds(check(trace, [...write(2, 2.002), ...write(8, 8.002, 'm1', 'fail'), ...write(14.999, 15.001), ...write(4.999, 5.001), ...write(8, 8.002, 'r2')]));
    holds(check([start(0, 'm1'), role(0, 'm1', 'replica'), gate(0.001, 'm1', 0)], write(8, 8.002)));
    holds(check([start(0, 'm1'), role(0, 'm1', 'master'), gate(0.001, 'm1', 0), ev(3, 'm1', 'process', { event: 'crash' }), start(6, 'm1', 2), role(6, 'm1', 'master')], write(8, 8.002)));
    // min-replicas-to-write switched off.
    holds(check([start(0, 'm1'), role(0, 'm1', 'master'), gate(0.001, 'm1', 0), gate(3, 'm1', 0, 0)], write(8, 8.002)));
  });
});

describe("after convergence every replica's dataset equals the master's", () => {
  const converged = (valid: boolean | 'unknown', master: string | null = 'm1'): ConvergenceResult => ({ valid, faultsOverUs: 0, convergedAfterMs: valid === true ? 1000 : null, boundMs: 30000, master, problems: [] });
  const digest = (node: string, d: string, extra: Record<string, unknown> = {}) =>
    ev(60, node, 'redis.digest', { digest: d, keys: 1, role: 'replica', master: 'm1', linkUp: true, replid: 'abc'.repeat(13) + 'a', offset: 5000, ...extra });
  const masterDigest = digest('m1', 'aaaa', { role: 'master', master: null, linkUp: false });

  it("a replica at the master's ID and offset with another dataset is a violation (also down a chain)", () => {
    expect(violated(checkDigests([masterDigest, digest('r2', 'aaaa'), digest('r3', 'bbbb')], converged(true)))).toEqual([
      "r3's dataset differs from m1's at the same replication offset 5000 (ID abcabcab) at 60s: digest bbbb (1 keys) against aaaa (1 keys)",
    ]);
    expect(violated(checkDigests([masterDigest, digest('r2', 'aaaa'), digest('r3', 'bbbb', { master: 'r2' })], converged(true)))).toHaveLength(1);
  });

  it('equal digests hold; replicas not at the same offset are not compared; a run that did not converge is not judged', () => {
    holds(checkDigests([masterDigest, digest('r2', 'aaaa'), digest('r3', 'aaaa')], converged(true)));
    const behind = checkDigests([masterDigest, digest('r2', 'bbbb', { offset: 4990 })], converged(true));
    holds(behind);
    expect(behind.note).toContain('not compared: r2');
    expect(checkDigests([masterDigest, digest('r2', 'bbbb')], converged(false))).toMatchObject({ ok: 'unknown', note: 'not compared: the run did not converge' });
    // A node replicating another master is not in the final master's group.
    holds(checkDigests([masterDigest, digest('r2', 'bbbb', { master: 'x9' })], converged(true)));
  });

  it('the digest depends on the data, not on the order it was written in', () => {
    const keyspace = (commands: string[][]) => {
      const ks = new Keyspace();
      for (const c of commands) ks.execute(c, { nowMs: 0, expiry: 'delete' });
      return ks;
    };
    const a = keyspace([['SADD', 's', '1', '2', 'x'], ['SET', 'k', 'v'], ['RPUSH', 'l', 'a', 'b']]);
    const b = keyspace([['RPUSH', 'l', 'a', 'b'], ['SET', 'k', 'v'], ['SADD', 's', 'x', '2', '1']]);
    expect(datasetDigest(a)).toBe(datasetDigest(b));
    expect(datasetDigest(keyspace([['RPUSH', 'l', 'b', 'a'], ['SET', 'k', 'v'], ['SADD', 's', 'x', '2', '1']]))).not.toBe(datasetDigest(a));
    expect(datasetDigest(keyspace([['SADD', 's', '1', '2', 'y'], ['SET', 'k', 'v'], ['RPUSH', 'l', 'a', 'b']]))).not.toBe(datasetDigest(a));
    expect(datasetDigest(keyspace([['SADD', 's', '1', '2', 'x'], ['SET', 'k', 'v', 'PX', '5000'], ['RPUSH', 'l', 'a', 'b']]))).not.toBe(datasetDigest(a));
    expect(datasetDigest(new Keyspace())).toBe('0000000000000000');
  });
});

describe('all invariants', () => {
  it('each one not recorded in a lean trace is unknown, never violated', () => {
    const results = checkInvariants([vote(1, 's1', 3, 's2'), vote(2, 's1', 3, 's3')], [], {
      endUs: s(10),
      convergence: { valid: false, faultsOverUs: 0, convergedAfterMs: null, boundMs: 1, master: null, problems: [] },
      keeps: (kind) => kind !== 'sentinel.vote',
    });
    expect(results.map((r) => r.invariant)).toEqual(['one-vote-per-epoch', 'one-leader-per-epoch', 'odown-quorum', 'epochs-never-decrease', 'replica-selection', 'partial-resync', 'min-replicas', 'replica-datasets']);
    expect(results[0]).toMatchObject({ ok: 'unknown', note: 'not checked: the run kept no sentinel.vote events' });
    expect(results.every((r) => r.ok !== false)).toBe(true);
    // Explore's table pads names to 44 characters: `invariant: ` and the title fit.
    for (const r of results) expect(`invariant: ${r.title}`.length).toBeLessThanOrEqual(44);
  });
});

describe('expect.invariants', () => {
  const base = () => readFileSync('scenarios/three-boxes-partition.yaml', 'utf8');
  const broken: InvariantResult = {
    invariant: 'one-vote-per-epoch',
    title: 'one vote per Sentinel per epoch',
    ok: false,
    violations: [{ atUs: s(2), node: 's1', text: 's1 voted twice in epoch 3 for mymaster: for s2 at 1s, then for s3 at 2s' }],
    violationCount: 3,
  };
  const held: InvariantResult = { invariant: 'min-replicas', title: 'no write below min-replicas', ok: true, violations: [], violationCount: 0 };
  const checks = { invariants: [broken, held] } as unknown as CheckResults;
  const final = { roles: {}, sentinels: {}, master: null };

  it('a violated invariant fails the run as its own row; `invariants: false` opts out', () => {
    const rows = evaluateExpectations({}, { checks, final, trace: [], failovers: [] });
    expect(rows).toEqual([
      { name: 'invariant: one vote per Sentinel per epoch', met: false, detail: 's1 voted twice in epoch 3 for mymaster: for s2 at 1s, then for s3 at 2s (and 2 more)' },
    ]);
    expect(evaluateExpectations({ invariants: false }, { checks, final, trace: [], failovers: [] })).toEqual([]);
  });

  it('parses, validates and writes back', () => {
    const text = base().replace(/expect:\n/, 'expect:\n  invariants: false\n');
    const scenario = parseScenario('opt-out.yaml', text);
    expect(scenario.expect.invariants).toBe(false);
    expect(parseScenario('back.yaml', scenarioToYaml(scenario)).expect).toEqual(scenario.expect);
    expect(parseScenario('default.yaml', base()).expect.invariants).toBeUndefined();
    expect(() => parseScenario('bad.yaml', base().replace(/expect:\n/, 'expect:\n  invariants: sometimes\n'))).toThrow(/invariants/);
  });
});

// The clean build breaks none of them: every bundled scenario (seed 1) and
// explore-failover's swarm seeds, run as explore runs them (a lean trace that
// still keeps everything the invariants read).
describe('the clean build', () => {
  // Tests run from the repository's root, as the other scenario tests assume.
  const scenarios = 'scenarios';
  const judged = (file: string, seed: number, swarm: boolean) => {
    const run = simulate(loadScenario(join(scenarios, file)), { seed, swarm, traceKeep: EXPLORE_TRACE_KINDS });
    const broken = run.result.checkers.invariants.filter((i) => i.ok === false).map((i) => `${file} seed ${seed}: ${i.invariant}: ${i.violations[0]?.text ?? ''}`);
    const unknown = run.result.checkers.invariants.filter((i) => i.ok === 'unknown' && i.invariant !== 'replica-datasets');
    return { broken, unknown: unknown.map((i) => `${file} seed ${seed}: ${i.invariant}: ${i.note ?? ''}`) };
  };

  it('explore keeps every trace kind the invariants read', () => {
    for (const kind of INVARIANT_TRACE_KINDS) expect(EXPLORE_TRACE_KINDS.has(kind)).toBe(true);
  });

  it('no bundled scenario breaks an invariant (seed 1)', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));
    const broken: string[] = [];
    for (const file of files) {
      const r = judged(file, 1, false);
      broken.push(...r.broken, ...r.unknown);
    }
    expect(broken).toEqual([]);
  }, 300_000);

  it('no explore-failover seed breaks an invariant (30 seeds, swarm)', () => {
    const broken: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const r = judged('explore-failover.yaml', seed, true);
      broken.push(...r.broken, ...r.unknown);
    }
    expect(broken).toEqual([]);
  }, 300_000);
});
