// The comparison baseline: the heartbeat mesh written as one inline loop, with
// the least machinery that still does the same work per event: a (time, seq)
// binary heap, the same PRNG, per-connection in-order arrival times, and the
// receiver's bookkeeping. No processes, sockets, faults, clocks or trace.

import seedrandom from 'seedrandom';

interface Ev {
  t: number;
  seq: number;
  kind: number; // 0 = tick, 1 = delivery
  node: number;
  from: number;
}

export interface BareLoopResult {
  events: number;
  delivered: number;
}

export function runBareLoop(nodes: number, periodUs: number, durationUs: number, seed: number): BareLoopResult {
  const rng = seedrandom.alea(`bare/${seed}`);
  const heap: Ev[] = [];
  let seq = 0;
  const less = (a: Ev, b: Ev) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
  const push = (e: Ev) => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(heap[r]!, heap[l]!) ? r : l;
        if (!less(heap[c]!, last)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const lastArrival = new Float64Array(nodes * nodes);
  const lastHeard = new Float64Array(nodes * nodes);
  for (let n = 0; n < nodes; n++) push({ t: Math.floor(rng() * periodUs), seq: seq++, kind: 0, node: n, from: -1 });
  let events = 0;
  let delivered = 0;
  for (let e = pop(); e !== undefined && e.t <= durationUs; e = pop()) {
    events++;
    if (e.kind === 0) {
      for (let to = 0; to < nodes; to++) {
        if (to === e.node) continue;
        const pipe = e.node * nodes + to;
        let arrival = e.t + 200 + Math.floor(rng() * 601);
        if (arrival < lastArrival[pipe]!) arrival = lastArrival[pipe]!;
        lastArrival[pipe] = arrival;
        push({ t: arrival, seq: seq++, kind: 1, node: to, from: e.node });
      }
      push({ t: e.t + periodUs, seq: seq++, kind: 0, node: e.node, from: -1 });
    } else {
      delivered++;
      lastHeard[e.node * nodes + e.from] = e.t;
    }
  }
  return { events, delivered };
}
