// A running 64-bit hash (two 32-bit lanes) over a sequence of numbers and
// strings. It is on the hot path (every trace event), so it mixes 32-bit words
// with Math.imul and never allocates. Not cryptographic: it only has to make two
// runs that diverge anywhere end with different hashes.

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

export class RunningHash {
  private h1 = 0x9e3779b9 | 0;
  private h2 = 0x85ebca6b | 0;

  word(w: number): void {
    this.h1 = Math.imul(((this.h1 << 5) | (this.h1 >>> 27)) ^ w, 0x9e3779b1);
    this.h2 = Math.imul(((this.h2 << 7) | (this.h2 >>> 25)) ^ w, 0x85ebca77);
  }

  number(n: number): void {
    if (Number.isSafeInteger(n)) {
      this.word(n | 0);
      this.word((n / 0x1_0000_0000) | 0);
    } else {
      f64[0] = n;
      this.word(f64Words[0]! ^ 0x5bd1e995);
      this.word(f64Words[1]!);
    }
  }

  string(s: string): void {
    const n = s.length;
    this.word(n ^ 0x27d4eb2f);
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i));
  }

  /** 16 hex characters; does not disturb the running state. */
  hex(): string {
    let a = this.h1;
    let b = this.h2;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}
