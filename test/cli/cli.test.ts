import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function redsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redsim CLI', () => {
  it('--version and -V print the package version and the Redis version modelled, exit 0', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = redsim(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`redsim ${pkg.version} (models Redis 7.0.15)\n`);
    }
  });

  it('demo prints a timeline, the trace hash and the replay command', () => {
    const r = redsim('demo', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/partition n1 \| n2,n3,n4,n5/);
    expect(r.stdout).toMatch(/crashed \(kill -9\)/);
    expect(r.stdout).toMatch(/replay: npx redsim demo --seed 3/);
    const hash = /trace hash ([0-9a-f]{16})/.exec(r.stdout)?.[1];
    expect(hash).toBeDefined();
    const json = JSON.parse(redsim('demo', '--seed', '3', '--json').stdout) as { traceHash: string; seed: number };
    expect(json.traceHash).toBe(hash);
    expect(json.seed).toBe(3);
  });

  it.each([
    [['demo', '--seed', 'two'], /^redsim: option '--seed <n>' argument 'two' is invalid\. expected a non-negative integer, got "two"$/],
    [['demo', '--duration', '5parsecs'], /^redsim: option '--duration <time>' argument '5parsecs' is invalid/],
    [['demo', '--bogus'], /^redsim: unknown option '--bogus'$/],
    [['frobnicate'], /^redsim: unknown command 'frobnicate'$/],
  ])('bad input %j gets one clear line and exit code 2', (args, message) => {
    const r = redsim(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('redsim run', () => {
  const tmp = () => fileURLToPath(new URL(`../../reports/test-${process.pid}-${Math.floor(performance.now())}`, import.meta.url));

  it('runs a scenario, tells the story, writes the report folder, exits 0 when expectations are met', () => {
    const dir = tmp();
    const r = redsim('run', 'scenarios/priority-zero-replica.yaml', '--report-dir', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Timeline/);
    expect(r.stdout).toMatch(/\+switch-master mymaster m1 6379 r3 6379/);
    expect(r.stdout).toMatch(/PASSED \(\d+\/\d+ expectations met\)/);
    expect(r.stdout).toMatch(/replay: npx redsim run scenarios\/priority-zero-replica\.yaml --seed 1/);
    for (const f of ['result.json', 'report.md', 'trace.jsonl', 'history.jsonl', 'index.html']) expect(existsSync(`${dir}/${f}`), f).toBe(true);
    const result = JSON.parse(readFileSync(`${dir}/result.json`, 'utf8')) as { passed: boolean; traceHash: string };
    expect(result.passed).toBe(true);
    expect(r.stdout).toContain(result.traceHash);
    rmSync(dir, { recursive: true });
  });

  it('--json prints the result object; --seed overrides the seed', () => {
    const r = redsim('run', 'scenarios/priority-zero-replica.yaml', '--json', '--no-report', '--seed', '5');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['scenario', 'seed', 'traceHash', 'replay', 'passed', 'expectations', 'checkers', 'final', 'failovers', 'stats']) expect(result).toHaveProperty(key);
    expect(result['seed']).toBe(5);
  });

  it('--log prints the merged node logs in redis-server / redis-sentinel format', () => {
    const r = redsim('run', 'scenarios/priority-zero-replica.yaml', '--log', '--no-report');
    expect(r.stdout).toMatch(/^s\d\s+\d+:X 01 Jan 2026 00:00:\d\d\.\d{3} # \+switch-master mymaster m1 6379 r3 6379$/m);
    expect(r.stdout).toMatch(/^r3\s+\d+:M .* \* MASTER MODE enabled/m);
  });

  it('exits 1 when an expectation is not met', () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/wrong.yaml`;
    writeFileSync(file, readFileSync('scenarios/priority-zero-replica.yaml', 'utf8').replace('master: r3', 'master: r2'));
    const r = redsim('run', file, '--no-report');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ final master r2 \(final master r3\)/);
    expect(r.stdout).toMatch(/FAILED/);
    rmSync(dir, { recursive: true });
  });

  it('a bad scenario or a missing file: one line with file, line, column and field; exit 2', () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/bad.yaml`;
    writeFileSync(file, readFileSync('scenarios/priority-zero-replica.yaml', 'utf8').replace('quorum: 2', 'quorum: two'));
    const bad = redsim('run', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(new RegExp(`^redsim: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+ sentinel\\.monitor\\.quorum: expected a positive integer, got "two"$`));
    const missing = redsim('run', 'scenarios/nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('redsim: scenarios/nope.yaml:1:1 no such file (npx redsim scenarios lists the bundled ones)');
    rmSync(dir, { recursive: true });
  });
});
