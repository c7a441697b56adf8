// Where two runs of one seed part: the index of the first trace event that
// differs (or where the shorter run ended), or null when they are the same.

import type { TraceEvent } from '../sim/trace.js';

export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return a.length === b.length ? null : n;
}
