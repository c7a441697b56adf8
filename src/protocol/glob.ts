// Glob matching with the semantics of Redis's util.c stringmatchlen (KEYS,
// CONFIG GET, PSUBSCRIBE): `*`, `?`, `[abc]`, `[^a]`, `[a-z]` (reversed ranges
// allowed), `\x` escapes, an unterminated `[` class tolerated, and matching on
// UTF-8 bytes (so `?` is one byte, not one character).

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CARET = 0x5e;
const BACKSLASH = 0x5c;
const DASH = 0x2d;

/** Redis gives up (no match) beyond this recursion depth, against abusive patterns. */
const MAX_NESTING = 1000;

const textEncoder = new TextEncoder();

function toBytes(s: string): Uint8Array {
  const n = s.length;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return textEncoder.encode(s);
    bytes[i] = c;
  }
  return bytes;
}

/** C `char` is signed on the platforms Redis ships for; it matters for ranges over bytes >= 0x80. */
function signedByte(b: number): number {
  return b >= 0x80 ? b - 0x100 : b;
}

/** C-locale tolower. */
function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

interface MatchState {
  /** Set once a '*' has failed at every position; earlier '*'s need not try longer spans. */
  skipLongerMatches: boolean;
}

// Note stringmatchlen("*", "") is false: the loop never runs on an empty
// subject. KEYS lists an empty key only through its separate all-keys shortcut.
export function globMatch(pattern: string, subject: string, noCase = false): boolean {
  if (pattern === '*') return subject.length > 0;
  return matchFrom(toBytes(pattern), 0, toBytes(subject), 0, noCase, { skipLongerMatches: false }, 0);
}

/** A reusable matcher: the pattern is encoded once (KEYS over many keys). */
export function compileGlob(pattern: string, noCase = false): (subject: string) => boolean {
  if (pattern === '*') return (subject) => subject.length > 0;
  const patternBytes = toBytes(pattern);
  return (subject) => matchFrom(patternBytes, 0, toBytes(subject), 0, noCase, { skipLongerMatches: false }, 0);
}

// Pattern and subject are always suffixes of their arrays, so an index is all
// the state a position needs.
function matchFrom(
  p: Uint8Array,
  pi: number,
  s: Uint8Array,
  si: number,
  noCase: boolean,
  state: MatchState,
  nesting: number,
): boolean {
  if (nesting > MAX_NESTING) return false;
  const pn = p.length;
  const sn = s.length;
  while (pi < pn && si < sn) {
    const c = p[pi]!;
    if (c === STAR) {
      while (pi + 1 < pn && p[pi + 1] === STAR) pi++;
      if (pi + 1 === pn) return true;
      while (si < sn) {
        if (matchFrom(p, pi + 1, s, si, noCase, state, nesting + 1)) return true;
        if (state.skipLongerMatches) return false;
        si++;
      }
      state.skipLongerMatches = true;
      return false;
    } else if (c === QUESTION) {
      si++;
    } else if (c === OPEN_BRACKET) {
      pi++;
      const negated = p[pi] === CARET;
      if (negated) pi++;
      const sc = s[si]!;
      let matched = false;
      for (;;) {
        if (p[pi] === BACKSLASH && pn - pi >= 2) {
          pi++;
          if (p[pi] === sc) matched = true;
        } else if (p[pi] === CLOSE_BRACKET) {
          break;
        } else if (pi >= pn) {
          // Unterminated class: step back so the shared advance below ends the pattern.
          pi--;
          break;
        } else if (pn - pi >= 3 && p[pi + 1] === DASH) {
          let start = signedByte(p[pi]!);
          let end = signedByte(p[pi + 2]!);
          let ch = signedByte(sc);
          if (start > end) [start, end] = [end, start];
          if (noCase) {
            start = lower(start);
            end = lower(end);
            ch = lower(ch);
          }
          pi += 2;
          if (ch >= start && ch <= end) matched = true;
        } else if (noCase ? lower(p[pi]!) === lower(sc) : p[pi] === sc) {
          matched = true;
        }
        pi++;
      }
      if (negated) matched = !matched;
      if (!matched) return false;
      si++;
    } else {
      if (c === BACKSLASH && pn - pi >= 2) pi++;
      const pc = p[pi]!;
      const sc = s[si]!;
      if (noCase ? lower(pc) !== lower(sc) : pc !== sc) return false;
      si++;
    }
    pi++;
    if (si === sn) {
      while (p[pi] === STAR) pi++;
      break;
    }
  }
  return pi === pn && si === sn;
}
