// Parsing integer arguments exactly as Redis does (util.c string2ll, used by
// getLongLongFromObject and friends): no sign '+', no spaces, no leading zeros,
// "-0" rejected, at most 20 characters, within the signed 64-bit range.
// Results are plain numbers when safe; bigint only beyond +/-2^53, so the
// common path never touches BigInt.

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/** LONG_STR_SIZE in Redis: strings this long or longer are never numbers. */
const MAX_INT64_TEXT_LENGTH = 21;
/** Up to 15 digits a number is always a safe integer. */
const SAFE_DIGITS = 15;

/** A number when safe, a bigint outside +/-2^53, null when Redis would say "not an integer". */
export function parseInt64(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n >= MAX_INT64_TEXT_LENGTH) return null;
  if (n === 1 && s.charCodeAt(0) === 0x30) return 0;
  let i = 0;
  if (s.charCodeAt(0) === 0x2d) {
    i = 1;
    if (n === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 0x31 || first > 0x39) return null;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  if (n - i <= SAFE_DIGITS) return Number(s);
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return narrowInt64(big);
}

/** Redis's getIntFromObject: a 64-bit parse, then the C int range. */
export function parseInt32(s: string): number | null {
  const value = parseInt64(s);
  if (typeof value !== 'number' || value < -2147483648 || value > 2147483647) return null;
  return value;
}

/** The canonical representation: number when safe, else bigint. */
export function narrowInt64(value: bigint): number | bigint {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

/** a + b if it stays within int64, else null (Redis's overflow check for INCRBY). */
export function addInt64(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  const sum = BigInt(a) + BigInt(b);
  if (sum > INT64_MAX || sum < INT64_MIN) return null;
  return narrowInt64(sum);
}

/** Numeric order of two canonical integer strings (intset order). */
export function compareInt64Text(a: string, b: string): number {
  if (a.length <= SAFE_DIGITS && b.length <= SAFE_DIGITS) return Number(a) - Number(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
