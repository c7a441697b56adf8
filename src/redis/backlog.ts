// The replication backlog: the most recent part of the replication stream, so a
// replica that lost its link can continue from the offset it had (PSYNC).
// Offsets count bytes of the RESP-encoded stream. The backlog covers
// [firstByteOffset, firstByteOffset + histlen - 1]; a resync from offset X is
// possible iff firstByteOffset <= X <= firstByteOffset + histlen.
//
// As in Redis, the backlog holds the stream's bytes: each command is written
// RESP-encoded into one buffer and parsed back only when a PSYNC asks for it.
// Holding the commands themselves kept every command of the last megabyte
// alive long enough for the garbage collector to promote it, and then collect
// it from the old generation: most of a long run's old-generation garbage.
//
// Simplification: we trim whole commands (Redis trims 16 KB blocks of the
// shared replication buffer), so the backlog holds between `sizeBytes` and
// `sizeBytes` + one command. Redis 7 can also serve PSYNC from data still
// referenced by a slow replica beyond the configured size; we do not. Strings
// go through UTF-8, so a lone UTF-16 surrogate comes back as U+FFFD (as it
// would have gone over a real wire).

import { utf8ByteLength, type Command } from '../protocol/resp.js';

const CR = 13;
const LF = 10;

/** A growable list of numbers, consumed from the front. */
class OffsetQueue {
  private values = new Float64Array(256);
  private head = 0;
  private end = 0;

  get length(): number {
    return this.end - this.head;
  }

  /** The i-th from the front. */
  at(i: number): number {
    return this.values[this.head + i]!;
  }

  push(v: number): void {
    if (this.end === this.values.length) {
      const live = this.end - this.head;
      // Mostly consumed: move the rest to the front; else grow.
      const target = live * 2 <= this.values.length ? this.values : new Float64Array(this.values.length * 2);
      target.set(this.values.subarray(this.head, this.end));
      this.values = target;
      this.head = 0;
      this.end = live;
    }
    this.values[this.end++] = v;
  }

  shift(): void {
    this.head++;
  }

  clear(): void {
    this.head = 0;
    this.end = 0;
  }
}

/** `<marker><n>\r\n` at `at`; where it ends. */
function writeHeader(data: Buffer, at: number, marker: number, n: number): number {
  data[at++] = marker;
  if (n === 0) data[at++] = 48;
  else {
    let digits = 0;
    for (let m = n; m > 0; m = Math.floor(m / 10)) digits++;
    for (let d = digits - 1, m = n; d >= 0; d--, m = Math.floor(m / 10)) data[at + d] = 48 + (m % 10);
    at += digits;
  }
  data[at++] = CR;
  data[at++] = LF;
  return at;
}

export class ReplicationBacklog {
  /** The stream's bytes from firstByte on, at data[dataStart, dataEnd). */
  private data = Buffer.alloc(4096);
  private dataStart = 0;
  private dataEnd = 0;
  /** The offset each command starts at, oldest first (trimming drops whole commands). */
  private readonly starts = new OffsetQueue();
  private histlenBytes = 0;
  /** Offset of the first byte the backlog holds (or would hold next). */
  private firstByte: number;

  constructor(
    public sizeBytes: number,
    /** master_repl_offset when the backlog was created: the next byte is offset + 1. */
    masterReplOffset: number,
  ) {
    this.firstByte = masterReplOffset + 1;
  }

  get firstByteOffset(): number {
    return this.firstByte;
  }

  get histlen(): number {
    return this.histlenBytes;
  }

  /** Keep `command`, which starts at `startOffset` and is `bytes` long on the wire. */
  append(startOffset: number, command: Command, bytes: number): void {
    if (this.histlenBytes === 0 || startOffset !== this.firstByte + this.histlenBytes) {
      // Empty, or the stream does not continue where it was: start over from here.
      this.firstByte = startOffset;
      this.histlenBytes = 0;
      this.dataStart = this.dataEnd = 0;
      this.starts.clear();
    }
    this.reserve(bytes);
    const written = this.encode(command, this.dataEnd);
    if (written !== bytes) throw new Error(`backlog: ${command[0] ?? '?'} encoded to ${written} bytes, not ${bytes}`);
    this.dataEnd += bytes;
    this.starts.push(startOffset);
    this.histlenBytes += bytes;
    this.trim();
  }

  /** Can a replica that has everything before `offset` continue from here? */
  covers(offset: number): boolean {
    return offset >= this.firstByte && offset <= this.firstByte + this.histlenBytes;
  }

  /** The commands from `offset` on, and their total bytes. Call only if `covers(offset)`. */
  from(offset: number): { commands: Command[]; bytes: number } {
    const commands: Command[] = [];
    const starts = this.starts;
    let i = 0;
    while (i < starts.length && starts.at(i) < offset) i++;
    if (i === starts.length) return { commands, bytes: 0 };
    const first = starts.at(i);
    let at = this.dataStart + (first - this.firstByte);
    for (; i < starts.length; i++) {
      const [command, next] = this.decode(at);
      commands.push(command);
      at = next;
    }
    return { commands, bytes: this.firstByte + this.histlenBytes - first };
  }

  resize(sizeBytes: number): void {
    this.sizeBytes = sizeBytes;
    this.trim();
  }

  private trim(): void {
    const starts = this.starts;
    while (starts.length > 1) {
      const droppedBytes = starts.at(1) - starts.at(0);
      if (this.histlenBytes - droppedBytes < this.sizeBytes) break;
      starts.shift();
      this.histlenBytes -= droppedBytes;
      this.firstByte += droppedBytes;
      this.dataStart += droppedBytes;
    }
  }

  /** Room for `bytes` more at dataEnd: move the live bytes to the front, or grow. */
  private reserve(bytes: number): void {
    if (this.dataEnd + bytes <= this.data.length) return;
    const live = this.dataEnd - this.dataStart;
    let capacity = this.data.length;
    while (live + bytes > capacity / 2) capacity *= 2;
    const target = capacity === this.data.length ? this.data : Buffer.alloc(capacity);
    this.data.copy(target, 0, this.dataStart, this.dataEnd);
    this.data = target;
    this.dataStart = 0;
    this.dataEnd = live;
  }

  /**
   * `*<argc>\r\n` + per argument `$<len>\r\n<bytes>\r\n`, at `at`; the bytes
   * written. Byte by byte: Buffer.write costs more than the copy for the
   * short arguments of a replication stream.
   */
  private encode(command: Command, at: number): number {
    const data = this.data;
    let p = writeHeader(data, at, 42 /* '*' */, command.length);
    for (const arg of command) {
      const n = arg.length;
      let ascii = n <= 64;
      for (let i = 0; ascii && i < n; i++) if (arg.charCodeAt(i) > 0x7f) ascii = false;
      if (ascii) {
        p = writeHeader(data, p, 36 /* '$' */, n);
        for (let i = 0; i < n; i++) data[p++] = arg.charCodeAt(i);
      } else {
        p = writeHeader(data, p, 36, utf8ByteLength(arg));
        p += data.write(arg, p, 'utf8');
      }
      data[p++] = CR;
      data[p++] = LF;
    }
    return p - at;
  }

  /** The command encoded at `at`, and where the next one starts. */
  private decode(at: number): [Command, number] {
    const data = this.data;
    const readNumber = (): number => {
      let n = 0;
      at++; // '*' or '$'
      while (data[at] !== CR) n = n * 10 + (data[at++]! - 48);
      at += 2;
      return n;
    };
    const argc = readNumber();
    const command: string[] = [];
    for (let j = 0; j < argc; j++) {
      const length = readNumber();
      command.push(data.toString('utf8', at, at + length));
      at += length + 2;
    }
    return [command, at];
  }
}
