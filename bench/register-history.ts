// Generated register histories for the linearizability checker's benchmark
// and tests: a real linearizable register with random concurrency; about 1%
// of operations end `info` (half of those took effect) and 1% `fail`.

import type { HistoryOp, OpType, OpValue } from '../src/sim/history.js';

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
    const value: OpValue = g.f === 'read' && g.type !== 'ok' ? null : g.value;
    events.push({ process: g.process, type: g.type, f: g.f, key: g.key, value, time: g.ret, node: 'n1', ...(g.type === 'ok' ? {} : { error: 'timeout' }) });
  }
  return events.sort((a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : 0) - (b.type === 'invoke' ? 1 : 0));
}
