// The seeds' walkthroughs (real redis-sentinel logs) replayed: our Sentinels'
// logs must contain the same lines in the same order. Plus TILT on a clock
// jump and replica-priority 0.

import { describe, expect, it } from 'vitest';
import { redisWorld, type RedisWorld } from '../redis/harness.js';

/** Each expected line must start a log line, in this order (other lines may come between). */
function expectInOrder(log: string[], expected: string[]): void {
  let at = 0;
  for (const want of expected) {
    const found = log.findIndex((line, i) => i >= at && line.startsWith(want));
    expect(found, `"${want}" after line ${at} of:\n${log.slice(at).join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

function until(w: RedisWorld, ms: number, condition: () => boolean): void {
  const deadline = w.sim.nowUs + ms * 1000;
  while (!condition()) {
    if (w.sim.nowUs > deadline) throw new Error(`condition not met within ${ms} ms`);
    w.runFor(100);
  }
}

describe('seed 000: one Sentinel, quorum 1', () => {
  it('kill a replica, then the master; the old master returns as a replica', () => {
    const w = redisWorld(
      { m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } },
      { sentinels: { names: ['s1'], monitor: { name: 'mymaster', master: 'm1', quorum: 1 } } },
    );
    w.runFor(12_000);
    // 1. kill 3000 (r3); writes go on; it comes back with the data.
    w.net.crash('r3');
    expect(w.cli('m1', 'SET', 'zhangsan', '1')).toBe('OK');
    w.runFor(100);
    expect(w.cli('r2', 'GET', 'zhangsan')).toBe('"1"');
    w.net.restart('r3');
    w.runFor(2_000);
    expect(w.cli('r3', 'GET', 'zhangsan')).toBe('"1"');
    // 2. kill the master (1000).
    w.net.crash('m1');
    until(w, 60_000, () => w.events('s1').some((e) => e.startsWith('+switch-master')));
    const promoted = /^\+switch-master mymaster m1 6379 (r\d) 6379$/.exec(w.events('s1').find((e) => e.startsWith('+switch-master'))!)![1]!;
    const other = promoted === 'r2' ? 'r3' : 'r2';
    const replica = (r: string, m: string) => `slave ${r}:6379 ${r} 6379 @ mymaster ${m} 6379`;
    expect(w.info(promoted, 'role')).toBe('master');
    expect(w.cli(promoted, 'SET', 'aa', '11')).toBe('OK');
    w.runFor(100);
    expect(w.cli(other, 'GET', 'aa')).toBe('"11"');
    w.runFor(40_000);
    // 3. the old master comes back.
    w.net.restart('m1');
    until(w, 30_000, () => w.info('m1', 'master_link_status') === 'up');
    expect(w.cli('m1', 'GET', 'aa')).toBe('"11"');
    // Replicas are discovered in INFO's order, which their connection order decides.
    expect(w.sentinelLog('s1')).toEqual(expect.arrayContaining(['+slave slave r2:6379 r2 6379 @ mymaster m1 6379', '+slave slave r3:6379 r3 6379 @ mymaster m1 6379']));
    expectInOrder(w.sentinelLog('s1'), [
      `Sentinel ID is `,
      '+monitor master mymaster m1 6379 quorum 1',
      '+slave slave r',
      '+slave slave r',
      '+sdown master mymaster m1 6379',
      '+odown master mymaster m1 6379 #quorum 1/1',
      '+new-epoch 1',
      '+try-failover master mymaster m1 6379',
      `+vote-for-leader ${w.sentinel('s1').myid} 1`,
      '+elected-leader master mymaster m1 6379',
      '+failover-state-select-slave master mymaster m1 6379',
      `+selected-slave ${replica(promoted, 'm1')}`,
      `+failover-state-send-slaveof-noone ${replica(promoted, 'm1')}`,
      `+failover-state-wait-promotion ${replica(promoted, 'm1')}`,
      `+promoted-slave ${replica(promoted, 'm1')}`,
      '+failover-state-reconf-slaves master mymaster m1 6379',
      `+slave-reconf-sent ${replica(other, 'm1')}`,
      `+slave-reconf-inprog ${replica(other, 'm1')}`,
      `+slave-reconf-done ${replica(other, 'm1')}`,
      '+failover-end master mymaster m1 6379',
      `+switch-master mymaster m1 6379 ${promoted} 6379`,
      `+slave ${replica(other, promoted)}`,
      `+slave ${replica('m1', promoted)}`,
      `+sdown ${replica('m1', promoted)}`,
      `-sdown ${replica('m1', promoted)}`,
      `+convert-to-slave ${replica('m1', promoted)}`,
    ]);
  });
});

describe('seed 002: manual SLAVEOF swaps, then two Sentinels fail over a SHUTDOWN master', () => {
  it('leader and follower logs follow the real ones', () => {
    const w = redisWorld(
      { m1: { save: '900 1' }, r2: {} },
      {
        sentinels: {
          names: ['s1', 's2'],
          monitor: { name: 'mymaster', master: 'm1', quorum: 2 },
          config: { 'down-after-milliseconds': 60000, 'failover-timeout': 180000, 'parallel-syncs': 1 },
        },
      },
    );
    // Manual: r2 replicates m1; swap roles by hand; swap back.
    expect(w.cli('r2', 'SLAVEOF', 'm1', 6379)).toBe('OK');
    w.runFor(7_000);
    expect(w.cli('r2', 'SLAVEOF', 'NO', 'ONE')).toBe('OK');
    expect(w.cli('m1', 'SLAVEOF', 'r2', 6379)).toBe('OK');
    w.runFor(2_000);
    expect(w.info('m1', 'role')).toBe('slave');
    expect(w.cli('m1', 'SLAVEOF', 'NO', 'ONE')).toBe('OK');
    expect(w.cli('r2', 'SLAVEOF', 'm1', 6379)).toBe('OK');
    w.runFor(20_000);
    expect(w.info('r2', 'master_link_status')).toBe('up');
    // Step 9: shut the master down.
    expect(w.cli('m1', 'SHUTDOWN')).toBe('(closed: eof)');
    until(w, 120_000, () => ['s1', 's2'].every((s) => w.events(s).some((e) => e.startsWith('+switch-master'))));
    const leader = w.events('s1').some((e) => e.startsWith('+elected-leader')) ? 's1' : 's2';
    const follower = leader === 's1' ? 's2' : 's1';
    const leaderId = w.sentinel(leader).myid;
    const followerId = w.sentinel(follower).myid;
    w.runFor(70_000);
    w.net.restart('m1');
    // Whichever Sentinel first sees the old master report itself master (long
    // enough) converts it: the follower in the captured real run, either in general.
    until(w, 40_000, () => ['s1', 's2'].some((s) => w.events(s).some((e) => e.startsWith('+convert-to-slave'))));
    expect(['s1', 's2'].filter((s) => w.events(s).some((e) => e.startsWith('+convert-to-slave')))).toHaveLength(1);
    const slaveR2 = 'slave r2:6379 r2 6379 @ mymaster m1 6379';
    const oldMaster = 'slave m1:6379 m1 6379 @ mymaster r2 6379';
    expectInOrder(w.sentinelLog(leader), [
      '+sdown master mymaster m1 6379',
      '+odown master mymaster m1 6379 #quorum 2/2',
      '+new-epoch 1',
      '+try-failover master mymaster m1 6379',
      `+vote-for-leader ${leaderId} 1`,
      `${followerId} voted for ${leaderId} 1`,
      '+elected-leader master mymaster m1 6379',
      '+failover-state-select-slave master mymaster m1 6379',
      `+selected-slave ${slaveR2}`,
      `+failover-state-send-slaveof-noone ${slaveR2}`,
      `+failover-state-wait-promotion ${slaveR2}`,
      `+promoted-slave ${slaveR2}`,
      '+failover-state-reconf-slaves master mymaster m1 6379',
      '+failover-end master mymaster m1 6379',
      '+switch-master mymaster m1 6379 r2 6379',
      `+slave ${oldMaster}`,
      `+sdown ${oldMaster}`,
    ]);
    expectInOrder(w.sentinelLog(follower), [
      '+sdown master mymaster m1 6379',
      '+new-epoch 1',
      `+vote-for-leader ${leaderId} 1`,
      `+config-update-from sentinel ${leaderId} ${leader} 26379 @ mymaster m1 6379`,
      '+switch-master mymaster m1 6379 r2 6379',
      `+slave ${oldMaster}`,
      `+sdown ${oldMaster}`,
      `-sdown ${oldMaster}`,
    ]);
  });
});

describe('TILT', () => {
  it('a 3 s clock jump puts a Sentinel in TILT for 30 s, during which it does not act', () => {
    const w = redisWorld(
      { m1: {}, r2: { replicaof: 'm1 6379' } },
      { sentinels: { names: ['s1', 's2', 's3'], monitor: { name: 'mymaster', master: 'm1', quorum: 2 }, config: { 'down-after-milliseconds': 5000 } } },
    );
    w.runFor(12_000);
    w.net.clockJump('s1', 3_000_000);
    w.runFor(200);
    expect(w.events('s1')).toContain('+tilt #tilt mode entered');
    const info = w.cmd('s1', 'INFO', 'sentinel');
    expect(info.type === 'bulk' ? info.value : '').toMatch(/sentinel_tilt:1\r\nsentinel_tilt_since_seconds:0\r\n/);
    w.net.crash('m1');
    w.runFor(15_000);
    // The others see the master down and fail over; s1 watches but does not act.
    expect(w.events('s2').some((e) => e.startsWith('+sdown master'))).toBe(true);
    expect(w.events('s1').some((e) => e.startsWith('+sdown') || e.startsWith('+odown') || e.startsWith('+try-failover'))).toBe(false);
    until(w, 30_000, () => w.events('s1').includes('-tilt #tilt mode exited'));
    const tiltAt = w.eventRecords().find((e) => e.node === 's1' && e['name'] === '+tilt')!.tUs;
    const exitAt = w.eventRecords().find((e) => e.node === 's1' && e['name'] === '-tilt')!.tUs;
    expect((exitAt - tiltAt) / 1e6).toBeGreaterThanOrEqual(30 - 3);
    expect((exitAt - tiltAt) / 1e6).toBeLessThan(31);
  });

  it('a long pause of a Sentinel also ends in TILT', () => {
    const w = redisWorld({ m1: {} }, { sentinels: { names: ['s1'], monitor: { name: 'mymaster', master: 'm1', quorum: 1 } } });
    w.runFor(5_000);
    w.net.pause('s1');
    w.runFor(5_000);
    w.net.resume('s1');
    w.runFor(500);
    expect(w.events('s1')).toContain('+tilt #tilt mode entered');
  });
});

describe('replica-priority 0', () => {
  it('is never promoted; with no other candidate the failover aborts', () => {
    const config = { 'down-after-milliseconds': 3000, 'failover-timeout': 20000 };
    const sentinels = { names: ['s1', 's2', 's3'], monitor: { name: 'mymaster', master: 'm1', quorum: 2 }, config };
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379', 'replica-priority': 0 }, r3: { replicaof: 'm1 6379' } }, { sentinels });
    w.runFor(15_000);
    w.net.crash('m1');
    until(w, 60_000, () => w.events().some((e) => e.startsWith('+switch-master')));
    expect(w.events().find((e) => e.startsWith('+switch-master'))).toBe('+switch-master mymaster m1 6379 r3 6379');
    expect(w.events().some((e) => e.startsWith('+selected-slave slave r2'))).toBe(false);

    const alone = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379', 'replica-priority': 0 } }, { sentinels });
    alone.runFor(15_000);
    alone.net.crash('m1');
    alone.runFor(20_000);
    expect(alone.events().some((e) => e.startsWith('-failover-abort-no-good-slave master mymaster m1 6379'))).toBe(true);
    expect(alone.events().some((e) => e.startsWith('+switch-master'))).toBe(false);
    expect(alone.cli('s1', 'SENTINEL', 'FAILOVER', 'mymaster')).toBe('(error) NOGOODSLAVE No suitable replica to promote');
  });
});
