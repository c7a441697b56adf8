import { describe, expect, it } from 'vitest';
import { ms, s, testWorld } from './harness.js';

describe('connect', () => {
  it('is accepted after one round trip', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.sim.at(ms(10), () => w.actor('a').dial('b'));
    w.sim.runUntil(s(1));
    expect(w.actor('a').opened).toEqual([{ tUs: ms(12), peer: 'b' }]);
    expect(w.actor('b').accepted).toEqual([{ tUs: ms(11), peer: 'a' }]);
  });

  it('is refused fast when the process is down on a reachable host', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.net.crash('b');
    w.sim.at(ms(10), () => w.actor('a').dial('b'));
    w.sim.runUntil(s(1));
    expect(w.actor('a').closed).toEqual([{ tUs: ms(12), peer: 'b', reason: 'refused' }]);
  });

  it('is refused when nothing listens on the port', () => {
    const w = testWorld();
    w.add('a');
    w.add('b', { listen: false });
    w.sim.at(0, () => w.actor('a').dial('b'));
    w.sim.runUntil(s(1));
    expect(w.actor('a').closed.map((c) => c.reason)).toEqual(['refused']);
  });

  it('times out after the SYN retries (131 s, Linux 6.5+) when the host is unreachable', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.net.partition([['a'], ['b']]);
    w.sim.at(0, () => w.actor('a').dial('b'));
    w.sim.runUntil(s(200));
    expect(w.actor('a').closed).toEqual([{ tUs: s(131), peer: 'b', reason: 'timeout' }]);
    expect(w.actor('b').accepted).toEqual([]);
  });

  it('completes at the next SYN retry once the cut heals', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    const cut = w.net.partition([['a'], ['b']]);
    w.sim.at(0, () => w.actor('a').dial('b'));
    w.sim.at(s(10), () => w.net.heal(cut));
    w.sim.runUntil(s(60));
    // SYNs at 0, 1, 2, 3, 4, 5, 7, 11 s (the CI kernel's, captured): the one at 11 s gets through.
    expect(w.actor('a').opened).toEqual([{ tUs: s(11) + ms(2), peer: 'b' }]);
  });

  it('reports an unknown name as unresolved', () => {
    const w = testWorld();
    w.add('a');
    w.sim.at(0, () => w.actor('a').dial('nobody'));
    w.sim.runUntil(s(1));
    expect(w.actor('a').closed.map((c) => c.reason)).toEqual(['unresolved']);
  });
});

describe('delivery', () => {
  it('is in order per connection even with random latency', () => {
    const w = testWorld({ latency: { distribution: 'uniform', minUs: 100, maxUs: 20_000 } });
    w.add('a');
    w.add('b');
    w.sim.at(0, () => {
      const socket = w.actor('a').dial('b');
      w.sim.at(ms(100), () => {
        for (let i = 0; i < 1000; i++) socket.send(i, 10);
      });
      for (let k = 0; k < 50; k++) w.sim.at(ms(200 + k), () => socket.send(1000 + k, 10));
    });
    w.sim.runUntil(s(5));
    const got = w.actor('b').received.map((r) => r.payload);
    expect(got).toEqual([...Array.from({ length: 1000 }, (_, i) => i), ...Array.from({ length: 50 }, (_, k) => 1000 + k)]);
    // and latency really was random
    const times = new Set(w.actor('b').received.slice(1000).map((r) => r.tUs - ms(200)));
    expect(times.size).toBeGreaterThan(1);
  });

  it('takes time proportional to size on a link with bandwidth', () => {
    const w = testWorld({ bandwidthBytesPerSec: 1_000_000 });
    w.add('a');
    w.add('b');
    w.sim.at(0, () => {
      const socket = w.actor('a').dial('b');
      w.sim.at(ms(10), () => {
        socket.send('rdb', 10_000_000);
        socket.send('after', 10);
      });
    });
    w.sim.runUntil(s(20));
    const [rdb, after] = w.actor('b').received;
    expect(rdb!.tUs).toBe(ms(10) + s(10) + ms(1));
    expect(after!.payload).toBe('after');
    expect(after!.tUs).toBeGreaterThanOrEqual(rdb!.tUs);
  });

  it('slow links add latency while the fault lasts', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    let slow = null as ReturnType<typeof w.net.slow> | null;
    w.sim.at(ms(100), () => (slow = w.net.slow(['a', 'b'], ms(200))));
    w.sim.at(ms(110), () => socket!.send('slow', 1));
    w.sim.at(ms(500), () => w.net.unslow(slow!));
    w.sim.at(ms(510), () => socket!.send('fast', 1));
    w.sim.runUntil(s(1));
    expect(w.actor('b').received.map((r) => [r.payload, r.tUs])).toEqual([
      ['slow', ms(311)],
      ['fast', ms(511)],
    ]);
  });
});

describe('partitions', () => {
  it('stall data on an open connection and deliver it in order after heal', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    w.sim.at(ms(100), () => socket!.send('before', 1));
    let cut = null as ReturnType<typeof w.net.partition> | null;
    w.sim.at(s(1), () => (cut = w.net.partition([['a'], ['b']])));
    for (let i = 0; i < 5; i++) w.sim.at(s(1) + ms(100 + i), () => socket!.send(`during-${i}`, 1));
    w.sim.at(s(3), () => w.net.heal(cut!));
    w.sim.at(s(3) + ms(1), () => socket!.send('after-heal', 1));
    w.sim.runUntil(s(10));
    const b = w.actor('b');
    expect(b.received.map((r) => r.payload)).toEqual([
      'before',
      'during-0',
      'during-1',
      'during-2',
      'during-3',
      'during-4',
      'after-heal',
    ]);
    const stalled = b.received.slice(1);
    for (const r of stalled) expect(r.tUs).toBeGreaterThan(s(3));
    // Retransmissions at stall + 0.2, 0.6, 1.4, 3.0 s: the one at ~4.1 s gets through.
    expect(stalled[0]!.tUs).toBe(s(1) + ms(101) + ms(3000) + ms(1));
    expect(b.closed).toEqual([]);
    expect(w.actor('a').closed).toEqual([]);
  });

  it('times the sender out after ~924 s of retransmissions; the receiver sees silence', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    w.sim.at(s(1), () => w.net.partition([['a'], ['b']]));
    w.sim.at(s(2), () => socket!.send('lost', 1));
    w.sim.runUntil(s(2000));
    const closed = w.actor('a').closed;
    expect(closed.map((c) => c.reason)).toEqual(['timeout']);
    expect(closed[0]!.tUs / 1e6).toBeCloseTo(2.001 + 924.6, 1);
    expect(w.actor('b').received).toEqual([]);
    expect(w.actor('b').closed).toEqual([]);
  });

  it('one-way: traffic from the first group is cut, the reverse still flows', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let ab = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (ab = w.actor('a').dial('b')));
    w.sim.at(s(1), () => w.net.partition([['a'], ['b']], { oneway: true }));
    w.sim.at(s(2), () => {
      ab!.send('a->b', 1);
      w.actor('b').dial('a');
    });
    w.sim.runUntil(s(3));
    expect(w.actor('b').received).toEqual([]);
    // b's SYN reaches a but the SYN-ACK is dropped: b's connect does not complete
    expect(w.actor('b').opened).toEqual([]);
    const w2 = testWorld();
    w2.add('a');
    w2.add('b');
    w2.sim.at(s(1), () => w2.net.partition([['a'], ['b']], { oneway: true }));
    w2.sim.at(0, () => {
      const ba = w2.actor('b').dial('a');
      w2.sim.at(s(2), () => ba.send('b->a', 1));
    });
    w2.sim.runUntil(s(3));
    expect(w2.actor('a').received.map((r) => r.payload)).toEqual(['b->a']);
  });

  it('REJECT-style cuts reset open connections at once and refuse connects', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.add('c');
    w.sim.at(0, () => {
      w.actor('a').dial('b');
      w.actor('a').dial('c');
    });
    w.sim.at(s(1), () => w.net.partition([['a'], ['b']], { mode: 'reject' }));
    w.sim.at(s(2), () => w.actor('a').dial('b'));
    w.sim.runUntil(s(3));
    expect(w.actor('a').closed).toEqual([
      { tUs: s(1), peer: 'b', reason: 'reset' },
      { tUs: s(2), peer: 'b', reason: 'refused' },
    ]);
    expect(w.actor('b').closed).toEqual([{ tUs: s(1), peer: 'a', reason: 'reset' }]);
    expect(w.actor('c').closed).toEqual([]);
  });

  it('processes on no side stay connected to everyone; hosts partition together', () => {
    const w = testWorld();
    w.add('m1', { host: 'box1' });
    w.add('s1', { host: 'box1' });
    w.add('r2', { host: 'box2' });
    w.add('x');
    w.net.partition([['box1'], ['r2']]);
    w.sim.at(0, () => {
      w.actor('s1').dial('m1');
      w.actor('s1').dial('x');
      w.actor('s1').dial('r2');
    });
    w.sim.runUntil(s(5));
    expect(w.actor('s1').opened.map((o) => o.peer)).toEqual(['m1', 'x']);
  });
});

describe('process faults', () => {
  it('a crashed process: peers see a reset, the disk survives, memory and timers do not', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.sim.at(0, () => {
      w.actor('a').dial('b');
      const b = w.actor('b');
      b.memory.set('k', 'v');
      b.ctx.disk.write('dump.rdb', { k: 'v' });
      b.timer('old-life', s(5));
    });
    const firstPid = w.net.process('b').pid;
    w.sim.at(s(1), () => w.net.crash('b'));
    w.sim.at(s(2), () => w.net.restart('b'));
    w.sim.runUntil(s(10));
    expect(w.actor('a').closed).toEqual([{ tUs: s(1) + ms(1), peer: 'b', reason: 'reset' }]);
    const b = w.actor('b');
    expect(b.memory.size).toBe(0);
    expect(b.ctx.disk.read('dump.rdb')).toEqual({ k: 'v' });
    expect(b.timersFired).toEqual([]);
    expect(b.ctx.incarnation).toBe(2);
    expect(b.ctx.pid).not.toBe(firstPid);
    // and it accepts connections again
    w.sim.at(s(11), () => w.actor('a').dial('b'));
    w.sim.runUntil(s(12));
    expect(w.actor('a').opened.map((o) => o.tUs)).toEqual([ms(2), s(11) + ms(2)]);
  });

  it('a restart that wipes the disk loses the files too', () => {
    const w = testWorld();
    w.add('b');
    w.sim.at(0, () => w.actor('b').ctx.disk.write('dump.rdb', 1));
    w.sim.at(s(1), () => w.net.restart('b', { wipeDisk: true }));
    w.sim.runUntil(s(2));
    expect(w.actor('b').ctx.disk.has('dump.rdb')).toBe(false);
  });

  it('a process crashed behind a cut: its peer sees silence, then a reset when it talks after heal', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    let cut = null as ReturnType<typeof w.net.partition> | null;
    w.sim.at(s(1), () => (cut = w.net.partition([['a'], ['b']])));
    w.sim.at(s(2), () => w.net.crash('b'));
    w.sim.at(s(3), () => w.net.restart('b'));
    w.sim.at(s(5), () => w.net.heal(cut!));
    w.sim.runUntil(s(9));
    expect(w.actor('a').closed).toEqual([]);
    w.sim.at(s(10), () => socket!.send('hello?', 1));
    w.sim.runUntil(s(11));
    expect(w.actor('a').closed).toEqual([{ tUs: s(10) + ms(2), peer: 'b', reason: 'reset' }]);
    expect(w.actor('b').received).toEqual([]);
  });

  it('a clean exit closes sockets with FIN', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.sim.at(0, () => w.actor('a').dial('b'));
    w.sim.at(s(1), () => w.actor('b').ctx.exit());
    w.sim.runUntil(s(2));
    expect(w.actor('a').closed).toEqual([{ tUs: s(1) + ms(1), peer: 'b', reason: 'eof' }]);
    expect(w.net.process('b').state).toBe('stopped');
  });

  it('a paused process runs nothing; on resume its late timers and buffered data run in arrival order', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => {
      socket = w.actor('a').dial('b');
      w.actor('b').timer('due-during-pause', s(2));
    });
    w.sim.at(s(1), () => w.net.pause('b'));
    w.sim.at(s(1) + ms(500), () => socket!.send('m1', 1));
    w.sim.at(s(3), () => socket!.send('m2', 1));
    w.sim.at(s(4), () => w.net.resume('b'));
    w.sim.at(s(4), () => socket!.send('m3', 1));
    w.sim.runUntil(s(3) + ms(500));
    const b = w.actor('b');
    expect(b.received).toEqual([]);
    expect(b.timersFired).toEqual([]);
    w.sim.runUntil(s(5));
    expect(b.received.map((r) => [r.payload, r.tUs])).toEqual([
      ['m1', s(4)],
      ['m2', s(4)],
      ['m3', s(4) + ms(1)],
    ]);
    expect(b.timersFired).toEqual([{ tUs: s(4), label: 'due-during-pause' }]);
    // its peer saw silence, not a closed connection
    expect(w.actor('a').closed).toEqual([]);
  });

  it('connects to a paused process complete in the kernel; the program accepts on resume', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.net.pause('b');
    w.sim.at(0, () => {
      const socket = w.actor('a').dial('b');
      w.sim.at(ms(500), () => socket.send('ping', 1));
    });
    w.sim.at(s(2), () => w.net.resume('b'));
    w.sim.runUntil(s(3));
    expect(w.actor('a').opened.map((o) => o.tUs)).toEqual([ms(2)]);
    expect(w.actor('b').accepted.map((o) => o.tUs)).toEqual([s(2)]);
    expect(w.actor('b').received.map((r) => [r.payload, r.tUs])).toEqual([['ping', s(2)]]);
  });

  it('a paused process can be killed; nothing it had waiting runs', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    let socket = null as ReturnType<ReturnType<typeof w.actor>['dial']> | null;
    w.sim.at(0, () => (socket = w.actor('a').dial('b')));
    w.sim.at(s(1), () => w.net.pause('b'));
    w.sim.at(s(1) + ms(1), () => socket!.send('x', 1));
    w.sim.at(s(2), () => w.net.crash('b'));
    w.sim.runUntil(s(3));
    expect(w.actor('b').received).toEqual([]);
    expect(w.actor('a').closed.map((c) => c.reason)).toEqual(['reset']);
  });
});

describe('clocks', () => {
  it('a jump moves only the jumped process, and only its wall clock', () => {
    const w = testWorld();
    w.add('a');
    w.add('b');
    w.sim.runUntil(s(1));
    const a = w.actor('a').ctx;
    const b = w.actor('b').ctx;
    const wallBefore = a.wallClockMs();
    const monoBefore = a.monotonicUs();
    w.net.clockJump('a', s(3));
    expect(a.wallClockMs() - wallBefore).toBe(3000);
    expect(a.monotonicUs()).toBe(monoBefore);
    expect(b.wallClockMs()).toBe(wallBefore);
  });

  it('a process can start with its clock offset', () => {
    const w = testWorld();
    w.add('a');
    w.net.addProcess('skewed', (ctx) => ({ start: () => ctx.emit('clock-read', { wallMs: ctx.wallClockMs() }) }), { clockOffsetUs: -s(2) });
    w.net.start('skewed');
    const read = w.sim.trace.events.find((e) => e.kind === 'clock-read')!;
    expect(w.actor('a').ctx.wallClockMs() - (read['wallMs'] as number)).toBe(2000);
  });

  it('drift makes a clock and its timers run fast', () => {
    const w = testWorld();
    w.add('a');
    w.net.clockDrift('a', 0.01);
    const a = w.actor('a');
    const wall0 = a.ctx.wallClockUs();
    w.sim.at(0, () => a.timer('one-local-second', s(1)));
    w.sim.runUntil(s(10));
    expect(a.ctx.wallClockUs() - wall0).toBe(s(10.1));
    expect(a.timersFired[0]!.tUs).toBe(Math.ceil(s(1) / 1.01));
  });
});
