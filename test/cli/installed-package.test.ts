// The README's commands and its library example, run as a user would: from a
// fresh project that installed redsim's packed tarball, not from this clone
// (issue 17: the example failed with `scenarios/... no such file` there).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The TypeScript block under a README heading. */
function exampleUnder(heading: string): string {
  const at = readme.indexOf(`## ${heading}`);
  expect(at, `README section "${heading}"`).toBeGreaterThanOrEqual(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(block).not.toBeNull();
  return block![1]!;
}

describe('redsim installed from its tarball into a fresh project', () => {
  let project = '';
  const npxRedsim = (...args: string[]) => {
    const r = spawnSync('npx', ['--no-install', 'redsim', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    // CI's `npm ci` builds dist/ (the prepare script); a checkout without it builds here.
    if (!existsSync(join(repo, 'dist/src/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
    project = mkdtempSync(join(tmpdir(), 'redsim-user-'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', project], { cwd: repo, stdio: 'ignore' });
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: project, stdio: 'ignore' });
    // The user's own test runner: ours, linked rather than installed again.
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(join(repo, 'node_modules/vitest'), join(project, 'node_modules/vitest'), 'dir');
  }, 180_000);

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  it('npx redsim --version and scenarios work, and a bundled scenario runs by its README path and by name', () => {
    expect(npxRedsim('--version').stdout).toMatch(/^redsim \d+\.\d+\.\d+ \(models Redis 7\.0\.15\)\n$/);
    const list = npxRedsim('scenarios');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/three-boxes-partition {2,}The Redis docs' "basic setup with three boxes"/);
    for (const target of ['scenarios/three-boxes-partition.yaml', 'three-boxes-partition']) {
      const r = npxRedsim('run', target, '--no-report');
      expect(r.stderr).not.toMatch(/no such file/);
      expect(r.stdout).toMatch(/redsim · three-boxes-partition · seed 1/);
      // The replay line names the scenario as typed, and is itself a command that runs here.
      expect(r.stdout).toContain(`npx redsim run ${target} --seed 1`);
    }
    const missing = npxRedsim('run', 'scenarios/three-boxes-partiton.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('redsim: scenarios/three-boxes-partiton.yaml:1:1 no such file (did you mean the bundled scenarios/three-boxes-partition.yaml?)');
  }, 120_000);

  it("the README's library example passes in the user's project", () => {
    writeFileSync(join(project, 'example.test.ts'), exampleUnder('Using redsim from your own tests'));
    const r = spawnSync(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', 'example.test.ts'], { cwd: project, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: 'true' } });
    expect(r.stdout + r.stderr).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  }, 120_000);

  it("the README's property-test example runs in the user's project (fast-check comes with redsim)", () => {
    // Plain JavaScript as written, so node runs it without a TypeScript loader.
    writeFileSync(join(project, 'property.mjs'), exampleUnder('Property tests'));
    const r = spawnSync(process.execPath, ['property.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
