import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/sim/rng.js';
import { Trace } from '../../src/sim/trace.js';

const draw = (streams: RngStreams, name: string, n: number) => Array.from({ length: n }, () => streams.stream(name).next());

describe('named PRNG streams', () => {
  it('are reproducible from the seed', () => {
    expect(draw(new RngStreams(42), 'net', 5)).toEqual(draw(new RngStreams(42), 'net', 5));
  });

  it('differ between seeds and between names', () => {
    expect(draw(new RngStreams(42), 'net', 5)).not.toEqual(draw(new RngStreams(43), 'net', 5));
    expect(draw(new RngStreams(42), 'net', 5)).not.toEqual(draw(new RngStreams(42), 'sentinel:s1', 5));
  });

  it('adding or consuming another stream never shifts a stream', () => {
    const plain = new RngStreams(7);
    const busy = new RngStreams(7);
    draw(busy, 'client:c1', 100);
    busy.stream('a-new-stream').next();
    expect(draw(busy, 'net', 10)).toEqual(draw(plain, 'net', 10));
  });

  it('draws integers, choices and hex ids in range', () => {
    const rng = new RngStreams(1).stream('x');
    for (let i = 0; i < 1000; i++) {
      const v = rng.intBetween(10, 19);
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThanOrEqual(19);
    }
    expect(rng.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
  });
});

describe('Trace', () => {
  const fill = (trace: Trace, variant = 0) => {
    trace.emit(10, 'm1', 'log', { text: 'Ready to accept connections', level: 'notice' });
    trace.emit(20, 's1', 'sentinel.event', { name: '+sdown', text: `+sdown master mymaster m1 ${6379 + variant}` });
    trace.emit(30, 'net', 'net', { event: 'partition', groups: ['box1', 'box2'], oneway: false });
  };

  it('the same events give the same hash', () => {
    const a = new Trace();
    const b = new Trace();
    fill(a);
    fill(b);
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('any difference in a field, the time or the order changes the hash', () => {
    const base = new Trace();
    fill(base);
    const field = new Trace();
    fill(field, 1);
    expect(field.hash()).not.toBe(base.hash());
    const time = new Trace();
    time.emit(11, 'm1', 'log', { text: 'Ready to accept connections', level: 'notice' });
    expect(time.hash()).not.toBe(new Trace().hash());
    const x = new Trace();
    const y = new Trace();
    x.emit(1, 'a', 'k');
    x.emit(1, 'b', 'k');
    y.emit(1, 'b', 'k');
    y.emit(1, 'a', 'k');
    expect(x.hash()).not.toBe(y.hash());
    const num = new Trace();
    const str = new Trace();
    num.emit(1, 'a', 'k', { v: 1 });
    str.emit(1, 'a', 'k', { v: '1' });
    expect(num.hash()).not.toBe(str.hash());
  });

  it('keeping bodies or not leaves the hash alone', () => {
    const all = new Trace('all');
    const none = new Trace('none');
    const some = new Trace(new Set(['sentinel.event']));
    fill(all);
    fill(none);
    fill(some);
    expect(none.hash()).toBe(all.hash());
    expect(some.hash()).toBe(all.hash());
    expect(all.events).toHaveLength(3);
    expect(none.events).toHaveLength(0);
    expect(none.count).toBe(3);
    expect(some.events.map((e) => e.kind)).toEqual(['sentinel.event']);
    expect(all.events[1]).toMatchObject({ tUs: 20, node: 's1', kind: 'sentinel.event', name: '+sdown' });
  });

  it('listeners see every event even when bodies are dropped', () => {
    const trace = new Trace('none');
    const seen: string[] = [];
    trace.subscribe((e) => seen.push(e.kind));
    fill(trace);
    expect(seen).toEqual(['log', 'sentinel.event', 'net']);
  });
});
