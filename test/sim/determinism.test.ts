import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFaultyMesh } from '../../src/demo/heartbeat-mesh.js';

const RUN_US = 60_000_000;

function run(seed: number, keep: 'all' | 'none' = 'all') {
  const mesh = buildFaultyMesh(seed, keep);
  mesh.sim.runUntil(RUN_US);
  return { hash: mesh.sim.trace.hash(), count: mesh.sim.trace.count, events: mesh.sim.trace.events, mesh };
}

describe('determinism', () => {
  it('the same seed gives the same trace, event for event, in one process', () => {
    const a = run(7);
    const b = run(7);
    expect(b.hash).toBe(a.hash);
    expect(b.events).toEqual(a.events);
    // the run really exercised the faults
    const kinds = new Set(a.events.map((e) => `${e.kind}:${String(e['event'])}`));
    for (const k of ['process:crash', 'process:pause', 'process:resume', 'net:partition', 'clock:jump', 'mesh:+down', 'mesh:-down']) {
      expect(kinds).toContain(k);
    }
  });

  it('different seeds give different traces', () => {
    const hashes = new Set([1, 2, 3, 4, 5].map((seed) => run(seed, 'none').hash));
    expect(hashes.size).toBe(5);
  });

  it('dropping trace bodies does not change the hash', () => {
    expect(run(11, 'none').hash).toBe(run(11, 'all').hash);
  });

  it('the same seed gives the same hash in another OS process', () => {
    const script = fileURLToPath(new URL('../fixtures/print-mesh-hash.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', script, '7'], { encoding: 'utf8' }).trim();
    const here = run(7, 'none');
    expect(output).toBe(`${here.hash} ${here.count}`);
  });
});
