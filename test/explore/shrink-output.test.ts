import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { causeOf, describeCause, explicitScenario, faultText, keepsCause, withoutClients, type Cause } from '../../src/explore/shrink.js';
import { EXPLORE_TRACE_KINDS } from '../../src/explore/outcome.js';
import { parseScenario, type Scenario } from '../../src/scenario/scenario.js';
import { formatDuration } from '../../src/scenario/write.js';
import { simulate } from '../../src/scenario/simulate.js';

// What `redsim shrink` writes (issue 17): the exit codes, durations a person
// reads (`6s`, not `6003821us`), a description of the shrunk file itself
// (not the original's), and no client left that the failure does not need.

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function redsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A one-fault scenario whose fault says `for: <text>`: what the parser makes of a written duration. */
function parsedFor(text: string): number | null {
  const s = parseScenario('d.yaml', `name: d\nduration: 10s\nredis:\n  nodes:\n    m1: {}\nclients:\n  c1: { discovery: fixed, address: m1 }\nworkload: { type: set-add, rate: 1/s }\nfaults:\n  - { at: 1s, pause: m1, for: ${text} }\n`);
  const f = s.faults[0]!;
  return 'forUs' in f ? f.forUs : null;
}

/** ... and of a written clock jump, which may be negative. */
function parsedJump(text: string): number {
  const s = parseScenario('j.yaml', `name: j\nduration: 10s\nredis:\n  nodes:\n    m1: {}\nclients:\n  c1: { discovery: fixed, address: m1 }\nworkload: { type: set-add, rate: 1/s }\nfaults:\n  - { at: 1s, clock: m1, jump: ${text} }\n`);
  const f = s.faults[0]!;
  return f.kind === 'clock-jump' ? f.jumpUs : NaN;
}

describe('formatDuration', () => {
  it('writes the largest unit that states the µs exactly', () => {
    expect(formatDuration(6_003_821)).toBe('6.003821s');
    expect(formatDuration(6_000_000)).toBe('6s');
    expect(formatDuration(1_500_000)).toBe('1.5s');
    expect(formatDuration(1_203_000)).toBe('1.203s');
    expect(formatDuration(120_000_000)).toBe('120s');
    expect(formatDuration(250_000)).toBe('250ms');
    expect(formatDuration(1_500)).toBe('1.5ms');
    expect(formatDuration(999_999)).toBe('999.999ms');
    expect(formatDuration(150)).toBe('150us');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-3_000_000)).toBe('-3s');
    expect(formatDuration(-2_500)).toBe('-2.5ms');
  });

  it('round-trips through the parser to the same µs, and says `us` only below a millisecond', () => {
    const year = 365 * 24 * 3_600_000_000;
    const values = fc.oneof(
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 0, max: 600_000_000 }),
      fc.integer({ min: 0, max: year }),
      fc.integer({ min: 0, max: 600 }).map((s) => s * 1_000_000),
      fc.integer({ min: 0, max: 6_000 }).map((t) => t * 100_000),
    );
    fc.assert(
      fc.property(values, (us) => {
        const text = formatDuration(us);
        expect(text).toMatch(/^\d+(\.\d+)?(s|ms|us)$/);
        if (us >= 1_000) expect(text).not.toMatch(/us$/);
        if (us >= 1_000_000) expect(text).toMatch(/\ds$/);
        expect(parsedFor(text)).toBe(us);
        if (us > 0 && us <= year) expect(parsedJump(`-${text}`)).toBe(-us);
        expect(formatDuration(-us)).toBe(us === 0 ? '0s' : `-${text}`);
      }),
      { numRuns: 1_000, seed: 17 },
    );
  });
});

// scenarios/explore-failover.yaml with lost writes not allowed, so that
// seeds fail. Its generated partitions name the clients (a client without a
// box is its own box), which kept every client in a shrunk file: dropping one
// left a partition naming it, which does not parse.
const STRICT = readFileSync('scenarios/explore-failover.yaml', 'utf8')
  .replace(/^name: explore-failover$/m, 'name: explore-failover-strict')
  .replace(/^ {4}convergence: \{ within: 30s \}$/m, '$&\n    lost-writes: { max: 0 }');

const failed = (s: Scenario) => {
  const run = simulate(s, { traceKeep: EXPLORE_TRACE_KINDS });
  return { violated: run.result.expectations.filter((e) => !e.met).map((e) => e.name), cause: causeOf(run) };
};

describe('redsim shrink on a real failing seed (explore-failover, lost writes not allowed, --swarm)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redsim-shrink-output-'));
  const file = join(dir, 'explore-failover-strict.yaml');
  writeFileSync(file, STRICT);
  const original = parseScenario(file, STRICT);
  const out = join(dir, 'shrunk.yaml');
  const pinnedOut = join(dir, 'shrunk-pinned.yaml');
  let seed = 0;
  let start: Scenario;
  let before: { violated: string[]; cause: Cause };
  let cli: ReturnType<typeof redsim>;
  let shrunk: Scenario;
  let text: string;
  let pinnedText: string;

  beforeAll(() => {
    // The bundled file, made strict: had the edits above missed, nothing here would mean anything.
    expect(original.name).toBe('explore-failover-strict');
    expect(original.expect.lostWrites).toEqual({ max: 0 });
    // Seed 24 loses writes behind a one-way partition that names clients, lasting
    // 6003821 µs. Should the model change, the first seed that still shows that.
    for (const candidate of [24, ...Array.from({ length: 60 }, (_, i) => i + 1)]) {
      const s = explicitScenario(original, candidate, true);
      const namesClient = s.faults.some((f) => f.kind === 'partition' && f.groups.flat().some((n) => n in s.clients));
      const oddFor = s.faults.some((f) => 'forUs' in f && f.forUs !== null && f.forUs % 100_000 !== 0);
      if (!namesClient || !oddFor) continue;
      const run = failed(s);
      if (!run.violated.includes('lost writes <= 0')) continue;
      [seed, start, before] = [candidate, s, run];
      break;
    }
    expect(seed, 'no seed of 1..60 fails with a partition naming clients and a `for` in µs').toBeGreaterThan(0);
    cli = redsim('shrink', file, '--seed', String(seed), '--swarm', '--max-runs', '60', '--out', out);
    text = readFileSync(out, 'utf8');
    pinnedText = readFileSync(pinnedOut, 'utf8');
    shrunk = parseScenario(out, text);
  }, 120_000);

  it('exits 0 after writing the shrunk file and its pinned twin', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/still violates: lost writes <= 0/);
    expect(cli.stdout).toContain(`wrote ${out}`);
    expect(existsSync(pinnedOut)).toBe(true);
  });

  it('writes no µs durations, and the faults have whole-second (or tenth) times', () => {
    // The start had one: written in µs by the old writer, as decimals now.
    expect(start.faults.some((f) => 'forUs' in f && f.forUs !== null && f.forUs % 1_000 !== 0)).toBe(true);
    for (const t of [text, pinnedText]) expect(t).not.toMatch(/\d+us\b/);
    for (const f of shrunk.faults) {
      expect(f.atUs % 100_000, faultText(f)).toBe(0);
      if ('forUs' in f && f.forUs !== null) expect(f.forUs % 100_000, faultText(f)).toBe(0);
    }
  });

  it('still fails the same way, for the same cause, when run', () => {
    const again = failed(shrunk);
    expect(again.violated).toEqual(before.violated);
    expect(keepsCause(before.cause, again.cause)).toBe(true);
  });

  it('describes the shrunk file (its origin, the faults left, the failure and its cause), not the original', () => {
    const cause = describeCause(failed(shrunk).cause);
    for (const [t, s] of [
      [text, shrunk],
      [pinnedText, parseScenario(pinnedOut, pinnedText)],
    ] as const) {
      expect(s.description).not.toMatch(/ORIGINAL-DESCRIPTION|five clients/);
      expect(s.description).toContain(`Seed ${seed} of ${file} (--swarm)`);
      for (const f of shrunk.faults) expect(s.description).toContain(faultText(f));
      expect(s.description).toContain('lost writes <= 0');
      expect(s.description).toContain(cause);
      expect(t).toMatch(/^# cause: /m);
    }
    expect(shrunk.description).toMatch(/Fails with: lost writes <= 0/);
    expect(parseScenario(pinnedOut, pinnedText).description).toMatch(/expectations are pinned/);
  });

  it('drops the clients the failure does not need, and names no dropped client anywhere', () => {
    expect(Object.keys(start.clients)).toHaveLength(5);
    const left = Object.keys(shrunk.clients);
    expect(left.length).toBeLessThan(5);
    for (const name of Object.keys(start.clients).filter((c) => !left.includes(c))) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
    // None of those left can go while keeping the failure and its cause.
    for (const name of left) {
      const without = withoutClients(shrunk, [name]);
      if (without === null) continue;
      const run = failed(without);
      expect(run.violated.includes('lost writes <= 0') && keepsCause(before.cause, run.cause), `client ${name} could go`).toBe(false);
    }
  });

  it('exits 1 on a seed that passes, says so in one line on stderr, and writes nothing', () => {
    const passing = Array.from({ length: 20 }, (_, i) => i + 1).find((s) => failed(explicitScenario(original, s, true)).violated.length === 0)!;
    const nothing = join(dir, 'nothing.yaml');
    const r = redsim('shrink', file, '--seed', String(passing), '--swarm', '--out', nothing);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`seed ${passing} of .* passes on this build: nothing to shrink`));
    expect(existsSync(nothing)).toBe(false);
  }, 30_000);

  it('exits 2 on bad input, and --help names the exit codes', () => {
    expect(redsim('shrink', join(dir, 'missing.yaml'), '--seed', '1').code).toBe(2);
    expect(redsim('shrink', file).code).toBe(2);
    const help = redsim('shrink', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 .*written\n {2}1 .*passes.*\n {2}2 .*bad input/);
  });
});
