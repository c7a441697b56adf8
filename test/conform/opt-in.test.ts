// The tests against real Redis are opt-in (issue 17): without REDSIM_REAL_REDIS=1,
// `npm test` must start no redis-server, even where one is installed.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface VitestJson {
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

describe('real-Redis tests are opt-in', () => {
  it('without REDSIM_REAL_REDIS the conform tests against real Redis are all skipped', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'redsim-optin-')), 'result.json');
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
    delete env['REDSIM_REAL_REDIS'];
    spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/conform/real.test.ts', '--reporter=json', `--outputFile=${out}`], { encoding: 'utf8', env });
    const results = (JSON.parse(readFileSync(out, 'utf8')) as VitestJson).testResults.flatMap((f) => f.assertionResults);
    const ran = results.filter((t) => t.status !== 'skipped' && t.status !== 'pending');
    // Only the test that never starts a server (a scenario conform refuses) runs.
    expect(ran.map((t) => t.title)).toEqual(['a scenario with a clock jump: one line, exit 2']);
    expect(results.length).toBeGreaterThan(5);
  }, 60_000);
});
