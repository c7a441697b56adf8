import { describe, expect, it } from 'vitest';
import { redisWorld } from './harness.js';

describe('write gating', () => {
  it('min-replicas-to-write refuses writes once the only replica lags past min-replicas-max-lag', () => {
    const w = redisWorld({
      m1: { 'min-replicas-to-write': 1, 'min-replicas-max-lag': 10 },
      r2: { replicaof: 'm1 6379' },
    });
    w.runFor(7000);
    expect(w.cli('m1', 'SET', 'k', 'before')).toBe('OK');
    expect(w.info('m1', 'min_slaves_good_slaves')).toBe('1');
    w.net.pause('r2');
    const pausedAt = w.sim.nowUs;
    // Still accepted while the last ACK is within max-lag...
    w.runFor(9000);
    expect(w.cli('m1', 'SET', 'k', 'during-lag')).toBe('OK');
    // ...refused once it is older than 10 s (checked by the once-a-second cron).
    w.runFor(3000);
    expect(w.cli('m1', 'SET', 'k', 'late')).toBe('(error) NOREPLICAS Not enough good replicas to write.');
    expect(w.info('m1', 'min_slaves_good_slaves')).toBe('0');
    expect(w.sim.nowUs - pausedAt).toBeLessThan(13_000_000);
    // reads still work
    expect(w.cli('m1', 'GET', 'k')).toBe('"during-lag"');
    // the replica comes back: writes are accepted again
    w.net.resume('r2');
    w.runFor(2000);
    expect(w.cli('m1', 'SET', 'k', 'after')).toBe('OK');
  });

  it('a replica with replica-serve-stale-data no answers MASTERDOWN while its link is down', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379', 'replica-serve-stale-data': 'no' } });
    w.runFor(7000);
    expect(w.cli('r2', 'GET', 'k')).toBe('(nil)');
    w.net.crash('m1');
    w.runFor(100);
    expect(w.cli('r2', 'GET', 'k')).toBe("(error) MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    // PING has no stale flag either (what Sentinel sees); INFO is allowed
    expect(w.cli('r2', 'PING')).toMatch(/^\(error\) MASTERDOWN/);
    expect(w.info('r2', 'master_link_status')).toBe('down');
  });

  it('requirepass: NOAUTH until AUTH, and a replica authenticates with masterauth', () => {
    const w = redisWorld({ m1: { requirepass: 's3cret' }, r2: { replicaof: 'm1 6379', masterauth: 's3cret' } });
    expect(w.cli('m1', 'GET', 'k')).toBe('(error) NOAUTH Authentication required.');
    expect(w.cli('m1', 'AUTH', 'wrong')).toBe('(error) WRONGPASS invalid username-password pair or user is disabled.');
    expect(w.cli('m1', 'AUTH', 's3cret')).toBe('OK');
    expect(w.cli('m1', 'SET', 'k', 'v')).toBe('OK');
    w.runFor(7000);
    expect(w.info('r2', 'master_link_status')).toBe('up');
    expect(w.cli('r2', 'GET', 'k')).toBe('"v"');
  });

  it('a replica without masterauth cannot sync from a password-protected master', () => {
    const w = redisWorld({ m1: { requirepass: 's3cret' }, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    expect(w.info('r2', 'master_link_status')).toBe('down');
    expect(w.logs('r2')).toContain("Unexpected reply to PSYNC from master: -NOAUTH Authentication required.");
  });

  it('WAIT counts the replicas that acknowledged the write', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    w.cmd('m1', 'SET', 'k', 'v');
    expect(w.cli('m1', 'WAIT', 2, 1000)).toBe('(integer) 2');
    w.net.pause('r3');
    w.cmd('m1', 'SET', 'k', 'v2');
    const before = w.sim.nowUs;
    expect(w.cli('m1', 'WAIT', 2, 500)).toBe('(integer) 1');
    expect(w.sim.nowUs - before).toBeGreaterThanOrEqual(500_000);
    expect(w.cli('r2', 'WAIT', 1, 0)).toBe('(error) ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
  });

  it('MULTI/EXEC runs queued commands and replicates them as one transaction', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    expect(w.cli('m1', 'MULTI')).toBe('OK');
    expect(w.cli('m1', 'INCR', 'n')).toBe('QUEUED');
    expect(w.cli('m1', 'RPUSH', 'l', 'a', 'b')).toBe('QUEUED');
    expect(w.cli('m1', 'EXEC')).toBe('1) (integer) 1\n2) (integer) 2');
    w.runFor(50);
    expect(w.cli('r2', 'LRANGE', 'l', 0, -1)).toBe('1) "a"\n2) "b"');
    expect(w.cli('m1', 'MULTI')).toBe('OK');
    expect(w.cli('m1', 'NOSUCHCMD')).toMatch(/^\(error\) ERR unknown command 'NOSUCHCMD'/);
    expect(w.cli('m1', 'EXEC')).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
    expect(w.cli('m1', 'EXEC')).toBe('(error) ERR EXEC without MULTI');
  });

  it('unknown commands and wrong arity get Redis\'s texts', () => {
    const w = redisWorld({ m1: {} });
    expect(w.cli('m1', 'FOO', 'bar')).toBe("(error) ERR unknown command 'FOO', with args beginning with: 'bar' ");
    expect(w.cli('m1', 'GET')).toBe("(error) ERR wrong number of arguments for 'get' command");
  });
});

describe('timeouts', () => {
  it('a replica of a paused master times out after repl-timeout and reconnects when it resumes', () => {
    const w = redisWorld({ m1: { 'repl-timeout': 5 }, r2: { replicaof: 'm1 6379', 'repl-timeout': 5 } });
    w.runFor(7000);
    w.net.pause('m1');
    w.runFor(8000);
    expect(w.logs('r2')).toContain('MASTER timeout: no data nor PING received...');
    expect(w.info('r2', 'master_link_status')).toBe('down');
    w.net.resume('m1');
    w.runFor(8000);
    expect(w.info('r2', 'master_link_status')).toBe('up');
  });
});

describe('INFO', () => {
  it('has the real 7.0.15 sections and field names, in order, on a fresh server', async () => {
    const { readFileSync } = await import('node:fs');
    const real = readFileSync(new URL('../fixtures/real-redis-7.0/info-everything-fresh.txt', import.meta.url), 'utf8');
    const names = (text: string) =>
      text
        .split(/\r?\n/)
        .filter((l) => l !== '')
        .map((l) => (l.startsWith('#') ? l : l.slice(0, l.indexOf(':'))));
    const w = redisWorld({ m1: {} });
    const ours = w.cmd('m1', 'INFO', 'everything');
    expect(ours.type).toBe('bulk');
    expect(names((ours as { value: string }).value)).toEqual(names(real));
  });
});

describe('timeouts, master side', () => {
  it('a master drops a replica whose ACKs stopped for repl-timeout', () => {
    const w = redisWorld({ m1: { 'repl-timeout': 5 }, r2: { replicaof: 'm1 6379' } });
    w.runFor(7000);
    w.net.pause('r2');
    w.runFor(7000);
    expect(w.logs('m1')).toContain('Disconnecting timedout replica (streaming sync): r2:6379');
    expect(w.info('m1', 'connected_slaves')).toBe('0');
  });
});

describe('full sync timing', () => {
  it('the RDB transfer takes time proportional to the dataset size and the link bandwidth', () => {
    const syncSeconds = (bandwidthBytesPerSec: number, keys: number) => {
      const w = redisWorld(
        { m1: { 'repl-diskless-sync-delay': 0 }, r2: {} },
        { net: { bandwidthBytesPerSec } },
      );
      for (let i = 0; i < keys; i++) w.cmd('m1', 'SET', `k${i}`, 'x'.repeat(1000));
      const start = w.sim.nowUs;
      w.cmd('r2', 'REPLICAOF', 'm1', 6379);
      while (w.info('r2', 'master_link_status') !== 'up') w.runFor(100);
      return (w.sim.nowUs - start) / 1e6;
    };
    const small = syncSeconds(1_000_000, 500);
    const large = syncSeconds(1_000_000, 2000);
    const fast = syncSeconds(10_000_000, 2000);
    // ~0.5 MB vs ~2 MB at 1 MB/s; the same 2 MB at 10 MB/s
    expect(small).toBeGreaterThan(0.4);
    expect(large).toBeGreaterThan(1.9);
    expect(large).toBeGreaterThan(small * 3);
    expect(fast).toBeLessThan(large / 4);
  });
});
