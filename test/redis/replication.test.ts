import { describe, expect, it } from 'vitest';
import { redisWorld } from './harness.js';

describe('REPLICAOF (seed 000/001 walkthrough)', () => {
  it('copies the keys after a diskless full sync, with the logs a real replica writes', () => {
    const w = redisWorld({ m1: {}, r2: {} });
    // As in the real capture: the servers have been up half a second.
    w.runFor(500);
    expect(w.cli('m1', 'SET', 'foo', 'bar')).toBe('OK');
    expect(w.cli('m1', 'SADD', 's', '1', '2', '3')).toBe('(integer) 3');
    expect(w.cli('r2', 'REPLICAOF', 'm1', 6379)).toBe('OK');
    w.runFor(7000);
    expect(w.cli('r2', 'GET', 'foo')).toBe('"bar"');
    expect(w.cli('r2', 'SMEMBERS', 's')).toBe('1) "1"\n2) "2"\n3) "3"');
    expect(w.info('r2', 'master_link_status')).toBe('up');
    expect(w.info('r2', 'role')).toBe('slave');
    expect(w.info('m1', 'connected_slaves')).toBe('1');
    expect(w.logs('r2').join('\n')).toMatch(
      new RegExp(
        [
          'Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.',
          'Connecting to MASTER m1:6379',
          'MASTER <-> REPLICA sync started',
          "REPLICAOF m1:6379 enabled \\(user request from 'id=\\d+ addr=cli:\\d+ .*'\\)",
          'Non blocking connect for SYNC fired the event.',
          'Master replied to PING, replication can continue...',
          'Trying a partial resynchronization \\(request [0-9a-f]{40}:1\\).',
          'Full resync from master: [0-9a-f]{40}:0',
          'MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk',
          'Discarding previously cached master state.',
          'MASTER <-> REPLICA sync: Flushing old data',
          'MASTER <-> REPLICA sync: Loading DB in memory',
          'Loading RDB produced by version 7.0.15',
          'RDB age 0 seconds',
          'RDB memory usage when created [0-9.]+ Mb',
          'Done loading RDB, keys loaded: 2, keys expired: 0.',
          'MASTER <-> REPLICA sync: Finished with success',
        ].join('\n'),
      ),
    );
    expect(w.logs('m1').join('\n')).toMatch(
      /Replica r2:6379 asks for synchronization\nPartial resynchronization not accepted: Replication ID mismatch \(Replica asked for '[0-9a-f]{40}', my replication IDs are '[0-9a-f]{40}' and '0{40}'\)\nReplication backlog created, my new replication IDs are '[0-9a-f]{40}' and '0{40}'\nDelay next BGSAVE for diskless SYNC\nStarting BGSAVE for SYNC with target: replicas sockets\nBackground RDB transfer started by pid \d+\nFork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB\nDiskless rdb transfer, done reading from pipe, 1 replicas still up.\nBackground RDB transfer terminated with success\nStreamed RDB transfer with replica r2:6379 succeeded \(socket\). Waiting for REPLCONF ACK from slave to enable streaming\nSynchronization with replica r2:6379 succeeded/,
    );
    // The fresh replica's first PSYNC names its own history: a failed partial resync.
    expect(w.info('m1', 'sync_full')).toBe('1');
    expect(w.info('m1', 'sync_partial_err')).toBe('1');
    // The start-up banner, as 7.0.15 logs it (captured in a conform run's r2.log).
    expect(w.logLines('r2').slice(0, 6).join('\n')).toMatch(
      /^(\d+):C 01 Jan 2026 00:00:00\.\d{3} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n\1:C .* # Redis version=7\.0\.15, bits=64, commit=00000000, modified=0, pid=\1, just started\n\1:C .* # Configuration loaded\n\1:M .* \* monotonic clock: POSIX clock_gettime\n\1:M .* \* Running mode=standalone, port=6379\.\n\1:M .* # Server initialized$/,
    );
  });

  it('streams later writes, with offsets counted in RESP bytes as Redis does', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    expect(w.info('r2', 'master_link_status')).toBe('up');
    expect(w.cli('m1', 'SET', 'a', '1')).toBe('OK');
    w.runFor(10);
    expect(w.cli('r2', 'GET', 'a')).toBe('"1"');
    // SELECT 0 (23 bytes) + SET a 1 (27 bytes), as in the real log's "offset 51"
    expect(w.info('m1', 'master_repl_offset')).toBe('50');
    expect(w.info('r2', 'master_repl_offset')).toBe('50');
  });

  it('refuses writes on a replica with the real READONLY text', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    expect(w.cli('r2', 'SET', 'x', 'y')).toBe("(error) READONLY You can't write against a read only replica.");
  });
});
