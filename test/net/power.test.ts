import { describe, expect, it } from 'vitest';
import { ms, s, testWorld } from './harness.js';

describe('disk page cache', () => {
  it('a process crash keeps appends; a power failure loses those not fsynced', () => {
    const w = testWorld();
    w.add('a', { host: 'box' });
    w.sim.at(0, () => {
      const disk = w.actor('a').ctx.disk;
      disk.append('appendonly.aof', ['SET k1 v', 'SET k2 v']);
      disk.fsync('appendonly.aof');
      disk.append('appendonly.aof', ['SET k3 v']);
    });
    w.sim.at(s(1), () => w.net.crash('a'));
    w.sim.at(s(2), () => w.net.restart('a'));
    w.sim.runUntil(s(3));
    expect(w.actor('a').ctx.disk.read('appendonly.aof')).toEqual(['SET k1 v', 'SET k2 v', 'SET k3 v']);
    w.sim.at(s(4), () => w.net.powerFail('box'));
    w.sim.at(s(5), () => w.net.restart('a'));
    w.sim.runUntil(s(6));
    expect(w.actor('a').ctx.disk.read('appendonly.aof')).toEqual(['SET k1 v', 'SET k2 v']);
  });

  it('whole-file writes are durable at once', () => {
    const w = testWorld();
    w.add('a');
    w.sim.at(0, () => w.actor('a').ctx.disk.write('dump.rdb', { keys: 3 }));
    w.sim.at(s(1), () => w.net.powerFail('a'));
    w.sim.at(s(2), () => w.net.restart('a'));
    w.sim.runUntil(s(3));
    expect(w.actor('a').ctx.disk.read('dump.rdb')).toEqual({ keys: 3 });
  });
});

describe('power failure', () => {
  it('peers hear nothing; the dead host answers nothing until it is back, then resets', () => {
    const w = testWorld();
    w.add('a');
    w.add('b', { host: 'box' });
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    w.sim.at(s(1), () => w.net.powerFail('box'));
    w.sim.at(s(2), () => socket!.send('anyone?', 1));
    w.sim.at(s(3), () => w.actor('a').dial('b'));
    w.sim.runUntil(s(10));
    // no reset, no refusal: silence
    expect(w.actor('a').closed).toEqual([]);
    w.sim.at(s(10), () => w.net.restart('b'));
    w.sim.runUntil(s(40));
    // the stalled data gets a reset from the rebooted host at the next retransmission;
    // the pending connect completes at its next SYN (sent at 3 + 11 = 14 s)
    const closed = w.actor('a').closed;
    expect(closed.map((c) => c.reason)).toEqual(['reset']);
    expect(closed[0]!.tUs).toBeGreaterThan(s(10));
    expect(w.actor('a').opened.map((o) => o.tUs)).toEqual([ms(2), s(14) + ms(2)]);
  });
});
