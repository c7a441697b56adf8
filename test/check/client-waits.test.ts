import { describe, expect, it } from 'vitest';
import { clientWaits } from '../../src/check/client-waits.js';
import type { HistoryOp } from '../../src/sim/history.js';

const op = (process: string, type: HistoryOp['type'], timeMs: number, f = 'add', error?: string): HistoryOp => ({
  process,
  type,
  f,
  key: 's',
  value: 1,
  time: timeMs * 1000,
  node: 'm1',
  ...(error !== undefined ? { error } : {}),
});

describe('clientWaits', () => {
  it('finds the longest wait and the longest stretch without an acknowledged write, over the picked processes', () => {
    const history = [
      op('real1', 'invoke', 0),
      op('real1', 'ok', 1),
      op('real1', 'invoke', 2), // hangs 30 s, then ok
      op('c1', 'invoke', 3), // a simulated client: not counted
      op('c1', 'info', 60_000, 'add', 'timeout'),
      op('real1', 'ok', 30_002),
      op('real2', 'invoke', 30_010, 'read'),
      op('real2', 'fail', 30_011, 'read', 'READONLY'),
      op('real2', 'invoke', 30_020),
      op('real2', 'ok', 30_021),
      op('real2', 'invoke', 40_000), // still open at the end (50 s)
    ];
    const w = clientWaits(history, (p) => p.startsWith('real'), 50_000_000);
    expect(w).toMatchObject({ ok: 3, fail: 1, info: 0, connections: 2 });
    expect(w.longestWait).toMatchObject({ process: 'real1', fromMs: 2, toMs: 30_002, ms: 30_000, outcome: 'ok' });
    // acks at 1, 30 002, 30 021; the last write sent at 40 000 never acked
    expect(w.longestWriteGap).toEqual({ ms: 30_001, fromMs: 1, toMs: 30_002 });
    const open = clientWaits(history.slice(0, 3), (p) => p.startsWith('real'), 50_000_000);
    expect(open.longestWait).toMatchObject({ outcome: 'open', ms: 49_998 });
    expect(clientWaits([], () => true, 0)).toEqual({ ok: 0, fail: 0, info: 0, connections: 0, longestWait: null, longestWriteGap: null });
  });
});
