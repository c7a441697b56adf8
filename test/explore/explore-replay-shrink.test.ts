import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardSeeds } from '../../src/explore/campaign.js';
import type { FailureArtifact } from '../../src/explore/artifact.js';

// The whole loop a user runs, through the CLI: explore finds failing seeds
// and saves them; replay reruns one bit for bit (and names a determinism
// bug when the hash differs); shrink cuts it down to a scenario file.

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/scenarios/lost-writes-explore.yaml', import.meta.url));

function redsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ExploreJson {
  seeds: number;
  summary: { failed: number };
  failures: { seed: number; artifact: string }[];
}

describe('explore, replay, shrink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redsim-explore-'));
  let full: ExploreJson;
  beforeAll(() => {
    const r = redsim('explore', fixture, '--seeds', '8', '--jobs', '2', '--json', '--failures-dir', dir);
    expect(r.code, r.stderr).toBe(1);
    full = JSON.parse(r.stdout) as ExploreJson;
  }, 120_000);

  it('explore runs every seed on worker threads and saves each failing seed as an artifact', () => {
    expect(full.seeds).toBe(8);
    expect(full.summary.failed).toBeGreaterThan(0);
    expect(full.failures).toHaveLength(full.summary.failed);
    for (const f of full.failures) {
      const artifact = JSON.parse(readFileSync(f.artifact, 'utf8')) as FailureArtifact;
      expect(artifact).toMatchObject({ format: 'redsim-failure/1', seed: f.seed, scenario: 'lost-writes-explore' });
      expect(artifact.violated[0]!.name).toBe('lost writes <= 0');
      expect(artifact.derived.faults.length).toBeGreaterThan(0);
      expect(artifact.checkpoints.length).toBeGreaterThan(0);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(full.failures.length);
  });

  it('shards split the seeds without overlap, and together find the same failures', () => {
    const shards = [1, 2, 3].map((i) => shardSeeds(1, 10, { index: i, of: 3 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const found = [1, 2].flatMap((i) => {
      const r = redsim('explore', fixture, '--seeds', '8', '--jobs', '1', '--shard', `${i}/2`, '--json', '--failures-dir', join(dir, `shard${i}`));
      return (JSON.parse(r.stdout) as ExploreJson).failures.map((f) => f.seed);
    });
    expect(found.sort((a, b) => a - b)).toEqual(full.failures.map((f) => f.seed).sort((a, b) => a - b));
  }, 120_000);

  it('replay reruns a failing seed bit for bit and exits 1 (the expectation still fails)', () => {
    const r = redsim('replay', full.failures[0]!.artifact, '--no-report');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/replayed bit for bit: trace hash [0-9a-f]{16} matches the artifact/);
    expect(r.stdout).toMatch(/violated then: lost writes <= 0; violated now: lost writes <= 0/);
  });

  it('replay names a determinism bug, and where the runs diverged, when the hash differs', () => {
    const artifact = JSON.parse(readFileSync(full.failures[0]!.artifact, 'utf8')) as FailureArtifact;
    const checkpoints = [...artifact.checkpoints];
    checkpoints[3] = '0000000000000000';
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...artifact, traceHash: '0123456789abcdef', checkpoints }));
    const r = redsim('replay', tampered, '--no-report');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/DETERMINISM BUG: seed \d+ of .* gave trace hash [0-9a-f]{16}; the artifact says 0123456789abcdef/);
    expect(r.stdout).toMatch(/agree on the first 768 trace events and diverge within the next 256/);
  });

  it('replay of something that is not an artifact: one line, exit 2', () => {
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, '{"format":"something-else"}');
    const r = redsim('replay', bogus);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a redsim failure artifact/);
  });

  it('shrink writes a smaller schedule that fails the same way, and a pinned twin that passes', () => {
    const failure = full.failures[0]!;
    const before = (JSON.parse(readFileSync(failure.artifact, 'utf8')) as FailureArtifact).derived.faults.length;
    const out = join(dir, 'shrunk.yaml');
    const r = redsim('shrink', failure.artifact, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/still violates: lost writes <= 0/);
    const text = readFileSync(out, 'utf8');
    const faults = text.split('\n').filter((l) => /^ {2}- \{ at: /.test(l));
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.length).toBeLessThanOrEqual(before);
    expect(text).not.toMatch(/generate:/);
    const again = redsim('run', out, '--no-report');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/✗ lost writes <= 0/);
    const pinned = out.replace(/\.yaml$/, '-pinned.yaml');
    expect(existsSync(pinned)).toBe(true);
    expect(readFileSync(pinned, 'utf8')).toMatch(/lost-writes: \{ min: 1 \}/);
    expect(redsim('run', pinned, '--no-report').code).toBe(0);
  }, 120_000);

  it('shrink of a seed that passes says so, writes nothing and exits 1 (there was no failure to shrink)', () => {
    const passing = [1, 2, 3, 4, 5, 6, 7, 8].find((s) => !full.failures.some((f) => f.seed === s))!;
    const out = join(dir, 'nothing.yaml');
    const r = redsim('shrink', fixture, '--seed', String(passing), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/passes on this build: nothing to shrink/);
    expect(existsSync(out)).toBe(false);
  });
});
