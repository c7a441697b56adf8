import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateRegisterHistory } from '../../bench/register-history.js';
import { checkLinearizability } from '../../src/check/linearizability.js';
import type { HistoryOp, OpType } from '../../src/sim/history.js';

// ---------------------------------------------------------------------------
// Hand-made histories: op(process, f, key, value, invokeUs, returnUs, type).

function op(process: string, f: 'read' | 'write', key: string, value: string | null, invoke: number, ret: number | null, type: OpType = 'ok'): HistoryOp[] {
  const inv: HistoryOp = { process, type: 'invoke', f, key, value: f === 'write' ? value : null, time: invoke, node: 'n1' };
  if (ret === null) return [inv];
  const done: HistoryOp = { process, type, f, key, value: f === 'read' && type !== 'ok' ? null : value, time: ret, node: 'n1' };
  return [inv, done];
}

/** Merge operations into one history in time order (stable: as listed at equal times). */
function history(...ops: HistoryOp[][]): HistoryOp[] {
  return ops.flat().sort((a, b) => a.time - b.time);
}

describe('checkLinearizability: hand-made histories', () => {
  it('an empty history is valid', () => {
    const r = checkLinearizability([]);
    expect(r).toEqual({ valid: true, keys: [], totalSteps: 0 });
  });

  it('sequential writes and reads that see them are valid', () => {
    const r = checkLinearizability(
      history(
        op('p1', 'read', 'x', null, 0, 5),
        op('p1', 'write', 'x', 'a', 10, 20),
        op('p2', 'read', 'x', 'a', 30, 40),
        op('p2', 'write', 'x', 'b', 50, 60),
        op('p1', 'read', 'x', 'b', 70, 80),
      ),
    );
    expect(r.valid).toBe(true);
    expect(r.keys).toHaveLength(1);
    expect(r.keys[0]).toMatchObject({ key: 'x', valid: true, ops: 5 });
    expect(r.keys[0]!.counterexample).toBeUndefined();
  });

  it('a read concurrent with a write may see either value', () => {
    for (const seen of ['a', 'b']) {
      const r = checkLinearizability(
        history(op('p1', 'write', 'x', 'a', 0, 10), op('p1', 'write', 'x', 'b', 20, 50), op('p2', 'read', 'x', seen, 25, 45)),
      );
      expect(r.valid).toBe(true);
    }
    // ... and two reads inside the write may see old then new, but not new then old.
    const ok = history(op('p1', 'write', 'x', 'a', 0, 10), op('p1', 'write', 'x', 'b', 20, 100), op('p2', 'read', 'x', 'a', 30, 40), op('p3', 'read', 'x', 'b', 50, 60));
    expect(checkLinearizability(ok).valid).toBe(true);
    const bad = history(op('p1', 'write', 'x', 'a', 0, 10), op('p1', 'write', 'x', 'b', 20, 100), op('p2', 'read', 'x', 'b', 30, 40), op('p3', 'read', 'x', 'a', 50, 60));
    expect(checkLinearizability(bad).valid).toBe(false);
  });

  it('a read that starts after a write returned must not see the older value (stale read)', () => {
    const r = checkLinearizability(history(op('p1', 'write', 'x', '1', 0, 10), op('p2', 'read', 'x', null, 20, 30)));
    expect(r.valid).toBe(false);
    expect(r.keys[0]!.valid).toBe(false);
    expect(r.keys[0]!.counterexample).toEqual(['p1 write "1" [0, 10]', 'p2 read null [20, 30]']);

    const older = checkLinearizability(
      history(op('p1', 'write', 'x', '1', 0, 10), op('p1', 'write', 'x', '2', 20, 30), op('p2', 'read', 'x', '1', 40, 50), op('p3', 'read', 'x', '2', 60, 70)),
    );
    expect(older.valid).toBe(false);
    // The smallest failing prefix by return time stops at the stale read.
    expect(older.keys[0]!.counterexample).toEqual(['p1 write "1" [0, 10]', 'p1 write "2" [20, 30]', 'p2 read "1" [40, 50]']);
  });

  it('a read of a value never written is invalid', () => {
    const r = checkLinearizability(history(op('p1', 'write', 'x', 'a', 0, 10), op('p2', 'read', 'x', 'zzz', 5, 30)));
    expect(r.valid).toBe(false);
    expect(r.keys[0]!.counterexample).toContain('p2 read "zzz" [5, 30]');
  });

  it('an info write whose value is read later took effect: valid', () => {
    const r = checkLinearizability(
      history(
        op('p1', 'write', 'x', 'a', 0, 10),
        op('p2', 'write', 'x', 'b', 20, 25, 'info'),
        op('p3', 'read', 'x', 'a', 30, 40),
        op('p3', 'read', 'x', 'b', 500, 510),
        op('p3', 'read', 'x', 'b', 600, 610),
      ),
    );
    expect(r.valid).toBe(true);
    // ... but once it is seen it cannot be unseen.
    const flip = checkLinearizability(
      history(op('p1', 'write', 'x', 'a', 0, 10), op('p2', 'write', 'x', 'b', 20, 25, 'info'), op('p3', 'read', 'x', 'b', 30, 40), op('p3', 'read', 'x', 'a', 50, 60)),
    );
    expect(flip.valid).toBe(false);
    expect(flip.keys[0]!.counterexample).toContain('p2 write "b" [20, info]');
  });

  it('an info write never read is valid, as is an invocation that never completed', () => {
    const r = checkLinearizability(
      history(op('p1', 'write', 'x', 'a', 0, 10), op('p2', 'write', 'x', 'b', 20, 25, 'info'), op('p3', 'read', 'x', 'a', 30, 40), op('p4', 'write', 'x', 'c', 50, null), op('p3', 'read', 'x', 'a', 60, 70)),
    );
    expect(r.valid).toBe(true);
    expect(r.keys[0]!.ops).toBe(5);
  });

  it('an info read observed nothing and is ignored', () => {
    const r = checkLinearizability(history(op('p1', 'write', 'x', 'a', 0, 10), op('p2', 'read', 'x', null, 20, 30, 'info')));
    expect(r.valid).toBe(true);
    expect(r.keys[0]!.ops).toBe(1);
  });

  it('a failed write did not happen: reading its value is invalid', () => {
    const r = checkLinearizability(history(op('p1', 'write', 'x', 'a', 0, 10), op('p2', 'write', 'x', 'b', 20, 30, 'fail'), op('p3', 'read', 'x', 'b', 40, 50)));
    expect(r.valid).toBe(false);
    expect(r.keys[0]!.ops).toBe(2);
    expect(r.keys[0]!.counterexample).toEqual(['p1 write "a" [0, 10]', 'p3 read "b" [40, 50]']);
  });

  it('judges keys independently', () => {
    const r = checkLinearizability(
      history(
        op('p1', 'write', 'x', 'a', 0, 10),
        op('p4', 'write', 'y', 'a', 5, 15),
        op('p2', 'read', 'x', null, 20, 30),
        op('p2', 'read', 'y', 'a', 40, 50),
        op('p3', 'read', 'x', 'a', 45, 55),
      ),
    );
    expect(r.valid).toBe(false);
    expect(r.keys.map((k) => [k.key, k.valid])).toEqual([
      ['x', false],
      ['y', true],
    ]);
    expect(r.keys[1]!.counterexample).toBeUndefined();
  });

  it('gives up with unknown when the step budget runs out, and says so quickly', () => {
    // 24 concurrent writes of two values, then reads that flip between them
    // (impossible once every write is done): the search would try every
    // subset of the writes before giving up.
    const parts: HistoryOp[][] = [];
    for (let i = 0; i < 24; i++) parts.push(op(`p${i}`, 'write', 'x', i % 2 === 0 ? 'a' : 'b', i, 1000 + i));
    for (let i = 0; i < 4; i++) parts.push(op('q', 'read', 'x', i % 2 === 0 ? 'a' : 'b', 2000 + 20 * i, 2010 + 20 * i));
    const ops = history(...parts);
    const r = checkLinearizability(ops, { maxStepsPerKey: 500 });
    expect(r.valid).toBe('unknown');
    expect(r.keys[0]!.valid).toBe('unknown');
    expect(r.keys[0]!.steps).toBeLessThanOrEqual(500);
    expect(r.totalSteps).toBeLessThanOrEqual(500);
    // (With a larger budget it is still bounded, and still unknown.)
    const bigger = checkLinearizability(ops, { maxStepsPerKey: 50_000 });
    expect(bigger.valid).toBe('unknown');
    expect(bigger.totalSteps).toBe(50_000);
    // unknown + valid key => unknown; unknown + invalid key => false
    const withValid = checkLinearizability([...ops, ...history(op('a', 'write', 'y', '1', 0, 1))], { maxStepsPerKey: 500 });
    expect(withValid.valid).toBe('unknown');
    const withInvalid = checkLinearizability([...ops, ...history(op('a', 'read', 'y', '1', 0, 1))], { maxStepsPerKey: 500 });
    expect(withInvalid.valid).toBe(false);
  });

  it('many concurrent writes read back in a possible order are valid (the cache keeps it small)', () => {
    const parts: HistoryOp[][] = [];
    for (let i = 0; i < 16; i++) parts.push(op(`p${i}`, 'write', 'x', `v${i}`, 0, 1000));
    // Reads inside the writes' interval, each seeing a different write: a valid order exists.
    for (let i = 0; i < 16; i++) parts.push(op(`r${i}`, 'read', 'x', `v${i}`, 100 + 50 * i, 120 + 50 * i));
    const r = checkLinearizability(history(...parts));
    expect(r.valid).toBe(true);
    expect(r.totalSteps).toBeLessThan(10_000);
  });
});

// ---------------------------------------------------------------------------
// Generated histories: a real linearizable register with random concurrency.

/** `count` operations by `processes` clients over `keys` keys (see bench/register-history.ts). */
const generate = (count: number, keys: number, processes: number, seed: number) => ({ history: generateRegisterHistory(count, keys, processes, seed) });

describe('checkLinearizability: generated histories', () => {
  it('judges a 10,000-op linearizable history valid, quickly', () => {
    const { history: h } = generate(10_000, 5, 5, 42);
    expect(h.some((o) => o.type === 'info')).toBe(true);
    const started = process.hrtime.bigint();
    const r = checkLinearizability(h);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(r.valid).toBe(true);
    expect(r.keys).toHaveLength(5);
    expect(r.keys.reduce((s, k) => s + k.ops, 0)).toBeGreaterThan(9_500);
    expect(ms).toBeLessThan(2_000); // ~tens of ms in practice; generous for slow CI
  });

  it('judges the same history with one read corrupted to a stale value invalid', () => {
    const { history: h } = generate(10_000, 5, 5, 42);
    // Find a late ok read of key K, an early ok write W1 of K, and an ok write W2 of K
    // strictly after W1 and strictly before the read: the read cannot see W1's value.
    const completions = new Map<HistoryOp, HistoryOp>();
    const open = new Map<string, HistoryOp>();
    for (const o of h) {
      if (o.type === 'invoke') open.set(o.process, o);
      else completions.set(open.get(o.process)!, o);
    }
    const pairs = [...completions].map(([inv, done]) => ({ inv, done }));
    const okWrites = pairs.filter((p) => p.inv.f === 'write' && p.done.type === 'ok');
    const read = pairs.find((p, i) => i > pairs.length / 2 && p.inv.f === 'read' && p.done.type === 'ok')!;
    const key = read.inv.key;
    const w1 = okWrites.find((p) => p.inv.key === key)!;
    const w2 = okWrites.find((p) => p.inv.key === key && p.inv.time > w1.done.time && p.done.time < read.inv.time);
    expect(w2).toBeDefined();
    const index = h.indexOf(read.done);
    const corrupted = [...h];
    corrupted[index] = { ...read.done, value: w1.inv.value };
    const r = checkLinearizability(corrupted);
    expect(r.valid).toBe(false);
    const bad = r.keys.filter((k) => k.valid !== true);
    expect(bad.map((k) => [k.key, k.valid])).toEqual([[key, false]]);
    const ce = bad[0]!.counterexample!;
    expect(ce.length).toBeLessThanOrEqual(16);
    expect(ce).toContain(`${read.inv.process} read ${JSON.stringify(w1.inv.value)} [${read.inv.time}, ${read.done.time}]`);

    // And a read of a value nobody wrote.
    const never = [...h];
    never[index] = { ...read.done, value: 'never-written' };
    const r2 = checkLinearizability(never);
    expect(r2.valid).toBe(false);
    expect(r2.keys.find((k) => k.key === key)!.counterexample!.some((l) => l.includes('"never-written"'))).toBe(true);
  });

  it('handles many generated histories with heavy concurrency (valid)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { history: h } = generate(600, 2, 8, seed);
      expect(checkLinearizability(h).valid).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Property: sequential histories are valid iff every read returns the last write.

describe('checkLinearizability: sequential histories (property)', () => {
  it('valid iff every read returns the last written value', () => {
    const step = fc.record({
      write: fc.boolean(),
      value: fc.constantFrom('a', 'b', 'c'),
      read: fc.constantFrom<string | null>('a', 'b', 'c', null),
      honest: fc.boolean(),
      process: fc.constantFrom('p1', 'p2', 'p3'),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const parts: HistoryOp[][] = [];
        let last: string | null = null;
        let expected = true;
        steps.forEach((s, i) => {
          if (s.write) {
            parts.push(op(s.process, 'write', 'x', s.value, 10 * i, 10 * i + 5));
            last = s.value;
          } else {
            const seen = s.honest ? last : s.read;
            if (seen !== last) expected = false;
            parts.push(op(s.process, 'read', 'x', seen, 10 * i, 10 * i + 5));
          }
        });
        const r = checkLinearizability(history(...parts));
        expect(r.valid).toBe(expected);
        if (!expected) expect(r.keys[0]!.counterexample!.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// Property: agrees with a brute-force search over every order, on small
// random histories with concurrency, `info` and `fail`.

interface RefOp { f: 'read' | 'write'; value: string | null; invoke: number; ret: number }

/** Every order of the operations that respects real time; `info` writes (ret = Infinity) optional. */
function bruteForce(ops: RefOp[]): boolean {
  const seen = new Set<string>();
  const go = (done: boolean[], state: string | null): boolean => {
    if (ops.every((o, i) => done[i] || o.ret === Infinity)) return true;
    const memo = `${done.map(Number).join('')}|${String(state)}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i]!;
      if (done[i]) continue;
      // minimal: no other pending operation returned before this one was invoked
      if (ops.some((p, j) => !done[j] && j !== i && p.ret < o.invoke)) continue;
      if (o.f === 'read' && o.value !== state) continue;
      done[i] = true;
      const ok = go(done, o.f === 'write' ? o.value : state);
      done[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(ops.map(() => false), null);
}

describe('checkLinearizability: agrees with brute force (property)', () => {
  it('on random small concurrent histories', () => {
    const gen = fc.record({
      write: fc.boolean(),
      value: fc.constantFrom<string | null>('a', 'b', 'c', null),
      invoke: fc.integer({ min: 0, max: 60 }),
      duration: fc.integer({ min: 0, max: 25 }),
      type: fc.constantFrom<OpType>('ok', 'ok', 'ok', 'ok', 'info', 'fail'),
    });
    fc.assert(
      fc.property(fc.array(gen, { maxLength: 9 }), (spec) => {
        const parts: HistoryOp[][] = [];
        const ref: RefOp[] = [];
        spec.forEach((s, i) => {
          const f = s.write ? 'write' : 'read';
          const value = s.write ? (s.value ?? 'a') : s.value;
          parts.push(op(`p${i}`, f, 'x', value, s.invoke, s.invoke + s.duration, s.type));
          if (s.type === 'fail' || (f === 'read' && s.type === 'info')) return;
          ref.push({ f, value, invoke: s.invoke, ret: s.type === 'info' ? Infinity : s.invoke + s.duration });
        });
        const r = checkLinearizability(history(...parts));
        const expected = bruteForce(ref);
        expect(r.valid).toBe(expected);
        if (!expected) expect(r.keys[0]!.counterexample!.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('on longer, mostly sequential histories (counterexamples cut to a window)', () => {
    const gen = fc.record({
      write: fc.boolean(),
      value: fc.constantFrom<string | null>('a', 'b', 'c', 'd', null),
      gap: fc.integer({ min: 0, max: 12 }),
      duration: fc.integer({ min: 1, max: 15 }),
      type: fc.constantFrom<OpType>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'info', 'fail'),
    });
    fc.assert(
      fc.property(fc.array(gen, { minLength: 8, maxLength: 24 }), (spec) => {
        const parts: HistoryOp[][] = [];
        const ref: RefOp[] = [];
        let t = 0;
        spec.forEach((s, i) => {
          t += s.gap;
          const f = s.write ? 'write' : 'read';
          const value = s.write ? (s.value ?? 'a') : s.value;
          parts.push(op(`p${i}`, f, 'x', value, t, t + s.duration, s.type));
          if (s.type === 'fail' || (f === 'read' && s.type === 'info')) return;
          ref.push({ f, value, invoke: t, ret: s.type === 'info' ? Infinity : t + s.duration });
        });
        const r = checkLinearizability(history(...parts));
        const expected = bruteForce(ref);
        expect(r.valid).toBe(expected);
        if (!expected) {
          const ce = r.keys[0]!.counterexample!;
          expect(ce.length).toBeGreaterThan(0);
          expect(ce.length).toBeLessThanOrEqual(spec.length + 1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
