// The history keeps its records packed and gives them back as objects: the
// same records, in order, whenever `ops` is read, also while the run goes on.
import { describe, expect, it } from 'vitest';
import { forEachPair, History, pairOps, pairedOps, type HistoryOp } from '../../src/sim/history.js';
import { Simulation } from '../../src/sim/simulation.js';
import { Trace } from '../../src/sim/trace.js';

const op = (over: Partial<HistoryOp>): HistoryOp => ({ process: 'c1', type: 'invoke', f: 'add', key: 'set', value: 1, time: 0, node: 'm1', ...over });

describe('History', () => {
  it('gives back every record as it was recorded: numbers, strings, null, lists, errors, true times', () => {
    const records: HistoryOp[] = [
      op({ value: 1_000_001, time: 3_600_000_123_456 }),
      op({ type: 'ok', value: 1_000_001, time: 3_600_000_124_000 }),
      op({ process: 'c2', f: 'write', key: 'r1', value: 'v-7', node: '' }),
      op({ process: 'c2', type: 'fail', f: 'write', key: 'r1', value: 'v-7', error: 'READONLY You can\'t write against a read only replica.' }),
      op({ process: 'c3', f: 'read', key: 'r2', value: null }),
      op({ process: 'c3', type: 'info', f: 'read', key: 'r2', value: null, error: 'timeout' }),
      op({ process: 'final', f: 'final-read', key: 'list', value: null, time: -5 }),
      op({ process: 'final', type: 'ok', f: 'final-read', key: 'list', value: [3, 'x', 1.5] }),
    ];
    const history = new History(new Simulation({ seed: 1 }));
    records.slice(0, 3).forEach((r) => history.record(r));
    const early = history.ops;
    expect(early).toEqual(records.slice(0, 3));
    records.slice(3).forEach((r) => history.record(r));
    expect(history.ops).toEqual(records);
    expect(history.ops).toBe(early); // the same array, grown: pairings cached on it stay valid
    expect(history.ops.filter((o) => 'error' in o).map((o) => o.error)).toEqual([records[3]!.error, 'timeout']);
    expect(history.length).toBe(records.length);
    expect(history.toJsonLines().split('\n')[7]).toBe(JSON.stringify(records[7]));
  });

  it('pairs each invocation with its completion once, by process, in order', () => {
    const ops = [op({}), op({ process: 'c2' }), op({ process: 'c2', type: 'ok' }), op({ type: 'info' }), op({ process: 'c3' })];
    const paired = pairedOps(ops);
    expect(paired.invokes.map((o) => o.process)).toEqual(['c1', 'c2', 'c3']);
    expect(paired.completions.map((o) => o?.type ?? null)).toEqual(['info', 'ok', null]);
    expect(pairedOps(ops)).toBe(paired);
    expect(pairOps(ops)[1]).toEqual({ invoke: ops[1], completion: ops[2] });
  });
});

describe('Trace.emitOp', () => {
  it('hashes a record exactly as emit does with its fields, whether the event is kept or not', () => {
    const viaEmit = new Trace('all');
    const keptOp = new Trace('all');
    const droppedOp = new Trace('none');
    const records: [string, string, string, string, number | string | null | (number | string)[], string, string | undefined][] = [
      ['c1', 'invoke', 'add', 'set', 1_000_001, 'm1', undefined],
      ['c1', 'info', 'add', 'set', 1_000_001, 'm1', 'timeout'],
      ['final', 'ok', 'final-read', 'set', [1, 'x'], 'r2', undefined],
      ['c2', 'ok', 'read', 'r1', null, 'm1', undefined],
    ];
    records.forEach(([process, type, f, key, value, node, error], i) => {
      viaEmit.emit(i * 10, process, 'op', error === undefined ? { type, f, key, value, node } : { type, f, key, value, node, error });
      keptOp.emitOp(i * 10, process, type, f, key, value, node, error);
      droppedOp.emitOp(i * 10, process, type, f, key, value, node, error);
    });
    expect(keptOp.hash()).toBe(viaEmit.hash());
    expect(droppedOp.hash()).toBe(viaEmit.hash());
    expect(keptOp.events).toEqual(viaEmit.events);
    expect(droppedOp.events).toEqual([]);
    expect(droppedOp.count).toBe(records.length);
  });
});

describe('History spilled to disk', () => {
  it('keeps only a few chunks in memory and gives back every record, in order, from the spill file too', () => {
    const history = new History(null, { chunkRecords: 8, memoryChunks: 2 });
    const records: HistoryOp[] = [];
    for (let i = 0; i < 100; i++) {
      const process = `c${i % 3}`;
      records.push(op({ process, value: i, time: i * 1000 }));
      records.push(op({ process, type: i % 7 === 0 ? 'info' : 'ok', value: i % 5 === 0 ? [i, 'x'] : i, time: i * 1000 + 1, ...(i % 7 === 0 ? { error: 'timeout' } : {}) }));
    }
    records.forEach((r) => history.record(r));
    expect(history.spilledRecords).toBe(23 * 8); // 25 chunks of 8: all but the last two went to disk
    const back: HistoryOp[] = [];
    history.forEachRecord((r) => back.push(r));
    expect(back).toEqual(records);
    expect(history.ops).toEqual(records);
    expect(history.invocations).toBe(100);
    // A pass inside a pass reads its own copy of a spilled chunk.
    const outer: HistoryOp[] = [];
    let inner = 0;
    history.forEachRecord((r) => {
      outer.push(r);
      if (outer.length % 50 === 0) history.forEachRecord(() => inner++);
    });
    expect(outer).toEqual(records);
    expect(inner).toBe(4 * 200);
  });

  it('streams the same pairs as pairedOps, in invocation order, unfinished ones with null', () => {
    const ops = [op({}), op({ process: 'c2' }), op({ process: 'c2', type: 'ok' }), op({ process: 'c3' }), op({ type: 'info' }), op({ process: 'c2', value: 2 }), op({ process: 'c4', type: 'ok' }), op({ process: 'c2', value: 3 })];
    const streamed: [HistoryOp, HistoryOp | null][] = [];
    forEachPair(ops, (invoke, completion) => streamed.push([invoke, completion]));
    const { invokes, completions } = pairedOps(ops);
    expect(streamed).toEqual(invokes.map((invoke, i) => [invoke, completions[i]]));
    expect(streamed.map(([i, c]) => `${i.process}:${c?.type ?? null}`)).toEqual(['c1:info', 'c2:ok', 'c3:null', 'c2:null', 'c2:null']);
  });
});
