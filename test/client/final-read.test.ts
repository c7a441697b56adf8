// The set-add final read is SCARD (to size the result) and then SSCAN pages of FINAL_READ_PAGE members: a
// set larger than one page is read whole, each member once, and judged as
// before (nothing acknowledged is missing).
import { describe, expect, it } from 'vitest';
import { FINAL_READ_PAGE } from '../../src/client/workloads.js';
import { parseScenario } from '../../src/scenario/scenario.js';
import { simulate } from '../../src/scenario/simulate.js';

describe('set-add final read', () => {
  it('reads a set of more than one page through SSCAN and finds every acknowledged write', () => {
    const scenario = parseScenario(
      'big-set.yaml',
      `name: big-set
duration: 140s
redis:
  nodes: { m1: {}, r2: { replicaof: m1 } }
sentinel:
  monitor: { name: mymaster, master: m1, quorum: 1 }
  nodes: [s1]
clients:
  c1: { discovery: sentinel }
  c2: { discovery: sentinel }
workload: { type: set-add, rate: 50/s, until: 130s }
`,
    );
    const pages: string[] = [];
    let scards = 0;
    const run = simulate(scenario, {
      messageTap: (from, _to, _sent, _arrived, payload) => {
        if (Array.isArray(payload) && payload[0] === 'SSCAN') pages.push(`${from}:${String(payload[2])}`);
        if (Array.isArray(payload) && payload[0] === 'SCARD') scards++;
      },
    });
    const lw = run.result.checkers.lostWrites;
    expect(lw.acked).toBeGreaterThan(FINAL_READ_PAGE);
    expect(lw.lost).toBe(0);
    expect(lw.valid).toBe(true);
    expect(pages.length).toBe(Math.ceil(lw.acked / FINAL_READ_PAGE));
    expect(scards).toBe(1);
    expect(pages[0]).toMatch(/:0$/);
    const final = run.history.find((o) => o.f === 'final-read' && o.type === 'ok');
    expect(Array.isArray(final?.value) && final.value.length).toBe(lw.acked);
  });
});
