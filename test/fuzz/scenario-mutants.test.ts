// Mutated copies of every library scenario through `redsim run --json
// --no-report`: exit 0, 1 or 2 only, never a stack trace, each rejection one
// line naming the file, bounded time and memory. `npm test` runs a batch of
// 200; `npm run fuzz` runs 10,000 (FUZZ_MUTANTS, FUZZ_SEED to choose).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz } from './harness.js';

const COUNT = Number(process.env['FUZZ_MUTANTS'] ?? 200);
const SEED = Number(process.env['FUZZ_SEED'] ?? 1);
const TIMEOUT_MS = 30_000;
const MEMORY_MB = 1024;

describe('scenario mutants', () => {
  it(`${COUNT} mutants (seed ${SEED}): exit 0/1/2 only, no stack trace, one-line rejections naming the file, within ${TIMEOUT_MS / 1000} s and ${MEMORY_MB} MB`, async () => {
    const sources = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join('scenarios', f), 'utf8') }));
    const dir = mkdtempSync(join(tmpdir(), 'redsim-fuzz-'));
    const started = performance.now();
    let done = 0;
    const outcomes = await fuzz({
      seed: SEED,
      count: COUNT,
      sources,
      dir,
      jobs: 2,
      timeoutMs: TIMEOUT_MS,
      memoryMb: MEMORY_MB,
      onOutcome: () => {
        done++;
        if (COUNT >= 1000 && done % 500 === 0) console.log(`fuzz: ${done}/${COUNT} mutants, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      },
    });
    const wallS = (performance.now() - started) / 1000;
    const byCode = new Map<string, number>();
    for (const o of outcomes) byCode.set(String(o.code), (byCode.get(String(o.code)) ?? 0) + 1);
    const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const failing = outcomes.filter((o) => o.problems.length > 0);
    console.log(
      `fuzz: ${outcomes.length} mutants in ${wallS.toFixed(1)} s · rejected (exit 2) ${byCode.get('2') ?? 0} · ran, passed ${byCode.get('0') ?? 0} · ran, expectations unmet ${byCode.get('1') ?? 0} · ` +
        `problems ${failing.length} · slowest ${(ms[ms.length - 1]! / 1000).toFixed(1)} s, p99 ${(ms[Math.floor(ms.length * 0.99)]! / 1000).toFixed(1)} s`,
    );
    if (failing.length > 0) {
      // Keep the failing mutants where a person can open them.
      const keep = join('reports', 'fuzz-failures');
      mkdirSync(keep, { recursive: true });
      for (const o of failing) copyFileSync(o.path, join(keep, `seed${SEED}-mutant-${o.id}.yaml`));
      console.log(failing.slice(0, 20).map((o) => `mutant ${o.id} (${o.source}: ${o.operator}) -> reports/fuzz-failures/seed${SEED}-mutant-${o.id}.yaml: ${o.problems.join('; ')}${o.stderr ? ` | ${o.stderr.trim().split('\n')[0]!.slice(0, 200)}` : ''}`).join('\n'));
    }
    rmSync(dir, { recursive: true, force: true });
    expect(failing.map((o) => `mutant ${o.id} (${o.source}: ${o.operator}): ${o.problems.join('; ')}`)).toEqual([]);
    expect(byCode.get('2') ?? 0).toBeGreaterThan(0);
    expect((byCode.get('0') ?? 0) + (byCode.get('1') ?? 0)).toBeGreaterThan(0);
  }, Math.max(120_000, COUNT * 2_000));
});
