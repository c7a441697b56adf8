// Linearizability checker benchmark: a 10,000-operation register history over
// 5 keys by 5 clients, about 1% of operations `info` (half of those took
// effect) and 1% `fail`, generated from a real linearizable register; then the
// same history with one read corrupted (stale), which also builds a
// counterexample. Target: well under a second each.

import { checkLinearizability } from '../src/check/linearizability.js';
import type { HistoryOp } from '../src/sim/history.js';
import { generateRegisterHistory } from './register-history.js';
import type { BenchResult } from './measure.js';


function timeCheck(name: string, history: HistoryOp[]): BenchResult {
  checkLinearizability(history); // warm the JIT
  const runs = 5;
  let best = Infinity;
  let result = checkLinearizability(history);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = checkLinearizability(history);
    best = Math.min(best, performance.now() - started);
  }
  const ops = result.keys.reduce((s, k) => s + k.ops, 0);
  return {
    name,
    value: best.toFixed(1),
    unit: 'ms',
    detail: `valid=${String(result.valid)}; ${ops.toLocaleString('en-US')} ops over ${result.keys.length} keys; ${result.totalSteps.toLocaleString('en-US')} search steps (best of ${runs})`,
  };
}

export function benchLinearizability(): BenchResult[] {
  const history = generateRegisterHistory(10_000, 5, 5, 7);
  const valid = timeCheck('linearizability: 10k-op register history, 5 keys, 5 clients', history);
  // Corrupt one late read to a value overwritten long before: a stale read.
  const corrupted = [...history];
  const index = corrupted.findIndex((o, i) => i > corrupted.length * 0.75 && o.type === 'ok' && o.f === 'read');
  const read = corrupted[index]!;
  const firstWrite = corrupted.find((o) => o.type === 'invoke' && o.f === 'write' && o.key === read.key)!;
  corrupted[index] = { ...read, value: firstWrite.value };
  const invalid = timeCheck('linearizability: same, one stale read (with counterexample)', corrupted);
  return [valid, invalid];
}
