// The README is read in a clone: everything it points at must be in the repo.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  it('names no file outside the repository', () => {
    expect(readme.match(/(^|[\s(`'"])\.\.\/[\w./-]+/gm) ?? []).toEqual([]);
  });
  it('every relative Markdown link points at a file that exists', () => {
    const targets = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !existsSync(t))).toEqual([]);
  });
});
