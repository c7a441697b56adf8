// One-way latency distributions for links, in integer microseconds.
// The same three shapes Maelstrom offers: constant, uniform and exponential.

import type { Rng } from '../sim/rng.js';
import type { Microseconds } from '../sim/time.js';

export type LatencySpec =
  | { distribution: 'constant'; us: Microseconds }
  | { distribution: 'uniform'; minUs: Microseconds; maxUs: Microseconds }
  /** `minUs` plus an exponential tail with mean `meanUs`. */
  | { distribution: 'exponential'; minUs: Microseconds; meanUs: Microseconds };

export interface LatencyModel {
  readonly spec: LatencySpec;
  sampleUs(rng: Rng): Microseconds;
}

class ConstantLatency implements LatencyModel {
  constructor(readonly spec: LatencySpec & { distribution: 'constant' }) {}
  sampleUs(): Microseconds {
    return this.spec.us;
  }
}

class UniformLatency implements LatencyModel {
  private readonly minUs: number;
  private readonly spanUs: number;
  constructor(readonly spec: LatencySpec & { distribution: 'uniform' }) {
    this.minUs = spec.minUs;
    this.spanUs = spec.maxUs - spec.minUs;
  }
  sampleUs(rng: Rng): Microseconds {
    return this.minUs + Math.floor(rng.next() * (this.spanUs + 1));
  }
}

class ExponentialLatency implements LatencyModel {
  constructor(readonly spec: LatencySpec & { distribution: 'exponential' }) {}
  sampleUs(rng: Rng): Microseconds {
    return this.spec.minUs + Math.floor(rng.exponential(this.spec.meanUs));
  }
}

export function latencyModel(spec: LatencySpec): LatencyModel {
  switch (spec.distribution) {
    case 'constant':
      check(spec.us >= 0, 'constant latency must be >= 0');
      return new ConstantLatency(spec);
    case 'uniform':
      check(spec.minUs >= 0 && spec.maxUs >= spec.minUs, 'uniform latency needs 0 <= min <= max');
      return new UniformLatency(spec);
    case 'exponential':
      check(spec.minUs >= 0 && spec.meanUs >= 0, 'exponential latency needs min >= 0 and mean >= 0');
      return new ExponentialLatency(spec);
  }
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}
