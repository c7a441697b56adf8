// The backlog keeps the stream as bytes and gives commands back for PSYNC:
// the same commands, offsets and byte counts as a list of whole commands
// trimmed to the configured size would.
import { describe, expect, it } from 'vitest';
import { ReplicationBacklog } from '../../src/redis/backlog.js';
import { commandBytes, type Command } from '../../src/protocol/resp.js';
import { Rng } from '../../src/sim/rng.js';

describe('ReplicationBacklog', () => {
  it('agrees with a plain list of whole commands over many appends, trims and PSYNC offsets', () => {
    const rng = new Rng('backlog-test', '7');
    const between = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
    const sizeBytes = 2000;
    const backlog = new ReplicationBacklog(sizeBytes, 100);
    const model: { start: number; command: Command; bytes: number }[] = [];
    let offset = 100;
    for (let i = 0; i < 3000; i++) {
      const value = rng.chance(0.1) ? `é-${'ü'.repeat(between(0, 40))}-€` : String(between(0, 1e9));
      const command: Command = rng.chance(0.05) ? ['PING'] : ['SADD', 'set', value, ...(rng.chance(0.1) ? ['x'.repeat(between(0, 3000))] : [])];
      const bytes = commandBytes(command);
      backlog.append(offset + 1, command, bytes);
      model.push({ start: offset + 1, command, bytes });
      offset += bytes;
      // Trim as Redis's whole-command simplification does: drop the oldest while the rest still fill the size.
      let histlen = model.reduce((n, e) => n + e.bytes, 0);
      while (model.length > 1 && histlen - model[0]!.bytes >= sizeBytes) histlen -= model.shift()!.bytes;
      expect(backlog.firstByteOffset).toBe(model[0]!.start);
      expect(backlog.histlen).toBe(histlen);
      if (i % 97 === 0) {
        const from = backlog.firstByteOffset + between(0, backlog.histlen);
        expect(backlog.covers(from)).toBe(true);
        const expected = model.filter((e) => e.start >= from);
        const got = backlog.from(from);
        expect(got.commands).toEqual(expected.map((e) => e.command));
        expect(got.bytes).toBe(expected.reduce((n, e) => n + e.bytes, 0));
      }
    }
    expect(backlog.covers(backlog.firstByteOffset - 1)).toBe(false);
    expect(backlog.covers(offset + 1)).toBe(true);
    expect(backlog.covers(offset + 2)).toBe(false);
  });

  it('refuses a byte count that is not the command on the wire (a bug upstream, not a silent corruption)', () => {
    const backlog = new ReplicationBacklog(1024, 0);
    expect(() => backlog.append(1, ['SET', 'k', 'v'], 10)).toThrow(/encoded to 27 bytes, not 10/);
  });
});
