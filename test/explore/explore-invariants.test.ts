// explore's summary has a row per invariant (issue 18), apart from the
// scenario's own expectations, with how many seeds broke each.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../src/check/invariants/index.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

describe("explore's invariant rows", () => {
  it('every invariant has its row, with 0 seeds on a clean build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redsim-explore-inv-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'explore', 'scenarios/explore-failover.yaml', '--seeds', '6', '--swarm', '--jobs', '2', '--failures-dir', dir], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}invariant {35} seeds violated$/m);
    for (const { title } of INVARIANTS) expect(r.stdout).toMatch(new RegExp(`^  ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +0$`, 'm'));
    expect(INVARIANTS).toHaveLength(8);
  }, 60_000);
});
