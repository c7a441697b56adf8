// Virtual time is an integer count of microseconds since the start of the run.
// Redis thinks in milliseconds, but LAN latencies are tens to hundreds of µs, so
// the kernel keeps µs; 2^53 µs is about 285 years, so plain numbers stay exact.

export type Microseconds = number;

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;

export function msToUs(ms: number): Microseconds {
  return Math.round(ms * US_PER_MS);
}

export function secondsToUs(seconds: number): Microseconds {
  return Math.round(seconds * US_PER_SECOND);
}

export function usToMs(us: Microseconds): number {
  return us / US_PER_MS;
}

/**
 * The one rounding rule for times a person reads: cut, never rounded, to the
 * digits shown, as Redis's log timestamps cut microseconds to milliseconds. So
 * 27.1659 s reads 27.165 where three decimals are shown and 27.1 where one is:
 * a coarser figure is always a prefix of a finer one, and an event never reads
 * as later than it was. Integer arithmetic, so no binary fraction tips a digit.
 */
export function cutDecimals(value: number, unitUs: number, decimals: number): string {
  const step = unitUs / 10 ** decimals; // µs per last digit shown
  const sign = value < 0 ? '-' : '';
  const digits = Math.trunc(Math.abs(value) / step);
  if (decimals === 0) return `${sign}${digits}`;
  const scale = 10 ** decimals;
  return `${sign}${Math.trunc(digits / scale)}.${String(digits % scale).padStart(decimals, '0')}`;
}

/** `27.165s` (decimals 3) or `27.1s`: seconds cut to the digits shown (cutDecimals). */
export function secondsText(us: Microseconds, decimals = 3): string {
  return `${cutDecimals(us, US_PER_SECOND, decimals)}s`;
}

/** `10s`, `2.284s`, `0.5s`: seconds cut to the millisecond, trailing zeros dropped. */
export function shortSecondsText(us: Microseconds): string {
  return `${dropTrailingZeros(cutDecimals(us, US_PER_SECOND, 3))}s`;
}

function dropTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** `12.345s`, `250ms`, `40us`, trailing zeros dropped (`10s`): for logs and reports; cut, not rounded (cutDecimals). */
export function formatDurationUs(us: Microseconds): string {
  const abs = Math.abs(us);
  if (abs >= US_PER_SECOND) return `${dropTrailingZeros(cutDecimals(us, US_PER_SECOND, 3))}s`;
  if (abs >= US_PER_MS) return `${dropTrailingZeros(cutDecimals(us, US_PER_MS, 3))}ms`;
  return `${us}us`;
}
