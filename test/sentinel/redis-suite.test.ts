// Redis's own Sentinel tests (tests/sentinel/tests/*.tcl), ported onto the
// simulator with the same configuration as their init-tests.tcl: 5 Sentinels,
// a master (redis 0) with 4 replicas, quorum 3, down-after-milliseconds 2000,
// failover-timeout 10000, parallel-syncs 10, SENTINEL DEBUG tilt-period 5000.

import { describe, expect, it } from 'vitest';
import { formatReply } from '../../src/protocol/resp.js';
import { redisWorld, type RedisWorld } from '../redis/harness.js';

const SENTINELS = ['s0', 's1', 's2', 's3', 's4'];
const REDIS = ['r0', 'r1', 'r2', 'r3', 'r4'];

function initTests(quorum = 3): RedisWorld {
  const nodes: Record<string, Record<string, string | number>> = { r0: {} };
  for (const r of REDIS.slice(1)) nodes[r] = { replicaof: 'r0 6379' };
  const w = redisWorld(nodes, {
    sentinels: {
      names: SENTINELS,
      monitor: { name: 'mymaster', master: 'r0', quorum },
      config: { 'down-after-milliseconds': 2000, 'failover-timeout': 10000, 'parallel-syncs': 10 },
    },
  });
  for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'DEBUG', 'tilt-period', 5000);
  // Wait until every Sentinel sees the 4 replicas and the 4 other Sentinels.
  waitFor(w, 50_000, () => SENTINELS.every((s) => field(w, s, 'num-slaves') === '4' && field(w, s, 'num-other-sentinels') === '4'));
  return w;
}

/** A field of SENTINEL MASTER mymaster. */
function field(w: RedisWorld, sentinel: string, name: string): string | undefined {
  const reply = w.cmd(sentinel, 'SENTINEL', 'MASTER', 'mymaster');
  if (reply.type !== 'array' || reply.items === null) return undefined;
  const items = reply.items.map((i) => (i.type === 'bulk' ? i.value : null));
  const at = items.indexOf(name);
  return at < 0 ? undefined : (items[at + 1] ?? undefined);
}

function masterAddr(w: RedisWorld, sentinel: string): string {
  const reply = w.cmd(sentinel, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster');
  if (reply.type !== 'array' || reply.items === null) return '';
  return reply.items.map((i) => (i.type === 'bulk' ? i.value : '')).join(':');
}

/** wait_for_condition: poll every 100 ms of simulated time, fail after `ms`. */
function waitFor(w: RedisWorld, ms: number, condition: () => boolean): void {
  const deadline = w.sim.nowUs + ms * 1000;
  while (!condition()) {
    if (w.sim.nowUs > deadline) throw new Error(`condition not met within ${ms} ms`);
    w.runFor(100);
  }
}


describe('00-base', () => {
  it('Basic failover works if the master is down', () => {
    const w = initTests();
    w.net.crash('r0');
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'DEBUG', 'ping-period', 500, 'ask-period', 500);
    waitFor(w, 100_000, () => SENTINELS.every((s) => masterAddr(w, s) !== 'r0:6379'));
    const newMaster = masterAddr(w, 's0').split(':')[0]!;
    w.net.restart('r0');
    expect(w.info(newMaster, 'role')).toBe('master');
    waitFor(w, 50_000, () => REDIS.filter((r) => r !== newMaster && r !== 'r0').every((r) => w.info(r, 'master_host') === newMaster));
    // The old master comes back and becomes a replica of the new one.
    waitFor(w, 50_000, () => w.info('r0', 'master_host') === newMaster);
  });

  it('ODOWN is not possible without N (quorum) Sentinels reports', () => {
    const w = initTests();
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'SET', 'mymaster', 'quorum', 6);
    w.net.crash('r0');
    w.runFor(20_000);
    expect(masterAddr(w, 's0')).toBe('r0:6379');
    expect(w.events().filter((e) => e.startsWith('+sdown master')).length).toBe(5);
    expect(w.events().some((e) => e.startsWith('+odown'))).toBe(false);
  });

  it('Failover is not possible without majority agreement', () => {
    const w = initTests();
    for (const s of ['s0', 's1', 's2']) w.net.crash(s);
    w.net.crash('r0');
    w.runFor(30_000);
    expect(masterAddr(w, 's3')).toBe('r0:6379');
    // Stronger: with quorum 2 the two survivors reach ODOWN and try, but 2 of 5 is no majority.
    const w2 = initTests();
    for (const s of SENTINELS) w2.cmd(s, 'SENTINEL', 'SET', 'mymaster', 'quorum', 2);
    for (const s of ['s0', 's1', 's2']) w2.net.crash(s);
    w2.net.crash('r0');
    w2.runFor(30_000);
    const events = w2.events();
    expect(events.some((e) => e.startsWith('+odown master mymaster r0 6379'))).toBe(true);
    expect(events.some((e) => e.startsWith('+try-failover'))).toBe(true);
    expect(events.some((e) => e.startsWith('-failover-abort-not-elected'))).toBe(true);
    expect(events.some((e) => e.startsWith('+elected-leader'))).toBe(false);
    expect(masterAddr(w2, 's3')).toBe('r0:6379');
  });

  it('Failover works if we configure for absolute agreement', () => {
    const w = initTests();
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'SET', 'mymaster', 'quorum', 5);
    waitFor(w, 30_000, () => SENTINELS.every((s) => Number(field(w, s, 'info-refresh')) < 100_000));
    w.net.crash('r0');
    waitFor(w, 100_000, () => SENTINELS.every((s) => masterAddr(w, s) !== 'r0:6379'));
    expect(w.events().some((e) => e.includes('#quorum 5/5'))).toBe(true);
    const newMaster = masterAddr(w, 's0').split(':')[0]!;
    expect(w.info(newMaster, 'role')).toBe('master');
  });

  it('SENTINEL RESET can resets the master', () => {
    const w = initTests();
    expect(w.cli('s0', 'SENTINEL', 'RESET', 'mymaster')).toBe('(integer) 1');
    // As in 00-base.tcl; but a hello or an INFO reply may land between the reset
    // and the next command (Redis has the same race): anything listed then was
    // rediscovered since, its links not up yet.
    for (const sub of ['SENTINELS', 'SLAVES', 'REPLICAS']) {
      const listed = w.cmd('s0', 'SENTINEL', sub, 'mymaster');
      const entries = listed.type === 'array' ? (listed.items ?? []) : [];
      for (const entry of entries) expect(formatReply(entry), sub).toMatch(/"flags"\n\s*\d+\) "[a-z_,]*disconnected/);
    }
    expect(w.events('s0')).toContain('+reset-master master mymaster r0 6379');
  });
});

describe('01-conf-update', () => {
  it('A Sentinel restarted with a stale config learns the new master from hellos', () => {
    const w = initTests();
    w.net.crash('s1');
    w.net.crash('r0');
    waitFor(w, 50_000, () => ['s0', 's2', 's3', 's4'].every((s) => masterAddr(w, s) !== 'r0:6379'));
    const newAddr = masterAddr(w, 's0');
    w.net.restart('s1');
    expect(masterAddr(w, 's1')).toBe('r0:6379');
    waitFor(w, 50_000, () => masterAddr(w, 's1') === newAddr);
    expect(w.events('s1').some((e) => e.startsWith('+config-update-from sentinel'))).toBe(true);
    expect(w.info(newAddr.split(':')[0]!, 'role')).toBe('master');
  });
});

describe('02-slaves-reconf', () => {
  it('A killed replica that returns pointed at a stale master is fixed', () => {
    const w = initTests();
    w.net.crash('r0');
    waitFor(w, 50_000, () => SENTINELS.every((s) => masterAddr(w, s) !== 'r0:6379'));
    const first = masterAddr(w, 's0').split(':')[0]!;
    // All the replicas replicate from the new master with their link up.
    waitFor(w, 30_000, () => REDIS.filter((r) => r !== 'r0' && r !== first).every((r) => w.info(r, 'master_host') === first && w.info(r, 'master_link_status') === 'up'));
    // Kill one replica, then the master again.
    const killed = REDIS.find((r) => r !== 'r0' && r !== first)!;
    w.net.crash(killed);
    w.net.crash(first);
    waitFor(w, 50_000, () => SENTINELS.every((s) => masterAddr(w, s) !== `${first}:6379`));
    const second = masterAddr(w, 's0').split(':')[0]!;
    waitFor(w, 30_000, () => SENTINELS.every((s) => field(w, s, 'failover-state') === undefined));
    // The killed replica restarts still configured to replicate the first new master.
    w.net.restart(killed);
    expect(w.info(killed, 'master_host')).toBe(first);
    waitFor(w, 50_000, () => w.info(killed, 'master_host') === second && w.info(killed, 'master_link_status') === 'up');
    expect(w.events().some((e) => e.startsWith(`+fix-slave-config slave ${killed}:6379`))).toBe(true);
  });
});

describe('05-manual', () => {
  it('Manual failover works, a second one answers INPROG, the old master is converted', () => {
    const w = initTests();
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'DEBUG', 'info-period', 2000, 'default-down-after', 6000, 'publish-period', 1000);
    expect(w.cli('s0', 'SENTINEL', 'FAILOVER', 'mymaster')).toBe('OK');
    expect(w.cli('s0', 'SENTINEL', 'FAILOVER', 'mymaster')).toBe('(error) INPROG Failover already in progress');
    expect(w.logs('s0')).toContain("Executing user requested FAILOVER of 'mymaster'");
    waitFor(w, 50_000, () => SENTINELS.every((s) => masterAddr(w, s) !== 'r0:6379'));
    const newMaster = masterAddr(w, 's0').split(':')[0]!;
    expect(w.info(newMaster, 'role')).toBe('master');
    waitFor(w, 50_000, () => REDIS.filter((r) => r !== newMaster && r !== 'r0').every((r) => w.info(r, 'master_host') === newMaster));
    // The still-running old master is converted to a replica.
    waitFor(w, 50_000, () => w.info('r0', 'master_host') === newMaster);
    expect(w.events().some((e) => e.startsWith('+convert-to-slave slave r0:6379 r0 6379 @ mymaster'))).toBe(true);
  });

  it('crash-after-election and crash-after-promotion make the Sentinel exit', () => {
    for (const flag of ['crash-after-election', 'crash-after-promotion']) {
      const w = initTests();
      expect(w.cli('s0', 'SENTINEL', 'SIMULATE-FAILURE', flag)).toBe('OK');
      expect(w.cli('s0', 'SENTINEL', 'FAILOVER', 'mymaster')).toBe('OK');
      waitFor(w, 20_000, () => w.net.process('s0').state === 'stopped');
      expect(w.logs('s0')).toContain('Sentinel CRASH because of SENTINEL simulate-failure');
    }
    const w = initTests();
    expect(w.cli('s0', 'SENTINEL', 'SIMULATE-FAILURE', 'help')).toBe('1) "crash-after-election"\n2) "crash-after-promotion"');
  });
});

describe('06-ckquorum', () => {
  it('CKQUORUM reports usable Sentinels, quorum and majority', () => {
    const w = initTests();
    for (const s of SENTINELS) expect(w.cli(s, 'SENTINEL', 'CKQUORUM', 'mymaster')).toBe('OK 5 usable Sentinels. Quorum and failover authorization can be reached');
    w.cmd('s0', 'SENTINEL', 'SET', 'mymaster', 'quorum', 6);
    expect(w.cli('s0', 'SENTINEL', 'CKQUORUM', 'mymaster')).toMatch(/^\(error\) NOQUORUM 5 usable Sentinels/);
    w.cmd('s0', 'SENTINEL', 'SET', 'mymaster', 'quorum', 1);
    for (const s of ['s1', 's2', 's3']) w.net.crash(s);
    waitFor(w, 20_000, () => w.events('s0').filter((e) => e.startsWith('+sdown sentinel')).length === 3);
    expect(w.cli('s0', 'SENTINEL', 'CKQUORUM', 'mymaster')).toBe(
      '(error) NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover',
    );
  });
});

describe('07-down-conditions', () => {
  // Sentinels 0-2 are killed so no failover can happen; Sentinel 4 observes.
  const observe = () => {
    const w = initTests();
    for (const s of ['s0', 's1', 's2']) w.net.crash(s);
    w.cmd('s4', 'SENTINEL', 'DEBUG', 'info-period', 1000, 'ask-period', 100, 'default-down-after', 3000, 'publish-period', 200, 'ping-period', 100);
    w.runFor(2000);
    return w;
  };
  const flags = (w: RedisWorld) => field(w, 's4', 'flags')!;

  it('SDOWN is triggered by a paused (SIGSTOP) master', () => {
    const w = observe();
    expect(flags(w)).toBe('master');
    w.net.pause('r0');
    waitFor(w, 10_000, () => flags(w).includes('down'));
    w.net.resume('r0');
    waitFor(w, 10_000, () => flags(w) === 'master');
  });

  it('SDOWN is triggered by a killed master', () => {
    const w = observe();
    w.net.crash('r0');
    waitFor(w, 10_000, () => flags(w).includes('down'));
    w.net.restart('r0');
    waitFor(w, 10_000, () => flags(w) === 'master');
  });

  it('SDOWN is triggered by a master reporting itself a replica', () => {
    const w = observe();
    w.cmd('r0', 'SLAVEOF', 'nowhere', 34567);
    // down-after + 2 x info-period = 2000 + 2000 ms, plus INFO cadence
    waitFor(w, 15_000, () => flags(w).includes('down'));
    w.cmd('r0', 'SLAVEOF', 'NO', 'ONE');
    waitFor(w, 15_000, () => flags(w) === 'master');
  });
});

describe('12-master-reboot', () => {
  it('A rebooted master stuck answering LOADING past master-reboot-down-after-period is failed over', () => {
    const nodes: Record<string, Record<string, string | number>> = { r0: { save: '900 1' } };
    for (const r of REDIS.slice(1)) nodes[r] = { replicaof: 'r0 6379' };
    // Loading ~1 MB at 50 KB/s keeps the restarted master in LOADING for ~20 s.
    const w = redisWorld(nodes, {
      timing: { rdbLoadBytesPerSec: 50_000 },
      sentinels: {
        names: SENTINELS,
        monitor: { name: 'mymaster', master: 'r0', quorum: 3 },
        config: { 'down-after-milliseconds': 2000, 'failover-timeout': 10000, 'parallel-syncs': 10 },
      },
    });
    waitFor(w, 50_000, () => SENTINELS.every((s) => field(w, s, 'num-slaves') === '4' && field(w, s, 'num-other-sentinels') === '4'));
    for (let i = 0; i < 1000; i++) w.cmd('r0', 'SET', `k${i}`, 'x'.repeat(1000));
    expect(w.cli('r0', 'SAVE')).toBe('OK');
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'SET', 'mymaster', 'master-reboot-down-after-period', 5000);
    for (const s of SENTINELS) w.cmd(s, 'SENTINEL', 'DEBUG', 'ping-period', 500, 'ask-period', 500);
    w.net.crash('r0');
    w.net.restart('r0');
    expect(w.cli('r0', 'PING')).toBe('(error) LOADING Redis is loading the dataset in memory');
    waitFor(w, 100_000, () => SENTINELS.every((s) => masterAddr(w, s) !== 'r0:6379'));
    expect(w.events().some((e) => e.startsWith('+reboot master mymaster r0 6379'))).toBe(true);
    const newMaster = masterAddr(w, 's0').split(':')[0]!;
    waitFor(w, 50_000, () => w.info('r0', 'master_host') === newMaster);
  });
});
