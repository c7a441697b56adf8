import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ms, s, testWorld } from './harness.js';

// Random cuts (either direction, drop mode), heals, slow links and sends on one
// connection: the receiver must see exactly what was sent, in order, with no
// duplicates, as long as every cut heals before TCP gives up.
const step = fc.oneof(
  fc.record({ op: fc.constant('send' as const), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('cut' as const), oneway: fc.boolean(), reverse: fc.boolean() }),
  fc.record({ op: fc.constant('heal' as const) }),
  fc.record({ op: fc.constant('slow' as const), extraMs: fc.integer({ min: 1, max: 300 }) }),
);

describe('delivery under random partitions', () => {
  it('is exactly once and in order once every cut heals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), step }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (steps, seed) => {
          const w = testWorld({ seed, latency: { distribution: 'exponential', minUs: 100, meanUs: 2000 } });
          w.add('a');
          w.add('b');
          let next = 0;
          let t = s(1);
          w.sim.at(0, () => {
            const socket = w.actor('a').dial('b');
            w.sim.at(t, () => expect(socket.state).toBe('open'));
            for (const { gapMs, step } of steps) {
              t += ms(gapMs);
              w.sim.at(t, () => {
                if (step.op === 'send') for (let i = 0; i < step.count; i++) socket.send(next++, 100);
                else if (step.op === 'cut')
                  w.net.partition(step.reverse ? [['b'], ['a']] : [['a'], ['b']], { oneway: step.oneway });
                else if (step.op === 'heal') w.net.healAll();
                else w.net.slow(['a', 'b'], ms(step.extraMs));
              });
            }
            w.sim.at(t + 1, () => w.net.healAll());
          });
          w.sim.runUntil(t + s(400));
          const got = w.actor('b').received.map((r) => r.payload);
          expect(got).toEqual(Array.from({ length: next }, (_, i) => i));
          expect(w.actor('a').closed).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
