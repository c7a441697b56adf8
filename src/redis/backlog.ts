// The replication backlog: the most recent part of the replication stream, so a
// replica that lost its link can continue from the offset it had (PSYNC).
// Offsets count bytes of the RESP-encoded stream. The backlog covers
// [firstByteOffset, firstByteOffset + histlen - 1]; a resync from offset X is
// possible iff firstByteOffset <= X <= firstByteOffset + histlen.
//
// Simplification: we trim whole commands (Redis trims 16 KB blocks of the
// shared replication buffer), so the backlog holds between `sizeBytes` and
// `sizeBytes` + one command. Redis 7 can also serve PSYNC from data still
// referenced by a slow replica beyond the configured size; we do not.

import type { Command } from '../protocol/resp.js';

interface Entry {
  readonly startOffset: number;
  readonly command: Command;
  readonly bytes: number;
}

export class ReplicationBacklog {
  private entries: Entry[] = [];
  private head = 0;
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

  append(startOffset: number, command: Command, bytes: number): void {
    if (this.histlenBytes === 0) this.firstByte = startOffset;
    this.entries.push({ startOffset, command, bytes });
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
    let bytes = 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.startOffset >= offset) {
        commands.push(e.command);
        bytes += e.bytes;
      }
    }
    return { commands, bytes };
  }

  resize(sizeBytes: number): void {
    this.sizeBytes = sizeBytes;
    this.trim();
  }

  private trim(): void {
    while (this.head < this.entries.length - 1 && this.histlenBytes - this.entries[this.head]!.bytes >= this.sizeBytes) {
      const dropped = this.entries[this.head++]!;
      this.histlenBytes -= dropped.bytes;
      this.firstByte = dropped.startOffset + dropped.bytes;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
