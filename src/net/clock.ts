// A process's own clocks. The network and the agenda run on true time; each
// process reads a wall clock (gettimeofday: offset, drift and jumps) and a
// monotonic clock (drift only; jumps do not move it). Redis schedules its event
// loop on the monotonic clock but compares wall-clock readings for timeouts and
// for Sentinel's TILT check, so both are needed.

import type { Microseconds } from '../sim/time.js';

/** 2026-01-01T00:00:00Z: the wall-clock reading at true time 0 for an unskewed process. */
export const SIMULATION_EPOCH_MS = 1_767_225_600_000;

export class ProcessClock {
  private anchorTrueUs = 0;
  private anchorWallUs: number;
  private anchorMonotonicUs = 0;
  private rate = 1;

  constructor(offsetUs: Microseconds = 0) {
    this.anchorWallUs = SIMULATION_EPOCH_MS * 1000 + offsetUs;
  }

  /** Drift as a fraction: 0.01 means this clock runs 1% fast. */
  get drift(): number {
    return this.rate - 1;
  }

  wallUs(trueUs: Microseconds): Microseconds {
    return this.anchorWallUs + Math.floor((trueUs - this.anchorTrueUs) * this.rate);
  }

  monotonicUs(trueUs: Microseconds): Microseconds {
    return this.anchorMonotonicUs + Math.floor((trueUs - this.anchorTrueUs) * this.rate);
  }

  /** Step the wall clock (e.g. an NTP step or an operator's `date -s`). */
  jump(deltaUs: Microseconds): void {
    this.anchorWallUs += deltaUs;
  }

  setDrift(drift: number, trueUs: Microseconds): void {
    if (!(drift > -1)) throw new RangeError(`clock drift must be > -1, got ${drift}`);
    this.rebase(trueUs);
    this.rate = 1 + drift;
  }

  /** True time that passes while this process's clocks advance by `localUs`. */
  trueDurationUs(localUs: Microseconds): Microseconds {
    return this.rate === 1 ? localUs : Math.ceil(localUs / this.rate);
  }

  private rebase(trueUs: Microseconds): void {
    this.anchorWallUs = this.wallUs(trueUs);
    this.anchorMonotonicUs = this.monotonicUs(trueUs);
    this.anchorTrueUs = trueUs;
  }
}
