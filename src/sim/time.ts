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

/** `12.345s`, `250ms`, `40us`: for logs and reports. */
export function formatDurationUs(us: Microseconds): string {
  const abs = Math.abs(us);
  if (abs >= US_PER_SECOND) return `${+(us / US_PER_SECOND).toFixed(3)}s`;
  if (abs >= US_PER_MS) return `${+(us / US_PER_MS).toFixed(3)}ms`;
  return `${us}us`;
}
