// What stands between a careless input and a stack trace or a runaway run:
// the long-run bound (--allow-long), Ctrl-C with a partial story, the
// last-resort guard for our own bugs (one line, exit 70, the stack in a file),
// and the sliced run that makes them possible giving the same trace.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate, simulateInSlices } from '../../src/scenario/simulate.js';

const main = join(process.cwd(), 'src/cli/main.ts');
// Resolved here, so the CLI can run from another working directory.
const tsx = import.meta.resolve('tsx');
const cli = (args: string[], env: Record<string, string> = {}, cwd = process.cwd()) =>
  spawnSync(process.execPath, ['--import', tsx, main, ...args], { encoding: 'utf8', cwd, env: { ...process.env, FORCE_COLOR: '0', ...env } });

describe('run guards', () => {
  it('a run in slices (what redsim run does, for progress and Ctrl-C) has the same trace as one in one go', async () => {
    for (const f of ['three-boxes-partition', 'explore-failover', 'persistence-off-restart']) {
      const s = loadScenario(`scenarios/${f}.yaml`);
      const whole = simulate(s, { seed: 3 }).result.traceHash;
      const { run, stoppedAtUs } = await simulateInSlices(s, { seed: 3 }, () => false);
      expect(stoppedAtUs).toBeNull();
      expect(run.result.traceHash, f).toBe(whole);
    }
  }, 60_000);

  it('a run projected past the bound stops with the estimate in one line, exit 2, unless --allow-long', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redsim-long-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(file, readFileSync('scenarios/serve-sentinel.yaml', 'utf8').replace(/^duration: 1h$/m, 'duration: 300h'));
    const started = Date.now();
    const r = cli(['run', file, '--no-report']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^redsim: \S+long\.yaml would take about [\d.]+ (min|h) to simulate \(300\.0 h of simulated time, at .* per simulated hour\), over the 120 s bound: run it with --allow-long, or shorten its duration$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(15_000);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('Ctrl-C stops a run cleanly: the partial story, then exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redsim-int-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(file, readFileSync('scenarios/three-boxes-partition.yaml', 'utf8').replace(/^duration: 120s$/m, 'duration: 24h').replace(/\nsweep:[\s\S]*?\n\n/, '\n'));
    const child = spawn(process.execPath, ['--import', tsx, main, 'run', file, '--no-report', '--allow-long'], { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 4_000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stdout).toMatch(/redsim · three-boxes-partition · seed 1/);
    expect(stdout).toMatch(/Checkers\n/);
    expect(stderr).toMatch(/redsim: interrupted at t=\d+\.\ds of 86400s: the story above is of the partial run/);
    expect(stderr).not.toMatch(/\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('a bug of ours is one line naming the command, the stack in a file, exit 70', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redsim-bug-'));
    const r = cli(['run', '--no-report'], { REDSIM_INJECT_INTERNAL_ERROR: '1' }, dir);
    expect(r.status).toBe(70);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const m = /^redsim: internal error: TypeError: Cannot read properties of undefined \(reading 'injected'\)\. Please report it with the scenario file and this command: redsim run --no-report; the stack is in (\S+)$/.exec(r.stderr.trim());
    expect(m).not.toBeNull();
    const stackFile = join(dir, m![1]!);
    expect(existsSync(stackFile)).toBe(true);
    expect(readFileSync(stackFile, 'utf8')).toMatch(/^redsim run --no-report\n\nTypeError: .*\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  });
});
