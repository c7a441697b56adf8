import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/event-queue.js';
import { Simulation } from '../../src/sim/simulation.js';

describe('EventQueue', () => {
  it('pops by time, then by scheduling order for equal times', () => {
    const q = new EventQueue();
    const order: string[] = [];
    const push = (t: number, label: string) => q.push(t, (l: string) => order.push(l), label);
    push(30, 'c');
    push(10, 'a1');
    push(20, 'b');
    push(10, 'a2');
    push(10, 'a3');
    for (let t = q.pop(); t; t = q.pop()) t.callback!(t.arg);
    expect(order).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
  });

  it('matches a sorted reference under random pushes and cancels (including compaction)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 3000 }),
        (ops) => {
          const q = new EventQueue();
          const live: { time: number; seq: number }[] = [];
          ops.forEach((op, seq) => {
            const timer = q.push(op.time, () => {}, seq);
            if (op.cancel) q.cancel(timer);
            else live.push({ time: op.time, seq });
          });
          live.sort((a, b) => a.time - b.time || a.seq - b.seq);
          expect(q.size).toBe(live.length);
          const popped: number[] = [];
          for (let t = q.pop(); t; t = q.pop()) popped.push(t.arg as number);
          expect(popped).toEqual(live.map((l) => l.seq));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('cancelling twice or after firing is harmless', () => {
    const sim = new Simulation({ seed: 1 });
    let fired = 0;
    const t = sim.after(5, () => fired++);
    sim.runUntil(10);
    sim.cancel(t);
    sim.cancel(t);
    expect(fired).toBe(1);
    expect(t.pending).toBe(false);
  });
});

describe('Simulation', () => {
  it('runs events up to the end time and leaves the clock there', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: number[] = [];
    sim.at(100, () => seen.push(sim.nowUs));
    sim.at(200, () => seen.push(sim.nowUs));
    sim.at(300, () => seen.push(sim.nowUs));
    sim.runUntil(200);
    expect(seen).toEqual([100, 200]);
    expect(sim.nowUs).toBe(200);
    sim.runFor(1000);
    expect(seen).toEqual([100, 200, 300]);
    expect(sim.nowUs).toBe(1200);
    expect(sim.eventsExecuted).toBe(3);
  });

  it('refuses to schedule in the past', () => {
    const sim = new Simulation({ seed: 1 });
    sim.runUntil(100);
    expect(() => sim.at(50, () => {})).toThrow(/past/);
  });

  it('stop() ends runUntil after the current event', () => {
    const sim = new Simulation({ seed: 1 });
    let count = 0;
    const tick = () => {
      if (++count === 3) sim.stop();
      sim.after(10, tick);
    };
    sim.after(10, tick);
    sim.runUntil(1_000_000);
    expect(count).toBe(3);
    expect(sim.nowUs).toBe(30);
  });
});

describe('EventQueue compaction', () => {
  it('keeps order when most timers are cancelled', () => {
    const q = new EventQueue();
    const timers = Array.from({ length: 5000 }, (_, i) => q.push((i * 7919) % 1000, () => {}, i));
    const kept = timers.filter((_, i) => i % 5 === 0);
    timers.forEach((t, i) => {
      if (i % 5 !== 0) q.cancel(t);
    });
    expect(q.size).toBe(1000);
    const popped: number[] = [];
    for (let t = q.pop(); t; t = q.pop()) popped.push(t.arg as number);
    const expected = kept
      .map((t) => ({ time: t.timeUs, seq: t.seq, arg: t.arg as number }))
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
      .map((t) => t.arg);
    expect(popped).toEqual(expected);
  });
});
