import { describe, expect, it } from 'vitest';
import { redisWorld } from '../redis/harness.js';

const threeBoxes = (sentinelConfig: Record<string, string | number> = {}, quorum = 2) =>
  redisWorld(
    { m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } },
    {
      sentinels: {
        names: ['s1', 's2', 's3'],
        monitor: { name: 'mymaster', master: 'm1', quorum },
        config: { 'down-after-milliseconds': 5000, 'failover-timeout': 60000, 'parallel-syncs': 1, ...sentinelConfig },
      },
    },
  );

describe('Sentinel: discovery', () => {
  it('discovers the replicas from INFO and the other Sentinels from hellos', () => {
    const w = threeBoxes();
    w.runFor(15_000);
    for (const s of ['s1', 's2', 's3']) {
      const events = w.events(s);
      expect(events[0]).toBe('+monitor master mymaster m1 6379 quorum 2');
      expect(events).toContain('+slave slave r2:6379 r2 6379 @ mymaster m1 6379');
      expect(events).toContain('+slave slave r3:6379 r3 6379 @ mymaster m1 6379');
      expect(events.filter((e) => e.startsWith('+sentinel sentinel '))).toHaveLength(2);
    }
    expect(w.cli('s1', 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')).toBe('1) "m1"\n2) "6379"');
    expect(w.cli('s1', 'SENTINEL', 'CKQUORUM', 'mymaster')).toBe('OK 3 usable Sentinels. Quorum and failover authorization can be reached');
  });
});

describe('Sentinel: failover', () => {
  it('fails over when the master dies, and the old master returns as a replica', () => {
    const w = threeBoxes();
    w.runFor(15_000);
    w.net.crash('m1');
    w.runFor(30_000);
    const all = w.events();
    for (const name of ['+sdown master mymaster m1 6379', '+odown master mymaster m1 6379 #quorum', '+try-failover master mymaster m1 6379', '+elected-leader master mymaster m1 6379', '+failover-end master mymaster m1 6379']) {
      expect(all.some((e) => e.startsWith(name)), name).toBe(true);
    }
    const switches = all.filter((e) => e.startsWith('+switch-master'));
    expect(switches).toHaveLength(3);
    const promoted = /\+switch-master mymaster m1 6379 (r\d) 6379/.exec(switches[0]!)![1]!;
    for (const s of ['s1', 's2', 's3']) expect(w.cli(s, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')).toBe(`1) "${promoted}"\n2) "6379"`);
    expect(w.info(promoted, 'role')).toBe('master');
    const other = promoted === 'r2' ? 'r3' : 'r2';
    expect(w.info(other, 'master_host')).toBe(promoted);
    expect(w.info(other, 'master_link_status')).toBe('up');
    // The old master comes back and is converted.
    w.net.restart('m1');
    w.runFor(30_000);
    expect(w.events().some((e) => e.startsWith('+convert-to-slave slave m1:6379 m1 6379 @ mymaster'))).toBe(true);
    expect(w.info('m1', 'role')).toBe('slave');
    expect(w.info('m1', 'master_host')).toBe(promoted);
  });
});
