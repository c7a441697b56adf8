// A link is one direction between two hosts: its latency model, an optional
// bandwidth (so a large RDB transfer takes time), extra latency from slow-link
// faults, and how many partitions currently cut it. Sockets hold a direct
// reference to their links, so a send does no lookups.

import type { Rng } from '../sim/rng.js';
import type { Microseconds } from '../sim/time.js';
import { US_PER_SECOND } from '../sim/time.js';
import type { LatencyModel } from './latency.js';

export class Link {
  /** Added by slow-link faults (summed when they overlap). */
  extraLatencyUs = 0;
  /** Bytes per second; 0 means unlimited. */
  bandwidthBytesPerSec = 0;
  /** When the link finishes sending what is already queued on it. */
  private busyUntilUs = 0;
  /** Partitions cutting this direction: all of them, and those of REJECT mode. */
  cuts = 0;
  rejectCuts = 0;

  constructor(
    readonly fromHost: string,
    readonly toHost: string,
    public latency: LatencyModel,
  ) {}

  get isCut(): boolean {
    return this.cuts > 0;
  }

  /** When a message of `bytes` handed to the link at `nowUs` arrives. */
  arrivalUs(nowUs: Microseconds, bytes: number, rng: Rng): Microseconds {
    let departUs = nowUs;
    if (this.bandwidthBytesPerSec > 0) {
      const startUs = this.busyUntilUs > nowUs ? this.busyUntilUs : nowUs;
      departUs = startUs + Math.ceil((bytes * US_PER_SECOND) / this.bandwidthBytesPerSec);
      this.busyUntilUs = departUs;
    }
    return departUs + this.latency.sampleUs(rng) + this.extraLatencyUs;
  }

  /** Latency of a small control message (SYN, RST): no bandwidth cost. */
  controlLatencyUs(rng: Rng): Microseconds {
    return this.latency.sampleUs(rng) + this.extraLatencyUs;
  }
}
