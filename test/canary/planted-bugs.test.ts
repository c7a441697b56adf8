// The canary's bugs must keep applying to the current source: a refactor that
// moves a line they edit is caught here, in seconds, not only by `npm run canary`.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTED_BUGS } from '../../canary/bugs.js';
import { plant, StaleBugError } from '../../canary/planted-bug.js';

describe('planted bugs', () => {
  it('at least eight, across Sentinel, replication, persistence and clients, with distinct ids', () => {
    expect(PLANTED_BUGS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(PLANTED_BUGS.map((b) => b.area))).toEqual(new Set(['sentinel', 'replication', 'persistence', 'client']));
    expect(new Set(PLANTED_BUGS.map((b) => b.id)).size).toBe(PLANTED_BUGS.length);
  });

  it.each(PLANTED_BUGS.map((b) => [b.id, b] as const))('%s applies to the current source and changes it', (_id, bug) => {
    const copy = mkdtempSync(join(tmpdir(), 'redsim-plant-'));
    cpSync(join('src'), join(copy, 'src'), { recursive: true });
    const before = readFileSync(join(copy, bug.file), 'utf8');
    plant(bug, copy);
    const after = readFileSync(join(copy, bug.file), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(bug.replace);
  });

  it('a bug whose text is gone, or occurs twice, is refused, never planted silently', () => {
    const copy = mkdtempSync(join(tmpdir(), 'redsim-plant-'));
    writeFileSync(join(copy, 'x.ts'), 'a = 1;\nb = 2;\nb = 2;\n');
    const bug = { id: 'x', area: 'client', what: 'x', file: 'x.ts', replace: 'c' } as const;
    expect(() => plant({ ...bug, find: 'z = 3;' }, copy)).toThrow(StaleBugError);
    expect(() => plant({ ...bug, find: 'b = 2;' }, copy)).toThrow(/more than once/);
    expect(readFileSync(join(copy, 'x.ts'), 'utf8')).toBe('a = 1;\nb = 2;\nb = 2;\n');
  });
});
