import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function redsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redsim CLI', () => {
  it('demo prints a timeline, the trace hash and the replay command', () => {
    const r = redsim('demo', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/partition n1 \| n2,n3,n4,n5/);
    expect(r.stdout).toMatch(/crashed \(kill -9\)/);
    expect(r.stdout).toMatch(/replay: redsim demo --seed 3/);
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
