// Scenario mutants, as a careless user (or a broken editor) makes them:
// deleted, duplicated and re-indented lines, swapped values, type changes,
// extreme numbers, odd names, YAML tags, anchors and alias bombs, deep
// nesting, huge strings, binary bytes, truncation, empty files. Deterministic:
// the same seed gives the same mutants, so a failure names its mutant.

import seedrandom from 'seedrandom';

export interface Source {
  readonly name: string;
  readonly text: string;
}

export interface Mutant {
  readonly id: number;
  readonly source: string;
  readonly operator: string;
  readonly bytes: Buffer;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const EXTREME_NUMBERS = ['0', '-1', '-0', '1e308', '-1e308', '1e-300', '9007199254740993', '99999999999999999999999', '.nan', '.inf', '-.inf', '0x7fffffff', '1_000', '2147483648', '0.0000001'];
const ODD_NAMES = ['constructor', '__proto__', 'toString', 'prototype', 'a b', "q'x", 'q"x', 'emoji😀', 'x'.repeat(300), '', '-', '1', 'operator', 'net', 'm1 6379', 'a\\nb', 'null', 'true'];
const ODD_VALUES = ['[1, 2]', '{ a: 1 }', 'null', '~', 'true', 'false', '""', "''", '"abc"', 'abc', '[]', '{}', '- x', '|', '>', '*', '&', '!', '%', '@', '`x`', '5xs', '-5s', '5', '5s', '999999h', '1us', '0s', '1/s', '0/s', '1000000/s', '1mb', '-1mb', '1e9gb'];
const TAGS = ['!!binary ', '!!str ', '!!float ', '!!int ', '!!map ', '!!seq ', '!custom ', '!!timestamp ', '!!null ', '!!bool '];

/** Lines with `key: value` (the value not a block start). */
function valueLines(lines: readonly string[]): number[] {
  return lines.flatMap((l, i) => (/^\s*-?\s*[\w.-]+:\s*\S/.test(l) ? [i] : []));
}

/** Names the scenario declares (node, client and box names): the keys under redis.nodes, clients, hosts. */
function declaredNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(m\d|r\d|s\d|c\d|box\d|n\d)\b/g)) names.add(m[1]!);
  return [...names];
}

/** Rewrite one random `key: value` line (or return `ifNone` when there is none). */
function editValueLine(t: string, rng: Rng, edit: (line: string) => string, ifNone: string = t): string {
  const lines = t.split('\n');
  const candidates = valueLines(lines);
  if (candidates.length === 0) return ifNone;
  const i = pick(rng, candidates);
  lines[i] = edit(lines[i]!);
  return lines.join('\n');
}

/** Rewrite two random `key: value` lines together (unchanged when there are fewer than two). */
function editTwoValueLines(t: string, rng: Rng, edit: (a: string, b: string) => [string, string]): string {
  const lines = t.split('\n');
  const candidates = valueLines(lines);
  if (candidates.length < 2) return t;
  const a = pick(rng, candidates);
  const b = pick(rng, candidates);
  [lines[a], lines[b]] = edit(lines[a]!, lines[b]!);
  return lines.join('\n');
}

/** The line with its value replaced. */
const withValue = (line: string, value: string) => line.replace(/(:\s*)(.*)$/, (_, sep: string) => `${sep}${value}`);

const OPERATORS: Record<string, (text: string, rng: Rng) => string | Buffer> = {
  'delete line': (t, rng) => {
    const lines = t.split('\n');
    lines.splice(Math.floor(rng() * lines.length), 1 + Math.floor(rng() * 3));
    return lines.join('\n');
  },
  'duplicate line': (t, rng) => {
    const lines = t.split('\n');
    const i = Math.floor(rng() * lines.length);
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  },
  'reindent line': (t, rng) => {
    const lines = t.split('\n');
    const i = Math.floor(rng() * lines.length);
    lines[i] = rng() < 0.5 ? lines[i]!.replace(/^\s+/, '') : ' '.repeat(1 + Math.floor(rng() * 5)) + lines[i]!;
    return lines.join('\n');
  },
  'swap values': (t, rng) =>
    editTwoValueLines(t, rng, (a, b) => {
      const va = a.split(/:\s*/).slice(1).join(': ');
      const vb = b.split(/:\s*/).slice(1).join(': ');
      return [a.replace(va, vb), b.replace(vb, va)];
    }),
  'change a value': (t, rng) => editValueLine(t, rng, (line) => withValue(line, pick(rng, ODD_VALUES))),
  'extreme number': (t, rng) => {
    const numbers = [...t.matchAll(/(?<![\w.])\d+(\.\d+)?(?=[a-z/]*\b)/g)];
    if (numbers.length === 0) return t;
    const m = pick(rng, numbers);
    return t.slice(0, m.index) + pick(rng, EXTREME_NUMBERS) + t.slice(m.index! + m[0].length);
  },
  'odd name': (t, rng) => {
    const names = declaredNames(t);
    if (names.length === 0) return t;
    const from = pick(rng, names);
    const to = pick(rng, ODD_NAMES);
    const quoted = /^[\w-]+$/.test(to) ? to : JSON.stringify(to);
    return t.replace(new RegExp(`\\b${from}\\b`, rng() < 0.5 ? 'g' : ''), quoted);
  },
  'yaml tag': (t, rng) => editValueLine(t, rng, (line) => line.replace(/(:\s*)/, `$1${pick(rng, TAGS)}`)),
  'alias bomb': (t) => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    return `${t}\nbomb:\n${rows.map((r) => `  ${r}`).join('\n')}\n`;
  },
  'anchor reuse': (t, rng) => editTwoValueLines(t, rng, (a, b) => [a.replace(/(:\s*)/, '$1&anchor '), b.replace(/(:\s*)(.*)$/, '$1*anchor')]),
  'deep nesting': (t, rng) => {
    const depth = pick(rng, [100, 1_000, 10_000, 50_000]);
    const nested = rng() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    return editValueLine(t, rng, (line) => withValue(line, nested), `${t}\nnested: ${nested}\n`);
  },
  'huge string': (t, rng) => editValueLine(t, rng, (line) => withValue(line, 'x'.repeat(pick(rng, [10_000, 1_000_000, 5_000_000])))),
  'binary bytes': (t, rng) => {
    const bytes = Buffer.from(t, 'utf8');
    const at = Math.floor(rng() * bytes.length);
    const noise = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256)));
    return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
  },
  truncate: (t, rng) => t.slice(0, Math.floor(rng() * t.length)),
  'empty file': (_t, rng) => pick(rng, ['', '\n', '   \n\t\n', '# only a comment\n', '---\n', '...\n', '~\n', '[]\n', '{}\n', '"just a string"\n', '42\n', '\uFEFF']),
  'duration units': (t, rng) => {
    const durations = [...t.matchAll(/\b(\d+)(ms|s|m|h)\b/g)];
    if (durations.length === 0) return t;
    const m = pick(rng, durations);
    return t.slice(0, m.index) + pick(rng, ['', 'x', '-', '0', '99999999'] as const).replace(/^$/, m[1]!) + pick(rng, ['', 'us', 'ms', 's', 'm', 'h', 'd', 'S', ' s']) + t.slice(m.index! + m[0].length);
  },
};

/** `count` mutants from seed `seed`, one or more operators each, over the sources in turn. */
export function* mutants(seed: number, count: number, sources: readonly Source[]): Generator<Mutant> {
  const rng = seedrandom(`redsim-fuzz-${seed}`);
  const names = Object.keys(OPERATORS);
  for (let id = 0; id < count; id++) {
    const source = sources[id % sources.length]!;
    let current: string | Buffer = source.text;
    const applied: string[] = [];
    const rounds = rng() < 0.7 ? 1 : 2 + Math.floor(rng() * 3);
    for (let r = 0; r < rounds; r++) {
      const name = pick(rng, names);
      const text: string = typeof current === 'string' ? current : current.toString('latin1');
      current = OPERATORS[name]!(text, rng);
      applied.push(name);
    }
    yield { id, source: source.name, operator: applied.join(' + '), bytes: typeof current === 'string' ? Buffer.from(current, 'utf8') : current };
  }
}
