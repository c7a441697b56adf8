// Reading a YAML document field by field, so every error can say where it is:
// `scenarios/x.yaml:14:5 sentinel.monitor.quorum: expected a positive integer, got "two"`.
// Values in Redis's own units: durations (`250ms`, `5s`, `2m`, `1h`, `40us`),
// sizes (`1mb`, `512kb`), rates (`10/s`).

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly path: string,
    readonly problem: string,
  ) {
    super(oneLine(`${file}:${line}:${column} ${path === '' ? '' : `${path}: `}${problem}`));
  }
}

/** Errors are one line a person can read: control characters escaped, a runaway value cut. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return escaped.length > 400 ? `${escaped.slice(0, 397)}...` : escaped;
}

interface Source {
  readonly file: string;
  readonly lines: LineCounter;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest known name, if it is close enough to be a likely typo. */
export function didYouMean(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  // `minimum` for `min`, `down-after` for `down-after-milliseconds`: a prefix is a strong hint.
  const prefixed = known.find((k) => k.length >= 3 && lower.length >= 3 && (lower.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(lower)));
  if (prefixed !== undefined) return prefixed;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

const DURATION_UNITS_US: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const SIZE_UNITS_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, k: 1e3, m: 1e6, g: 1e9 };

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > 60 ? `${quoted.slice(0, 50)}..." (${value.length.toLocaleString('en-US')} characters)` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return `binary data (${value.length} bytes)`;
  if (value instanceof Date) return `a date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  return `a value of type ${typeof value}`;
}

/** One field of the document (possibly missing), with its path and position. */
export class Field {
  private constructor(
    private readonly source: Source,
    readonly node: Node | null,
    readonly path: string,
    /** Where to point when the field is missing: its parent. */
    private readonly anchor: Node | null,
  ) {}

  static root(file: string, text: string): { root: Field; document: Document } {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = { file, lines };
    const firstError = document.errors[0];
    if (firstError !== undefined) {
      const { line, col } = lines.linePos(firstError.pos[0]);
      const message = firstError.message.split('\n')[0]!;
      // The parser's own recursion gives out on very deep nesting: say what that means here.
      throw new ScenarioError(file, line, col, '', `not valid YAML: ${/call stack/i.test(message) ? 'nested too deeply' : message}`);
    }
    return { root: new Field(source, document.contents as Node | null, '', null), document };
  }

  get missing(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null);
  }

  /** A single value (a word, a number), not a map or a list. */
  get isScalar(): boolean {
    return this.node !== null && isScalar(this.node);
  }

  private position(): { line: number; col: number } {
    const node = this.node ?? this.anchor;
    const offset = node?.range?.[0] ?? 0;
    return this.source.lines.linePos(offset);
  }

  error(problem: string): ScenarioError {
    const { line, col } = this.position();
    return new ScenarioError(this.source.file, line, col, this.path, problem);
  }

  private scalar(): unknown {
    if (this.node === null) return null;
    if (isScalar(this.node)) return this.node.value;
    if (isMap(this.node)) return '(a map)';
    if (isSeq(this.node)) return '(a list)';
    return '(something else)';
  }

  private child(node: Node | null, key: string | number): Field {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path === '' ? key : `${this.path}.${key}`;
    return new Field(this.source, node, path, this.node ?? this.anchor);
  }

  // ---- structure ------------------------------------------------------------------

  /** The keys of a map, in order; unknown keys are errors (with "did you mean"). */
  map(allowed?: readonly string[], what = 'name'): Map<string, Field> {
    if (this.missing) return new Map();
    if (!isMap(this.node)) throw this.error(`expected a map, got ${show(this.scalar())}`);
    const out = new Map<string, Field>();
    for (const pair of this.node.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '?';
      if (allowed !== undefined && !allowed.includes(key)) {
        const keyField = new Field(this.source, keyNode, this.path === '' ? key : `${this.path}.${key}`, this.node);
        const guess = didYouMean(key, allowed);
        throw keyField.error(`unknown ${what}${guess ? `; did you mean "${guess}"?` : ''} (expected one of: ${allowed.join(', ')})`);
      }
      out.set(key, this.child(pair.value as Node | null, key));
    }
    return out;
  }

  get(map: Map<string, Field>, key: string): Field {
    return map.get(key) ?? this.child(null, key);
  }

  list(): Field[] {
    if (this.missing) return [];
    if (!isSeq(this.node)) throw this.error(`expected a list, got ${show(this.scalar())}`);
    return this.node.items.map((item, i) => this.child(item as Node, i));
  }

  isList(): boolean {
    return this.node !== null && isSeq(this.node);
  }

  isMap(): boolean {
    return this.node !== null && isMap(this.node);
  }

  // ---- values --------------------------------------------------------------------------

  required(): this {
    if (this.missing) throw this.error('required');
    return this;
  }

  string(): string {
    const v = this.scalar();
    if (typeof v !== 'string' || v === '') throw this.error(`expected a name or text, got ${show(v)}`);
    return v;
  }

  /** A redis.conf / sentinel.conf value: strings and numbers as written. */
  configValue(): string {
    const v = this.scalar();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return v === '' ? '""' : v;
    throw this.error(`expected a value, got ${show(v)}`);
  }

  bool(): boolean {
    const v = this.scalar();
    if (typeof v !== 'boolean') throw this.error(`expected true or false, got ${show(v)}`);
    return v;
  }

  integer(min = -Infinity): number {
    const v = this.scalar();
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw this.error(`expected ${min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : 'an integer'}, got ${show(v)}`);
    }
    return v;
  }

  number(): number {
    const v = this.scalar();
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`expected a number, got ${show(v)}`);
    return v;
  }

  /** `250ms`, `5s`, `2m`, `1h`, `40us` (or 0) → µs. */
  durationUs(): number {
    const v = this.scalar();
    if (v === 0) return 0;
    const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)$/.exec(v.trim()) : null;
    if (m === null) throw this.error(`expected a duration such as 250ms, 5s, 2m or 1h, got ${show(v)}`);
    return Math.round(Number(m[1]) * DURATION_UNITS_US[m[2]!]!);
  }

  /** `1mb`, `512kb`, `1gb`, or a plain number of bytes. */
  sizeBytes(): number {
    const v = this.scalar();
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|k|m|g)$/i.exec(v.trim()) : null;
    if (m === null) throw this.error(`expected a size such as 512kb or 1mb, got ${show(v)}`);
    return Math.round(Number(m[1]) * SIZE_UNITS_BYTES[m[2]!.toLowerCase()]!);
  }

  /** `10/s` → 10 per second. */
  ratePerSec(): number {
    const v = this.scalar();
    const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\s*\/\s*s$/.exec(v.trim()) : null;
    if (m === null || Number(m[1]) <= 0) throw this.error(`expected a rate such as 10/s, got ${show(v)}`);
    return Number(m[1]);
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const v = this.scalar();
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
      const guess = typeof v === 'string' ? didYouMean(v, choices) : null;
      throw this.error(`expected one of ${choices.join(', ')}, got ${show(v)}${guess ? `; did you mean "${guess}"?` : ''}`);
    }
    return v as T;
  }

  /** A list of names, or a single name. */
  names(): string[] {
    if (this.isList()) return this.list().map((f) => f.string());
    return [this.string()];
  }
}
