// Redis 7's multi-part AOF: the directory, the manifest, the rewrite and the
// log lines, against what redis-server 7.0.15 printed and left on disk
// (captured 2026-12-03 with appendonly yes: a start, 50 SADDs, BGREWRITEAOF,
// 10 more, a restart; and a replica with appendonly yes after a full sync).

import { describe, expect, it } from 'vitest';
import { redisWorld } from './harness.js';
import { CONFIG_FILE } from '../../src/redis/server.js';

const lines = (w: ReturnType<typeof redisWorld>, node: string) => w.logs(node).join('\n');
const sadds = (w: ReturnType<typeof redisWorld>, from: number, to: number) => {
  for (let i = from; i <= to; i++) w.cmd('m1', 'SADD', 's', String(i));
};

describe('multi-part AOF (appendonly yes)', () => {
  it('a first start creates the base and incr files and the manifest, as 7.0 does', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', save: '""' } });
    w.runFor(10);
    expect(lines(w, 'm1')).toMatch(
      /Server initialized\nCreating AOF base file appendonly\.aof\.1\.base\.rdb on server start\nCreating AOF incr file appendonly\.aof\.1\.incr\.aof on server start\nReady to accept connections/,
    );
    const disk = w.net.process('m1').disk;
    expect(disk.read('appendonlydir/appendonly.aof.manifest')).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    expect(disk.names().filter((n) => n.startsWith('appendonlydir/')).sort()).toEqual([
      'appendonlydir/appendonly.aof.1.base.rdb',
      'appendonlydir/appendonly.aof.1.incr.aof',
      'appendonlydir/appendonly.aof.manifest',
    ]);
  });

  it('BGREWRITEAOF: a new incr at once, a child writes the new base, the parent swaps them at its next cron and removes the history', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', save: '""' } });
    w.runFor(500);
    sadds(w, 1, 50);
    expect(w.cli('m1', 'BGREWRITEAOF')).toBe('Background append only file rewriting started');
    expect(w.cli('m1', 'BGREWRITEAOF')).toBe('(error) ERR Background append only file rewriting already in progress');
    expect(w.cli('m1', 'BGSAVE')).toBe("(error) ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    expect(w.info('m1', 'aof_rewrite_in_progress')).toBe('1');
    w.runFor(200);
    expect(lines(w, 'm1')).toMatch(
      new RegExp(
        [
          'Creating AOF incr file appendonly\\.aof\\.2\\.incr\\.aof on background rewrite',
          'Background append only file rewriting started by pid (\\d+)',
          'Successfully created the temporary AOF base file temp-rewriteaof-bg-\\1\\.aof',
          'Fork CoW for AOF rewrite: current 0 MB, peak 0 MB, average 0 MB',
          'Background AOF rewrite terminated with success',
          'Successfully renamed the temporary AOF base file temp-rewriteaof-bg-\\1\\.aof into appendonly\\.aof\\.2\\.base\\.rdb',
          'Removing the history file appendonly\\.aof\\.1\\.incr\\.aof in the background',
          'Removing the history file appendonly\\.aof\\.1\\.base\\.rdb in the background',
          'Background AOF rewrite finished successfully',
        ].join('\n'),
      ),
    );
    // The child's lines carry its pid and role C, as in the real log.
    expect(w.logLines('m1').find((l) => l.includes('Fork CoW for AOF rewrite'))).toMatch(/^\d+:C /);
    const disk = w.net.process('m1').disk;
    expect(disk.read('appendonlydir/appendonly.aof.manifest')).toBe('file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    expect(disk.has('appendonlydir/appendonly.aof.1.incr.aof')).toBe(false);
    expect(w.info('m1', 'aof_rewrites')).toBe('1');
    expect(w.info('m1', 'aof_rewrite_in_progress')).toBe('0');
    expect(Number(w.info('m1', 'aof_base_size'))).toBeGreaterThan(0);
  });

  it('a restart loads the base RDB, then the incr file, with 7.0\'s lines, and opens the incr file again', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', save: '""' } });
    w.runFor(500);
    sadds(w, 1, 50);
    w.cmd('m1', 'BGREWRITEAOF');
    w.runFor(200);
    sadds(w, 51, 60);
    w.net.crash('m1');
    w.net.restart('m1');
    w.runFor(100);
    expect(w.cli('m1', 'SCARD', 's')).toBe('(integer) 60');
    const restarted = lines(w, 'm1').slice(lines(w, 'm1').lastIndexOf('Server initialized'));
    expect(restarted).toMatch(
      new RegExp(
        [
          'Server initialized',
          'Reading RDB base file on AOF loading\\.\\.\\.',
          'Loading RDB produced by version 7\\.0\\.15',
          'RDB age \\d+ seconds',
          'RDB memory usage when created [0-9.]+ Mb',
          'RDB is base AOF',
          'Done loading RDB, keys loaded: 1, keys expired: 0\\.',
          'DB loaded from base file appendonly\\.aof\\.2\\.base\\.rdb: \\d+\\.\\d{3} seconds',
          'DB loaded from incr file appendonly\\.aof\\.2\\.incr\\.aof: \\d+\\.\\d{3} seconds',
          'DB loaded from append only file: \\d+\\.\\d{3} seconds',
          'Opening AOF incr file appendonly\\.aof\\.2\\.incr\\.aof on server start',
          'Ready to accept connections',
        ].join('\n'),
      ),
    );
  });

  it('a crash during a rewrite loses nothing: the new incr file was in the manifest from the start', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', save: '""' } }, { timing: { rdbSaveBytesPerSec: 1000 } });
    w.runFor(500);
    sadds(w, 1, 50);
    w.cmd('m1', 'BGREWRITEAOF');
    sadds(w, 51, 60);
    expect(w.info('m1', 'aof_rewrite_in_progress')).toBe('1');
    expect(w.net.process('m1').disk.read('appendonlydir/appendonly.aof.manifest')).toBe(
      'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n',
    );
    w.net.crash('m1');
    w.net.restart('m1');
    w.runFor(100);
    expect(w.cli('m1', 'SCARD', 's')).toBe('(integer) 60');
    // Both incr files loaded: the old one and the one the rewrite opened.
    expect(lines(w, 'm1')).toMatch(/DB loaded from incr file appendonly\.aof\.1\.incr\.aof: .*\nDB loaded from incr file appendonly\.aof\.2\.incr\.aof: /);
  });

  it('auto-aof-rewrite-percentage: a rewrite starts when the AOF has grown that much over its base', () => {
    const w = redisWorld({ m1: { appendonly: 'yes', save: '""', 'auto-aof-rewrite-min-size': '1kb', 'auto-aof-rewrite-percentage': '100' } });
    w.runFor(500);
    sadds(w, 1, 100);
    w.runFor(300);
    expect(lines(w, 'm1')).toMatch(/Starting automatic rewriting of AOF on \d+% growth\nCreating AOF incr file appendonly\.aof\.2\.incr\.aof on background rewrite/);
    expect(w.info('m1', 'aof_rewrites')).toBe('1');
  });

  it('a replica with appendonly yes: after the full sync the AOF restarts with a rewrite to a temp incr file, then renames it', () => {
    const w = redisWorld({ m1: { save: '""' }, r2: { appendonly: 'yes', save: '""', replicaof: 'm1 6379' } });
    w.runFor(7000);
    expect(w.info('r2', 'master_link_status')).toBe('up');
    expect(lines(w, 'r2')).toMatch(
      new RegExp(
        [
          'MASTER <-> REPLICA sync: Finished with success',
          'Creating AOF incr file temp-appendonly\\.aof\\.incr on background rewrite',
          'Background append only file rewriting started by pid (\\d+)',
          'Successfully created the temporary AOF base file temp-rewriteaof-bg-\\1\\.aof',
          'Fork CoW for AOF rewrite: current 0 MB, peak 0 MB, average 0 MB',
          'Background AOF rewrite terminated with success',
          'Successfully renamed the temporary AOF base file temp-rewriteaof-bg-\\1\\.aof into appendonly\\.aof\\.2\\.base\\.rdb',
          'Successfully renamed the temporary AOF incr file temp-appendonly\\.aof\\.incr into appendonly\\.aof\\.2\\.incr\\.aof',
          'Removing the history file appendonly\\.aof\\.1\\.incr\\.aof in the background',
          'Removing the history file appendonly\\.aof\\.1\\.base\\.rdb in the background',
          'Background AOF rewrite finished successfully',
        ].join('\n'),
      ),
    );
    expect(w.net.process('r2').disk.read('appendonlydir/appendonly.aof.manifest')).toBe('file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
  });

  it('appendonly yes with only a dump.rdb on disk starts empty: 7.0 loads the AOF directory, never dump.rdb (captured: DBSIZE 0)', () => {
    const w = redisWorld({ m1: { save: '""' } });
    w.cmd('m1', 'SET', 'k', 'v');
    w.cmd('m1', 'SAVE');
    w.cmd('m1', 'CONFIG', 'REWRITE');
    const disk = w.net.process('m1').disk;
    disk.write(CONFIG_FILE, `${disk.read<string>(CONFIG_FILE)!.replace('appendonly no', 'appendonly yes')}`);
    w.net.crash('m1');
    w.net.restart('m1');
    w.runFor(100);
    expect(w.cli('m1', 'DBSIZE')).toBe('(integer) 0');
    expect(lines(w, 'm1')).toMatch(/Creating AOF base file appendonly\.aof\.1\.base\.rdb on server start/);
  });

  it('CONFIG SET appendonly yes turns the AOF on with a rewrite of the dataset, so a restart keeps it', () => {
    const w = redisWorld({ m1: { save: '""' } });
    w.cmd('m1', 'SET', 'k', 'v');
    w.cmd('m1', 'CONFIG', 'SET', 'appendonly', 'yes');
    w.cmd('m1', 'CONFIG', 'REWRITE');
    w.runFor(500);
    expect(lines(w, 'm1')).toMatch(/Creating AOF incr file temp-appendonly\.aof\.incr on background rewrite\nBackground append only file rewriting started by pid \d+/);
    expect(w.info('m1', 'aof_enabled')).toBe('1');
    w.cmd('m1', 'SET', 'k2', 'v2');
    w.net.crash('m1');
    w.net.restart('m1');
    w.runFor(100);
    expect(w.cli('m1', 'DBSIZE')).toBe('(integer) 2');
  });
});
