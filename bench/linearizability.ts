// Linearizability checker benchmark: a 10,000-operation register history over
// 5 keys by 5 clients, about 1% of operations `info` (half of those took
// effect) and 1% `fail`, generated from a real linearizable register; then the
// same history with one read corrupted (stale), which also builds a
// counterexample. Target: well under a second each.

import { checkLinearizability } from '../src/check/linearizability.js';
import type { HistoryOp, OpType } from '../src/sim/history.js';
import type { BenchResult } from './measure.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A linearizable register history: each operation takes effect at a random point inside its interval. */
export function generateRegisterHistory(count: number, keys: number, processes: number, seed: number): HistoryOp[] {
  const rand = lcg(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const gens: { process: string; f: 'read' | 'write'; key: string; value: string | null; invoke: number; lin: number; ret: number; type: OpType; effective: boolean }[] = [];
  const cursor = new Array<number>(processes).fill(0);
  const generation = new Array<number>(processes).fill(0);
  for (let i = 0; i < count; i++) {
    const p = int(processes);
    const invoke = cursor[p]! + int(20);
    const lin = invoke + 1 + int(40);
    const ret = lin + 1 + int(40);
    cursor[p] = ret;
    const f = rand() < 0.5 ? 'read' : 'write';
    const roll = rand();
    const type: OpType = roll < 0.01 ? 'info' : roll < 0.02 ? 'fail' : 'ok';
    const effective = type === 'ok' || (type === 'info' && rand() < 0.5);
    gens.push({ process: `p${p + processes * generation[p]!}`, f, key: `k${int(keys)}`, value: f === 'write' ? `v${i}` : null, invoke, lin, ret, type, effective });
    if (type === 'info') generation[p]!++;
  }
  const register = new Map<string, string | null>();
  for (const g of [...gens].sort((a, b) => a.lin - b.lin)) {
    if (!g.effective) continue;
    if (g.f === 'write') register.set(g.key, g.value);
    else g.value = register.get(g.key) ?? null;
  }
  const events: HistoryOp[] = [];
  for (const g of gens) {
    events.push({ process: g.process, type: 'invoke', f: g.f, key: g.key, value: g.f === 'write' ? g.value : null, time: g.invoke, node: 'n1' });
    events.push({ process: g.process, type: g.type, f: g.f, key: g.key, value: g.f === 'read' && g.type !== 'ok' ? null : g.value, time: g.ret, node: 'n1' });
  }
  return events.sort((a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : 0) - (b.type === 'invoke' ? 1 : 0));
}

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
