import { describe, expect, it } from 'vitest';
import { redisWorld } from './harness.js';

const synced = (extra: Record<string, Record<string, string | number>> = {}, defaults: Record<string, string | number> = {}) => {
  const w = redisWorld({
    m1: { ...defaults, ...(extra['m1'] ?? {}) },
    r2: { replicaof: 'm1 6379', ...defaults, ...(extra['r2'] ?? {}) },
    r3: { replicaof: 'm1 6379', ...defaults, ...(extra['r3'] ?? {}) },
  });
  w.runFor(7000);
  for (const r of ['r2', 'r3']) expect(w.info(r, 'master_link_status')).toBe('up');
  return w;
};

describe('partial and full resynchronization (PSYNC)', () => {
  it('a replica that lost its link continues with a partial resync', () => {
    const w = synced();
    expect(w.cli('m1', 'SET', 'a', '1')).toBe('OK');
    w.cli('m1', 'CLIENT', 'KILL', 'TYPE', 'replica');
    w.runFor(2000);
    expect(w.info('m1', 'sync_partial_ok')).toBe('2');
    expect(w.info('m1', 'sync_full')).toBe('2');
    expect(w.logs('m1')).toContain('Partial resynchronization request from r2:6379 accepted. Sending 0 bytes of backlog starting from offset 51.');
    expect(w.logs('r2')).toEqual(
      expect.arrayContaining([
        'Connection with master lost.',
        'Caching the disconnected master state.',
        'Reconnecting to MASTER m1:6379',
        'Successful partial resynchronization with master.',
        'MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.',
      ]),
    );
  });

  it('a killed replica back inside the backlog window resyncs partially from its RDB', () => {
    const w = synced();
    for (let i = 0; i < 20; i++) w.cmd('m1', 'SET', `k${i}`, 'v');
    w.net.crash('r2');
    w.runFor(1000);
    for (let i = 20; i < 40; i++) w.cmd('m1', 'SET', `k${i}`, 'v');
    w.net.restart('r2');
    w.runFor(3000);
    expect(w.info('m1', 'sync_partial_ok')).toBe('1');
    expect(w.info('m1', 'sync_full')).toBe('2');
    expect(w.cli('r2', 'DBSIZE')).toBe('(integer) 40');
    expect(w.info('r2', 'master_repl_offset')).toBe(w.info('m1', 'master_repl_offset'));
  });

  it('a killed replica back after more than the backlog was written needs a full resync', () => {
    const w = synced({}, { 'repl-backlog-size': '16kb' });
    w.net.crash('r2');
    const value = 'x'.repeat(1000);
    for (let i = 0; i < 40; i++) w.cmd('m1', 'SET', `k${i}`, value);
    w.net.restart('r2');
    w.runFor(8000);
    expect(w.info('m1', 'sync_partial_ok')).toBe('0');
    expect(w.info('m1', 'sync_full')).toBe('3');
    expect(w.logs('m1').some((l) => /^Unable to partial resync with replica r2:6379 for lack of backlog \(Replica request was: \d+\)\.$/.test(l))).toBe(true);
    expect(w.cli('r2', 'DBSIZE')).toBe('(integer) 40');
  });

  it('after a promotion the other replicas and the old master re-point with partial resyncs (PSYNC2)', () => {
    const w = synced();
    w.cmd('m1', 'SET', 'a', '1');
    w.runFor(100);
    expect(w.cli('r2', 'REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(w.logs('r2').some((l) => /^MASTER MODE enabled \(user request from 'id=\d+ addr=cli:\d+ laddr=r2:6379 .* cmd=replicaof user=default resp=2'\)$/.test(l))).toBe(true);
    expect(w.logs('r2').find((l) => l.startsWith('Setting secondary replication ID'))).toMatch(
      /^Setting secondary replication ID to [0-9a-f]{40}, valid up to offset: 51\. New replication ID is [0-9a-f]{40}$/,
    );
    w.cmd('r3', 'REPLICAOF', 'r2', 6379);
    w.cmd('m1', 'REPLICAOF', 'r2', 6379);
    w.runFor(2000);
    expect(w.info('r2', 'sync_full')).toBe('0');
    expect(w.info('r2', 'sync_partial_ok')).toBe('2');
    expect(w.info('r2', 'connected_slaves')).toBe('2');
    expect(w.logs('r3')).toContain(`Master replication ID changed to ${w.info('r2', 'master_replid')}`);
    expect(w.cli('r2', 'SET', 'b', '2')).toBe('OK');
    w.runFor(100);
    expect(w.cli('m1', 'GET', 'b')).toBe('"2"');
    expect(w.cli('r3', 'GET', 'a')).toBe('"1"');
  });

  it("a demoted master's extra writes force a full sync that erases them", () => {
    const w = synced();
    w.cmd('m1', 'SET', 'a', '1');
    w.runFor(100);
    w.cmd('r2', 'REPLICAOF', 'NO', 'ONE');
    // The old master still takes a write before it learns it was replaced.
    expect(w.cli('m1', 'SET', 'extra', '1')).toBe('OK');
    w.cmd('m1', 'REPLICAOF', 'r2', 6379);
    w.runFor(8000);
    expect(w.logs('r2').some((l) => /^Partial resynchronization not accepted: Requested offset for second ID was \d+, but I can reply up to 51$/.test(l))).toBe(true);
    expect(w.info('r2', 'sync_full')).toBe('1');
    expect(w.cli('m1', 'GET', 'extra')).toBe('(nil)');
    expect(w.cli('m1', 'GET', 'a')).toBe('"1"');
  });

  it('ROLE answers as Redis does on both sides', () => {
    const w = synced();
    w.cmd('m1', 'SET', 'a', '1');
    w.runFor(1500);
    // Replicas are listed in the order they attached (which latency decides), as INFO's slaveN lines.
    const order = [w.info('m1', 'slave0'), w.info('m1', 'slave1')].map((l) => /ip=(r\d)/.exec(l!)![1]);
    expect(order.slice().sort()).toEqual(['r2', 'r3']);
    expect(w.cli('m1', 'ROLE')).toBe(
      `1) "master"\n2) (integer) 50\n3) 1) 1) "${order[0]}"\n      2) "6379"\n      3) "50"\n   2) 1) "${order[1]}"\n      2) "6379"\n      3) "50"`,
    );
    expect(w.cli('r2', 'ROLE')).toBe('1) "slave"\n2) "m1"\n3) (integer) 6379\n4) "connected"\n5) (integer) 50');
  });
});

describe('chained replicas', () => {
  it('a replica of a replica carries the top master\'s replid and offsets', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'r2 6379' } });
    w.runFor(14000);
    w.cmd('m1', 'SET', 'chain', 'yes');
    w.runFor(100);
    expect(w.cli('r3', 'GET', 'chain')).toBe('"yes"');
    expect(w.info('r3', 'master_replid')).toBe(w.info('m1', 'master_replid'));
    expect(w.info('r3', 'master_repl_offset')).toBe(w.info('m1', 'master_repl_offset'));
    expect(w.info('m1', 'connected_slaves')).toBe('1');
  });
});
