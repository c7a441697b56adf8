// The same failover as test/fixtures/real-redis-7.0/sentinel-failover.txt (a
// real redis-sentinel 7.0.15 run), simulated: the leader's log and a
// follower's log must contain the real lines in the real order, with the
// real run's addresses and Sentinel IDs mapped onto ours.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redisWorld } from '../redis/harness.js';

interface RealLog {
  id: string;
  lines: string[];
}

function realLogs(): RealLog[] {
  const text = readFileSync(new URL('../fixtures/real-redis-7.0/sentinel-failover.txt', import.meta.url), 'utf8');
  const logs: RealLog[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('=== sentinel')) logs.push({ id: '', lines: [] });
    const m = /^\d+:X \d\d \w+ \d{4} [\d:.]+ [*#-] (.*)$/.exec(line);
    if (!m || logs.length === 0) continue;
    const log = logs[logs.length - 1]!;
    const id = /^Sentinel ID is (\w+)/.exec(m[1]!);
    if (id) log.id = id[1]!;
    log.lines.push(m[1]!);
  }
  return logs;
}

function expectInOrder(log: string[], expected: string[]): void {
  let at = 0;
  for (const want of expected) {
    const found = log.findIndex((line, i) => i >= at && line === want);
    expect(found, `"${want}" after line ${at} of:\n${log.slice(at).join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

describe('against a real redis-sentinel 7.0.15 failover', () => {
  it('leader and follower logs follow the real ones', () => {
    const w = redisWorld(
      { m1: {}, r2: { replicaof: 'm1 6379' }, r3: { replicaof: 'm1 6379' } },
      {
        sentinels: {
          names: ['s1', 's2', 's3'],
          monitor: { name: 'mymaster', master: 'm1', quorum: 2 },
          config: { 'down-after-milliseconds': 5000, 'failover-timeout': 60000, 'parallel-syncs': 1 },
        },
      },
    );
    w.runFor(15_000);
    w.net.crash('m1');
    w.runFor(30_000);
    w.net.restart('m1');
    w.runFor(25_000);

    const real = realLogs();
    const realLeader = real.find((l) => l.lines.some((x) => x.startsWith('+elected-leader')))!;
    const realFollower = real.find((l) => l !== realLeader && l.lines.some((x) => x.startsWith('+convert-to-slave')))!;
    const realPromoted = /\+switch-master mymaster 127\.0\.0\.1 7101 127\.0\.0\.1 (\d+)/.exec(realLeader.lines.find((x) => x.startsWith('+switch-master'))!)![1]!;
    const realOther = realPromoted === '7102' ? '7103' : '7102';

    const ours = ['s1', 's2', 's3'];
    const leader = ours.find((s) => w.events(s).some((e) => e.startsWith('+elected-leader')))!;
    const promoted = /\+switch-master mymaster m1 6379 (r\d) 6379/.exec(w.events(leader).find((e) => e.startsWith('+switch-master'))!)![1]!;
    const other = promoted === 'r2' ? 'r3' : 'r2';
    const follower = ours.find((s) => s !== leader && w.events(s).some((e) => e.startsWith('+convert-to-slave'))) ?? ours.find((s) => s !== leader)!;
    const realFollowerIndex = real.indexOf(realFollower);

    // Map the real run's names onto ours.
    const mapLine = (line: string, self: string): string => {
      let out = line
        .replace(/127\.0\.0\.1:7101 127\.0\.0\.1 7101/g, 'm1:6379 m1 6379')
        .replace(new RegExp(`127\\.0\\.0\\.1:${realPromoted} 127\\.0\\.0\\.1 ${realPromoted}`, 'g'), `${promoted}:6379 ${promoted} 6379`)
        .replace(new RegExp(`127\\.0\\.0\\.1:${realOther} 127\\.0\\.0\\.1 ${realOther}`, 'g'), `${other}:6379 ${other} 6379`)
        .replace(/127\.0\.0\.1 7101/g, 'm1 6379')
        .replace(new RegExp(`127\\.0\\.0\\.1 ${realPromoted}`, 'g'), `${promoted} 6379`)
        .replace(new RegExp(`127\\.0\\.0\\.1 ${realOther}`, 'g'), `${other} 6379`)
        .replace(realLeader.id, w.sentinel(leader).myid)
        .replace(new RegExp(`127\\.0\\.0\\.1 2710\\d`), `${leader} 26379`);
      out = out.replace(/^Sentinel ID is \w+$/, `Sentinel ID is ${w.sentinel(self).myid}`);
      return out;
    };
    // Lines whose presence depends on timing (which Sentinels hear of whom first,
    // who converts the old master) are left out; everything else must match.
    const keep = (line: string) =>
      !line.startsWith('+sentinel ') &&
      !line.startsWith('+slave slave') &&
      !line.startsWith('Next failover delay') &&
      !line.startsWith('User requested shutdown') &&
      !line.startsWith('Removing the pid file') &&
      !line.startsWith('Sentinel is now ready to exit') &&
      !/ voted for /.test(line);
    const realLeaderLines = realLeader.lines.filter(keep).map((l) => mapLine(l, leader));
    expect(realLeaderLines.length).toBeGreaterThan(25);
    expectInOrder(w.sentinelLog(leader), realLeaderLines);
    const realFollowerLines = real[realFollowerIndex]!.lines.filter((l) => keep(l) && !l.startsWith('+odown') && !l.startsWith('+convert-to-slave') && !l.startsWith('-sdown')).map((l) => mapLine(l, follower));
    expect(realFollowerLines.length).toBeGreaterThan(10);
    expectInOrder(w.sentinelLog(follower), realFollowerLines);
  });
});
