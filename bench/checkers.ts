// Checker benchmark (issue 5): lost writes, split brain and availability over
// a 1-million-operation set-add history (10 clients, a final read), and the
// linearizability checker over a 10,000-operation register history.

import type { HistoryOp } from '../src/sim/history.js';
import { checkLostWrites } from '../src/check/lost-writes.js';
import { checkSplitBrain } from '../src/check/split-brain.js';
import { checkAvailability } from '../src/check/availability.js';
import type { BenchResult } from './measure.js';
import { benchLinearizability } from './linearizability.js';

function setAddHistory(operations: number): HistoryOp[] {
  const ops: HistoryOp[] = [];
  const present: number[] = [];
  for (let i = 0; i < operations; i++) {
    const process = `c${i % 10}`;
    const t = i * 100;
    ops.push({ process, type: 'invoke', f: 'add', key: 'set', value: i, time: t, node: 'm1' });
    // 1 in 1,000 lost, 1 in 500 unknown.
    const type = i % 500 === 7 ? 'info' : 'ok';
    ops.push({ process, type, f: 'add', key: 'set', value: i, time: t + 50, node: 'm1' });
    if (i % 1000 !== 3) present.push(i);
  }
  const end = operations * 100;
  ops.push({ process: 'c0', type: 'invoke', f: 'final-read', key: 'set', value: null, time: end, node: 'm1' });
  ops.push({ process: 'c0', type: 'ok', f: 'final-read', key: 'set', value: present, time: end + 50, node: 'm1' });
  return ops;
}

export function benchCheckers(): BenchResult[] {
  const ops = setAddHistory(1_000_000);
  checkLostWrites(setAddHistory(10_000)); // warm up
  const started = performance.now();
  const lost = checkLostWrites(ops);
  const lostMs = performance.now() - started;
  const t2 = performance.now();
  checkSplitBrain(ops, [], 1e12);
  checkAvailability(ops, []);
  const otherMs = performance.now() - t2;
  const results: BenchResult[] = [
    {
      name: 'checkers: lost writes, 1,000,000-op set-add history',
      value: lostMs.toFixed(0),
      unit: 'ms',
      detail: `${lost.acked.toLocaleString('en-US')} acked, ${lost.lost.toLocaleString('en-US')} lost found`,
    },
    { name: 'checkers: split brain + availability, same history', value: otherMs.toFixed(0), unit: 'ms' },
  ];
  return [...results, ...benchLinearizability()];
}
