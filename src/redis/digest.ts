// A dataset's digest, in the spirit of DEBUG DIGEST: equal datasets give equal
// digests whatever order their keys (or a set's members) are stored or were
// written in. Each key's type, name, value and expiry are hashed on their own
// into two 32-bit lanes, and the keys' hashes are added lane by lane (addition
// commutes, so order does not matter, and unlike XOR two equal hashes do not
// cancel). A list is hashed in order; a set's members each on their own and
// added, so neither their order nor the set's encoding matters. Nothing is
// copied or sorted: it runs once per node at the end of a run, but a long
// run's set can hold millions of members.

import type { Keyspace, KeyValueView } from './keyspace.js';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x2545f491;

/** FNV-1a over the UTF-16 code units, after the length (so "ab","c" and "a","bc" differ). */
function feed(h: number, s: string): number {
  h = Math.imul(h ^ s.length, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A set member: a string as text, a canonical integer (stored as a number,
 * the same way on every node) by its two 32-bit words, without making it a
 * string first: a long run's set has millions of them.
 */
function feedMember(h: number, member: string | number): number {
  if (typeof member === 'string') return feed(h, member);
  h = Math.imul(h ^ 0x4e554d42, 0x01000193);
  h = Math.imul(h ^ (member % 0x1_0000_0000), 0x01000193);
  return Math.imul(h ^ Math.floor(member / 0x1_0000_0000), 0x01000193);
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function keyHash(key: string, value: KeyValueView, expiresAtMs: number | null): [number, number] {
  const type = typeof value === 'string' ? 'string' : value.kind;
  let a = feed(feed(SEED_A, type), key);
  let b = feed(feed(SEED_B, type), key);
  if (typeof value === 'string') {
    a = feed(a, value);
    b = feed(b, value);
  } else if (value.kind === 'list') {
    for (const item of value.items) {
      a = feed(a, item);
      b = feed(b, item);
    }
  } else {
    let sumA = 0;
    let sumB = 0;
    value.members.forEach((member) => {
      sumA = (sumA + avalanche(feedMember(SEED_A, member))) >>> 0;
      sumB = (sumB + avalanche(feedMember(SEED_B, member))) >>> 0;
    });
    a = feed(a, String(sumA));
    b = feed(b, String(sumB));
  }
  const expiry = expiresAtMs === null ? '-' : String(expiresAtMs);
  return [avalanche(feed(a, expiry)), avalanche(feed(b, expiry))];
}

/** 16 hex characters; `0000000000000000` for an empty dataset. */
export function datasetDigest(keyspace: Keyspace): string {
  let high = 0;
  let low = 0;
  keyspace.forEachKey((key, value, expiresAtMs) => {
    const [a, b] = keyHash(key, value, expiresAtMs);
    high = (high + a) >>> 0;
    low = (low + b) >>> 0;
  });
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
