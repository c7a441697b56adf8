// The README is read in a clone: everything it points at must be in the repo.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

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

describe("README's redsim commands", () => {
  const readme = readFileSync('README.md', 'utf8');
  const commands = new Set<string>();
  for (const m of readme.matchAll(/`(npx redsim [^`]+)`/g)) commands.add(m[1]!);
  for (const m of readme.matchAll(/^\s*\$ (npx redsim .*?)(\s{2,}#.*)?$/gm)) commands.add(m[1]!);
  const program = buildProgram();

  it('are written as they run from a clone or a user project: npx redsim, never a bare redsim', () => {
    // Headings name the command (`## \`redsim run\``); everything else is something to type.
    const body = readme.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    const bare = [...body.matchAll(/(^\s*\$ |`)redsim (run|explore|replay|shrink|sweep|serve|ctl|conform|demo|scenarios)\b/gm)].map((m) => m[0]);
    expect(bare).toEqual([]);
    expect(commands.size).toBeGreaterThan(20);
  });

  it('name real subcommands, real options of them, and bundled files that exist', () => {
    const problems: string[] = [];
    for (const command of commands) {
      const words = command.split(/\s+/).slice(2);
      const name = words[0]!;
      if (name === '...' || name === '…' || name.startsWith('-')) continue;
      const sub = program.commands.find((c) => c.name() === name);
      if (sub === undefined) {
        problems.push(`${command}: no subcommand ${name}`);
        continue;
      }
      const known = new Set(sub.options.flatMap((o) => [o.long, o.short, o.negate ? o.long : null]).filter((f): f is string => typeof f === 'string'));
      for (const w of words.slice(1)) {
        const flag = /^\[?(--[a-z-]+)/.exec(w)?.[1];
        if (flag !== undefined && !known.has(flag)) problems.push(`${command}: ${name} has no option ${flag}`);
        const file = /^(scenarios\/[\w.-]+\.yaml|test\/fixtures\/[\w./-]+)$/.exec(w)?.[1];
        if (file !== undefined && !existsSync(file)) problems.push(`${command}: no file ${file}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
