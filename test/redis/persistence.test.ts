import { describe, expect, it } from 'vitest';
import { redisWorld } from './harness.js';

describe('persistence', () => {
  it('a master restarted with persistence off comes back empty and wipes its replicas', () => {
    const w = redisWorld({ m1: { save: '""', appendonly: 'no' }, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } });
    w.runFor(500);
    for (let i = 0; i < 10; i++) w.cmd('m1', 'SET', `k${i}`, 'v');
    w.runFor(7000);
    expect(w.cli('r2', 'DBSIZE')).toBe('(integer) 10');
    const oldReplid = w.info('m1', 'master_replid');
    w.net.crash('m1');
    w.runFor(200);
    w.net.restart('m1');
    w.runFor(8000);
    expect(w.cli('m1', 'DBSIZE')).toBe('(integer) 0');
    expect(w.info('m1', 'master_replid')).not.toBe(oldReplid);
    // The replicas asked to continue the old history, were refused, and full-synced the empty dataset.
    expect(w.info('m1', 'sync_full')).toBe('2');
    expect(w.cli('r2', 'DBSIZE')).toBe('(integer) 0');
    expect(w.cli('r3', 'DBSIZE')).toBe('(integer) 0');
    expect(w.logs('r2')).toContain('MASTER <-> REPLICA sync: Flushing old data');
  });

  it('a master restarted from its RDB keeps its history as replid2, so replicas resync partially', () => {
    const w = redisWorld({ m1: { save: '900 1' }, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    for (let i = 0; i < 5; i++) w.cmd('m1', 'SET', `k${i}`, 'v');
    w.runFor(100);
    const replid = w.info('m1', 'master_replid');
    const offset = w.info('m1', 'master_repl_offset');
    // SHUTDOWN saves (save points are set), as `redis-cli shutdown` would.
    expect(w.cli('m1', 'SHUTDOWN')).toBe('(closed: eof)');
    expect(w.net.process('m1').state).toBe('stopped');
    expect(w.logs('m1')).toEqual(expect.arrayContaining(['User requested shutdown...', 'Saving the final RDB snapshot before exiting.', 'DB saved on disk', 'Redis is now ready to exit, bye bye...']));
    w.runFor(500);
    w.net.restart('m1');
    w.runFor(3000);
    expect(w.info('m1', 'master_replid2')).toBe(replid);
    expect(w.info('m1', 'second_repl_offset')).toBe(String(Number(offset) + 1));
    expect(w.cli('m1', 'DBSIZE')).toBe('(integer) 5');
    expect(w.info('m1', 'sync_partial_ok')).toBe('1');
    expect(w.info('m1', 'sync_full')).toBe('0');
    expect(w.info('r2', 'master_link_status')).toBe('up');
  });

  it('save points trigger a BGSAVE whose child takes time', () => {
    const w = redisWorld({ m1: { save: '1 3' } }, { timing: { rdbSaveBytesPerSec: 10_000 } });
    w.runFor(500);
    for (let i = 0; i < 3; i++) w.cmd('m1', 'SET', `k${i}`, 'x'.repeat(1000));
    w.runFor(1600);
    expect(w.logs('m1')).toContain('3 changes in 1 seconds. Saving...');
    expect(w.info('m1', 'rdb_bgsave_in_progress')).toBe('1');
    w.runFor(2000);
    expect(w.info('m1', 'rdb_bgsave_in_progress')).toBe('0');
    expect(w.info('m1', 'rdb_changes_since_last_save')).toBe('0');
    expect(w.logLines('m1').some((l) => /^\d+:C .* \* DB saved on disk$/.test(l))).toBe(true);
    expect(w.logs('m1')).toContain('Background saving terminated with success');
    expect(w.net.process('m1').disk.has('dump.rdb')).toBe(true);
  });

  it('a large dataset makes a restarted server answer LOADING while it loads', () => {
    const w = redisWorld({ m1: { save: '""' } }, { timing: { rdbLoadBytesPerSec: 100_000 } });
    for (let i = 0; i < 200; i++) w.cmd('m1', 'SET', `k${i}`, 'x'.repeat(1000));
    expect(w.cli('m1', 'SAVE')).toBe('OK');
    w.net.crash('m1');
    w.net.restart('m1');
    expect(w.cli('m1', 'GET', 'k1')).toBe('(error) LOADING Redis is loading the dataset in memory');
    expect(w.info('m1', 'loading')).toBe('1');
    w.runFor(3000);
    expect(w.cli('m1', 'DBSIZE')).toBe('(integer) 200');
  });

  it('AOF everysec: a power failure loses at most about the last second of acknowledged writes', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', appendfsync: 'everysec' } }, { hosts: { m1: 'box1' } });
    w.runFor(500);
    let acked = 0;
    for (let i = 0; i < 250; i++) {
      if (w.cli('m1', 'SET', `k${i}`, 'v') === 'OK') acked = i + 1;
      w.runFor(10);
    }
    w.net.powerFail('box1');
    w.net.restart('m1');
    w.runFor(1000);
    const survived = Number(/\d+/.exec(w.cli('m1', 'DBSIZE'))![0]);
    const lost = acked - survived;
    // ~100 writes a second: what was not yet fsynced (at most ~1 s) is gone, no more.
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(110);
  });

  it('AOF: a process crash (kill -9) loses nothing already written; appendfsync always survives power loss', () => {
    for (const [fault, fsync] of [['crash', 'everysec'], ['powerFail', 'always']] as const) {
      const w = redisWorld({ m1: { appendonly: 'yes', appendfsync: fsync } });
      for (let i = 0; i < 50; i++) w.cmd('m1', 'SET', `k${i}`, 'v');
      if (fault === 'crash') w.net.crash('m1');
      else w.net.powerFail('m1');
      w.net.restart('m1');
      w.runFor(500);
      expect(w.cli('m1', 'DBSIZE'), `${fault} with appendfsync ${fsync}`).toBe('(integer) 50');
    }
  });

  it('CONFIG REWRITE persists a REPLICAOF across restarts (what Sentinel relies on)', () => {
    const w = redisWorld({ m1: {}, r2: {} });
    w.cmd('r2', 'REPLICAOF', 'm1', 6379);
    expect(w.cli('r2', 'CONFIG', 'REWRITE')).toBe('OK');
    w.net.crash('r2');
    w.net.restart('r2');
    w.runFor(7000);
    expect(w.info('r2', 'role')).toBe('slave');
    expect(w.info('r2', 'master_link_status')).toBe('up');
    expect(w.cli('r2', 'CONFIG', 'GET', 'replicaof')).toBe('1) "replicaof"\n2) "m1 6379"');
  });
});
