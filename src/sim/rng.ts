// Named pseudo-random streams derived from one run seed. Each component draws
// from its own stream (`net`, `redis:m1`, `sentinel:s2`), seeded from the run seed
// and the stream's name, so adding or consuming one stream never shifts another.

import seedrandom from 'seedrandom';

export type Seed = number | string;

export class Rng {
  private readonly source: seedrandom.PRNG;
  constructor(readonly name: string, seedText: string) {
    // Alea: fast, good enough statistically, and its state is a few doubles.
    this.source = seedrandom.alea(seedText);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source();
  }

  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.source() * maxExclusive);
  }

  /** Uniform integer in [min, max], both inclusive. */
  intBetween(min: number, max: number): number {
    return min + Math.floor(this.source() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.source() < p;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.source()) * mean;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error(`rng ${this.name}: pick from an empty list`);
    return items[Math.floor(this.source() * items.length)]!;
  }

  /** `length` lowercase hex characters, e.g. a Redis run id or replication id. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.source() * 0x10000) >>> 0).toString(16).padStart(4, '0');
    return out.slice(0, length);
  }
}

export class RngStreams {
  private readonly streams = new Map<string, Rng>();
  readonly seedText: string;

  constructor(seed: Seed) {
    this.seedText = String(seed);
  }

  /** The stream with this name, created on first use; the same object after that. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new Rng(name, `redsim/${this.seedText}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
