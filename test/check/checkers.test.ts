// Each checker on hand-made histories and traces where the answer is known.

import { describe, expect, it } from 'vitest';
import type { HistoryOp, OpType, OpValue } from '../../src/sim/history.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { checkLostWrites } from '../../src/check/lost-writes.js';
import { attributeLosses } from '../../src/check/loss-attribution.js';
import { checkSplitBrain } from '../../src/check/split-brain.js';
import { checkConvergence } from '../../src/check/convergence.js';
import { checkAvailability } from '../../src/check/availability.js';

let clock = 0;
const op = (process: string, type: OpType, f: string, value: OpValue, node = 'm1', key = 'set', time = (clock += 1000)): HistoryOp => ({
  process,
  type,
  f,
  key,
  value,
  time,
  node,
});
/** invoke + completion */
const done = (process: string, type: OpType, f: string, value: OpValue, completionValue: OpValue = value, node = 'm1', key = 'set') => [
  op(process, 'invoke', f, value, node, key),
  op(process, type, f, completionValue, node, key),
];
const finalRead = (values: OpValue, key = 'set') => done('c1', 'ok', 'final-read', null, values, 'm1', key);
const ev = (tUs: number, node: string, kind: string, fields: Record<string, unknown> = {}): TraceEvent => ({ tUs, node, kind, ...fields }) as TraceEvent;

describe('lost writes', () => {
  it('set-add: all acknowledged adds present is valid; a missing one is lost', () => {
    const ok = [...done('c1', 'ok', 'add', 1), ...done('c2', 'ok', 'add', 2), ...finalRead([1, 2])];
    expect(checkLostWrites(ok)).toMatchObject({ valid: true, acked: 2, lost: 0, lostRate: 0 });
    const bad = [...done('c1', 'ok', 'add', 1), ...done('c2', 'ok', 'add', 2), ...finalRead([1])];
    const r = checkLostWrites(bad);
    expect(r).toMatchObject({ valid: false, acked: 2, lost: 1, lostRate: 0.5 });
    expect(r.lostWrites).toEqual([expect.objectContaining({ process: 'c2', value: 2, node: 'm1' })]);
    expect(r.perClient).toEqual({ c1: { acked: 1, lost: 0, unackedPresent: 0 }, c2: { acked: 1, lost: 1, unackedPresent: 0 } });
  });

  it('unacknowledged adds may appear (info), refused ones must not (fail)', () => {
    const maybe = [...done('c1', 'info', 'add', 1), ...done('c1', 'ok', 'add', 2), ...finalRead([1, 2])];
    expect(checkLostWrites(maybe)).toMatchObject({ valid: true, unackedPresent: 1, failedPresent: 0 });
    const refused = [...done('c1', 'fail', 'add', 1), ...finalRead([1])];
    expect(checkLostWrites(refused)).toMatchObject({ valid: false, failedPresent: 1 });
  });

  it('without a final read the verdict is unknown', () => {
    expect(checkLostWrites(done('c1', 'ok', 'add', 1)).valid).toBe('unknown');
  });

  it('counter: the final value against the acknowledged increments', () => {
    const incr = (n: number, type: OpType = 'ok') => done('c1', type, 'incr', 1, n, 'm1', 'counter');
    expect(checkLostWrites([...incr(1), ...incr(2), ...finalRead(2, 'counter')])).toMatchObject({ valid: true, lost: 0 });
    expect(checkLostWrites([...incr(1), ...incr(2), ...incr(3), ...finalRead(1, 'counter')])).toMatchObject({ valid: false, lost: 2 });
    expect(checkLostWrites([...incr(1), ...incr(0, 'info'), ...finalRead(2, 'counter')])).toMatchObject({ valid: true, unackedPresent: 1 });
  });

  it('list-append: per list', () => {
    const h = [...done('c1', 'ok', 'append', 1, 1, 'm1', 'l0'), ...done('c1', 'ok', 'append', 2, 2, 'm1', 'l1'), ...finalRead([1], 'l0'), ...finalRead([], 'l1')];
    expect(checkLostWrites(h)).toMatchObject({ valid: false, lost: 1, workload: 'list-append' });
  });
});

describe('loss attribution', () => {
  const lost = [{ process: 'c1', key: 'set', value: 7, node: 'm1', ackedAtUs: 20_000_000 }];
  it('names the full resync of the demoted master and the switch that demoted it', () => {
    const trace = [
      ev(25_000_000, 's2', 'sentinel.event', { name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379', epoch: 1 }),
      ev(60_000_000, 'm1', 'log', { text: 'MASTER <-> REPLICA sync: Flushing old data' }),
    ];
    const r = attributeLosses(lost, trace);
    expect(r.losses[0]).toMatchObject({ cause: 'full-resync-after-demotion', discardedAtUs: 60_000_000, switchMaster: { epoch: 1, tUs: 25_000_000 } });
    expect(r.losses[0]!.story).toBe(
      "c1's write 7 to set, acknowledged by m1 at 20s, was erased when m1, demoted by +switch-master mymaster m1 6379 r2 6379 (epoch 1) at 25s, did a full resync at 60s",
    );
  });

  it('names a restart that came back empty', () => {
    const trace = [ev(30_000_000, 'm1', 'process', { event: 'start', incarnation: 2 }), ev(30_000_000, 'm1', 'log', { text: 'Ready to accept connections' })];
    expect(attributeLosses(lost, trace).losses[0]).toMatchObject({ cause: 'restart-without-persistence', discardedAtUs: 30_000_000 });
  });

  it('a restart that loaded data without the write, and an unexplained loss', () => {
    const trace = [ev(30_000_000, 'm1', 'process', { event: 'start', incarnation: 2 }), ev(30_000_000, 'm1', 'log', { text: 'DB loaded from append only file: 0.001 seconds' })];
    expect(attributeLosses(lost, trace).losses[0]!.cause).toBe('restart-lost-unsynced-data');
    expect(attributeLosses(lost, []).losses[0]!.cause).toBe('unknown');
  });
});

describe('split brain', () => {
  const roles = [
    ev(0, 'm1', 'redis.role', { role: 'master', master: null }),
    ev(0, 'r2', 'redis.role', { role: 'replica', master: 'm1:6379' }),
    ev(10_000_000, 'r2', 'redis.role', { role: 'master', master: null }),
    ev(30_000_000, 'm1', 'redis.role', { role: 'replica', master: 'r2:6379' }),
  ];
  it('two masters taking writes at once', () => {
    const ops = [
      op('c1', 'invoke', 'add', 1, 'm1', 'set', 15_000_000),
      op('c1', 'ok', 'add', 1, 'm1', 'set', 15_000_100),
      op('c2', 'invoke', 'add', 2, 'r2', 'set', 16_000_000),
      op('c2', 'ok', 'add', 2, 'r2', 'set', 16_000_100),
    ];
    const r = checkSplitBrain(ops, roles, 40_000_000);
    expect(r.valid).toBe(false);
    expect(r.intervals).toEqual([{ startUs: 10_000_000, endUs: 30_000_000, masters: ['m1', 'r2'], writesByNode: { m1: 1, r2: 1 } }]);
    expect(r.totalUs).toBe(20_000_000);
  });

  it('two masters but only one of them taking writes is not split brain', () => {
    const ops = [op('c1', 'invoke', 'add', 1, 'm1', 'set', 15_000_000), op('c1', 'ok', 'add', 1, 'm1', 'set', 15_000_100)];
    expect(checkSplitBrain(ops, roles, 40_000_000).valid).toBe(true);
  });
  it('two masters but no writes in the overlap, and one master throughout', () => {
    const early = [op('c1', 'invoke', 'add', 1, 'm1', 'set', 5_000_000), op('c1', 'ok', 'add', 1, 'm1', 'set', 5_000_100)];
    expect(checkSplitBrain(early, roles, 40_000_000).valid).toBe(true);
    expect(checkSplitBrain(early, roles.slice(0, 2), 40_000_000).valid).toBe(true);
  });
  it('a crashed master is not a master', () => {
    const crash = [...roles.slice(0, 2), ev(5_000_000, 'm1', 'process', { event: 'crash' }), roles[2]!];
    const ops = [op('c1', 'invoke', 'add', 1, 'r2', 'set', 15_000_000), op('c1', 'ok', 'add', 1, 'r2', 'set', 15_000_100)];
    expect(checkSplitBrain(ops, crash, 40_000_000).valid).toBe(true);
  });
});

describe('convergence', () => {
  const probe = (tUs: number, nodes: string[], sentinels: string[]) => ev(tUs, 'probe', 'probe', { nodes, sentinels });
  const good = (tUs: number) => probe(tUs, ['m1=replica:r2:up:100', 'r2=master:100'], ['s1=r2:6379', 's2=r2:6379']);
  it('converged after the last heal, within the bound', () => {
    const trace = [
      ev(10_000_000, 'net', 'net', { event: 'heal' }),
      probe(11_000_000, ['m1=master:90', 'r2=master:100'], ['s1=r2:6379', 's2=m1:6379']),
      good(12_000_000),
      good(13_000_000),
    ];
    expect(checkConvergence(trace, 5000)).toMatchObject({ valid: true, convergedAfterMs: 2000, master: 'r2' });
    expect(checkConvergence(trace, 1000).valid).toBe(false);
  });
  it('not converged: two masters, a lagging replica, a Sentinel with another view', () => {
    expect(checkConvergence([probe(1, ['m1=master:1', 'r2=master:1'], [])], 5000).problems).toEqual(['2 masters: m1, r2']);
    expect(checkConvergence([probe(1, ['m1=replica:r2:up:90', 'r2=master:100'], ['s1=r2:6379'])], 5000).problems).toEqual(['m1 at offset 90, r2 at 100']);
    expect(checkConvergence([probe(1, ['m1=replica:r2:up:100', 'r2=master:100'], ['s1=m1:6379'])], 5000).problems).toEqual(['s1 reports m1:6379']);
    expect(checkConvergence([], 5000).valid).toBe('unknown');
  });
});

describe('availability and failover time', () => {
  it('ok rate per client, and the time from a fault to +switch-master on a majority', () => {
    const ops = [...done('c1', 'ok', 'add', 1), ...done('c1', 'info', 'add', 2), ...done('c1', 'fail', 'add', 3), ...done('c1', 'ok', 'add', 4)];
    const switchAt = (tUs: number, node: string) => ev(tUs, node, 'sentinel.event', { name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379', epoch: 1 });
    const trace = [ev(10_000_000, 'm1', 'process', { event: 'crash' }), switchAt(17_000_000, 's1'), switchAt(18_000_000, 's2'), switchAt(19_000_000, 's3')];
    const r = checkAvailability(ops, trace);
    expect(r.clients['c1']).toMatchObject({ ok: 2, info: 1, fail: 1, okRate: 0.5 });
    expect(r.failovers).toEqual([
      { from: 'm1:6379', to: 'r2:6379', epoch: 1, faultAtUs: 10_000_000, fault: 'crash m1', switchedAtUs: 18_000_000, durationMs: 8000 },
    ]);
  });
});

describe('which fault a failover is timed from', () => {
  it('the partition that cut the master off from the Sentinels that saw it down, not a later crash of another node', () => {
    const start = (node: string, host: string) => ev(0, node, 'process', { event: 'start', incarnation: 1, host });
    const sdown = (tUs: number, node: string) => ev(tUs, node, 'sentinel.event', { name: '+sdown', text: '+sdown master mymaster m1 6379' });
    const switchAt = (tUs: number, node: string) => ev(tUs, node, 'sentinel.event', { name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379', epoch: 1 });
    const trace = [
      start('m1', 'box1'), start('s1', 'box1'), start('c1', 'box1'), start('r2', 'box2'), start('s2', 'box2'), start('s3', 'box3'), start('c2', 'box4'),
      ev(17_000_000, 'net', 'net', { event: 'partition', groups: ['box1', 'box2,box3'] }),
      // a client on a box of its own crashes in between: not the cause
      ev(18_500_000, 'c2', 'process', { event: 'crash' }),
      sdown(19_100_000, 's2'), sdown(19_200_000, 's3'),
      switchAt(21_000_000, 's2'), switchAt(21_284_000, 's3'),
    ];
    const [f] = checkAvailability([], trace).failovers;
    expect(f).toMatchObject({ fault: 'partition box1 | box2,box3', faultAtUs: 17_000_000, durationMs: 4284 });
  });
  it('a fault that could not separate them is passed over; with none that could, the latest before the switch', () => {
    const start = (node: string, host: string) => ev(0, node, 'process', { event: 'start', incarnation: 1, host });
    const trace = [
      start('m1', 'box1'), start('s2', 'box2'), start('s3', 'box3'),
      ev(10_000_000, 'm1', 'process', { event: 'pause' }),
      ev(11_000_000, 'net', 'net', { event: 'partition', groups: ['box2', 'box3'] }),
      ev(12_000_000, 's2', 'sentinel.event', { name: '+sdown', text: '+sdown master mymaster m1 6379' }),
      ev(13_000_000, 's2', 'sentinel.event', { name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379', epoch: 1 }),
      ev(13_100_000, 's3', 'sentinel.event', { name: '+switch-master', text: '+switch-master mymaster m1 6379 r2 6379', epoch: 1 }),
    ];
    expect(checkAvailability([], trace).failovers[0]).toMatchObject({ fault: 'pause m1', durationMs: 3100 });
    const noCause = trace.filter((e) => e.kind !== 'process' || e['event'] !== 'pause');
    expect(checkAvailability([], noCause).failovers[0]).toMatchObject({ fault: 'partition box2 | box3', durationMs: 2100 });
  });
});

describe('availability in time: write gaps, outage windows, unavailable seconds', () => {
  const at = (process: string, type: OpType, value: number, time: number, error?: string): HistoryOp => ({ process, type, f: 'add', key: 'set', value, time, node: 'm1', ...(error !== undefined ? { error } : {}) });
  const s = (n: number) => n * 1_000_000;
  it('the longest stretch without an ack, each outage of 5 s or more, and the seconds without a success with their error', () => {
    const ops: HistoryOp[] = [
      at('c1', 'invoke', 1, s(0.1)), at('c1', 'ok', 1, s(0.2)),
      at('c1', 'invoke', 2, s(1.1)), at('c1', 'ok', 2, s(1.2)),
      // 1.2 s → 9.5 s: a time-out, then NOREPLICAS refusals, then an ack at 9.5 s
      at('c1', 'invoke', 3, s(2.0)), at('c1', 'info', 3, s(3.0), 'timeout'),
      ...[4, 5, 6, 7, 8].flatMap((v) => [at('c1', 'invoke', v, s(v)), at('c1', 'fail', v, s(v) + 1000, 'NOREPLICAS Not enough good replicas to write.')]),
      at('c1', 'invoke', 9, s(9.4)), at('c1', 'ok', 9, s(9.5)),
      // a last write that never got an answer: the gap runs to its send
      at('c1', 'invoke', 10, s(12)),
      // the final read is not the client issuing work
      { process: 'c1', type: 'invoke', f: 'final-read', key: 'set', value: null, time: s(20), node: 'm1' },
      { process: 'c1', type: 'ok', f: 'final-read', key: 'set', value: [1], time: s(20.1), node: 'm1' },
    ];
    const c = checkAvailability(ops, []).clients['c1']!;
    expect(c.longestWriteGap).toEqual({ fromUs: s(1.2), toUs: s(9.5), ms: 8300 });
    expect(c.outages).toEqual([{ fromUs: s(1.2), toUs: s(9.5), ms: 8300 }]);
    // seconds 0..12 active; ok in 0, 1 and 9: 10 seconds without a success
    expect(c.unavailableSeconds).toBe(10);
    expect(c.unavailableBecause).toEqual({ timeout: 1, NOREPLICAS: 5, 'no answer': 4 });
    // the ok rate alone looks fine-ish: 3 of 9 completed
    expect(c.okRate).toBeCloseTo(3 / 9);
  });
  it('no outage when acks come at least every 5 s', () => {
    const ops = [0, 4, 8, 12].flatMap((t, i) => [at('c2', 'invoke', i, s(t)), at('c2', 'ok', i, s(t) + 500)]);
    const c = checkAvailability(ops, []).clients['c2']!;
    expect(c.outages).toEqual([]);
    expect(c.longestWriteGap!.ms).toBe(4000);
    // 13 seconds of activity, an ok in 4 of them
    expect(c.unavailableSeconds).toBe(9);
  });
});

describe('convergence with a node killed for good', () => {
  it('leaves out nodes whose last event is a crash', () => {
    const probe = ev(20_000_000, 'probe', 'probe', { nodes: ['m1=down', 'r2=master:10', 'r3=replica:r2:up:10'], sentinels: ['s1=r2:6379'] });
    const killed = ev(5_000_000, 'm1', 'process', { event: 'crash' });
    expect(checkConvergence([killed, probe], 60_000).valid).toBe(true);
    // a node that was restarted and does not answer is a problem
    const restarted = ev(6_000_000, 'm1', 'process', { event: 'start', incarnation: 2 });
    expect(checkConvergence([killed, restarted, probe], 60_000).problems).toEqual(['m1 did not answer']);
  });
  it('counts from the crash when nothing undoes it, not from an earlier heal or from 0', () => {
    const healed = ev(10_000_000, 'net', 'net', { event: 'heal' });
    const killed = ev(27_000_000, 'm1', 'process', { event: 'crash' });
    const at = (tUs: number) => ev(tUs, 'probe', 'probe', { nodes: ['m1=down', 'r2=master:10', 'r3=replica:r2:up:10'], sentinels: ['s1=r2:6379'] });
    const r = checkConvergence([healed, killed, at(31_000_000), at(32_000_000)], 30_000);
    expect(r).toMatchObject({ valid: true, faultsOverUs: 27_000_000, convergedAfterMs: 4000 });
  });
});

describe('convergence while clients still write', () => {
  const probe = (tUs: number, master: number, replica: number) => ev(tUs, 'probe', 'probe', { nodes: [`m1=master:${master}`, `r2=replica:m1:up:${replica}`], sentinels: ['s1=m1:6379'] });
  it('a replica that reached where the master was a round earlier has caught up', () => {
    expect(checkConvergence([probe(1_000_000, 100, 90), probe(2_000_000, 200, 150)], 5000)).toMatchObject({ valid: true, convergedAfterMs: 2000 });
  });
  it('a replica falling further behind has not', () => {
    expect(checkConvergence([probe(1_000_000, 100, 90), probe(2_000_000, 200, 95)], 5000).valid).toBe(false);
  });
});
