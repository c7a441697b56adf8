// Commands from a real client's bytes, as redis-server's networking.c reads
// them: RESP multibulk (`*<n>\r\n$<len>\r\n...`) or an inline command (a line of
// space-separated words, double quotes allowed). A protocol error gets Redis's
// own text, after which the server closes the connection; so do we.
//
// Arguments become JS strings through UTF-8 (the simulator's commands are
// strings): binary values that are not valid UTF-8 do not survive the trip.

import type { Command } from '../protocol/resp.js';

/** Redis's limits (PROTO_INLINE_MAX_SIZE, proto-max-bulk-len default, INT_MAX multibulk length). */
const INLINE_MAX_BYTES = 64 * 1024;
const BULK_MAX_BYTES = 512 * 1024 * 1024;
const MULTIBULK_MAX = 1024 * 1024;

export type ReadResult = { readonly commands: Command[]; readonly error: string | null };

export class CommandReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Take in bytes; the complete commands so far and, on a protocol error, its text (the rest is dropped). */
  push(chunk: Buffer): ReadResult {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const commands: Command[] = [];
    for (;;) {
      if (this.buffer.length === 0) return { commands, error: null };
      const parsed = this.buffer[0] === 0x2a /* '*' */ ? this.multibulk() : this.inline();
      if (parsed === null) return { commands, error: null };
      if (typeof parsed === 'string') {
        this.buffer = Buffer.alloc(0);
        return { commands, error: parsed };
      }
      if (parsed.length > 0) commands.push(parsed);
    }
  }

  /** A whole command (consumed), null when more bytes are needed, or a protocol error text. */
  private multibulk(): Command | null | string {
    const buf = this.buffer;
    let at = 0;
    const line = (): string | null => {
      const end = buf.indexOf('\r\n', at, 'latin1');
      if (end < 0) return null;
      const text = buf.toString('latin1', at, end);
      at = end + 2;
      return text;
    };
    const countLine = line();
    if (countLine === null) return buf.length > INLINE_MAX_BYTES ? 'Protocol error: too big mbulk count string' : null;
    const count = parseDecimal(countLine.slice(1));
    if (count === null || count > MULTIBULK_MAX) return 'Protocol error: invalid multibulk length';
    const args: string[] = [];
    for (let i = 0; i < count; i++) {
      if (at >= buf.length) return null;
      if (buf[at] !== 0x24 /* '$' */) return `Protocol error: expected '$', got '${String.fromCharCode(buf[at]!)}'`;
      const lengthLine = line();
      if (lengthLine === null) return buf.length - at > INLINE_MAX_BYTES ? 'Protocol error: too big bulk count string' : null;
      const length = parseDecimal(lengthLine.slice(1));
      if (length === null || length > BULK_MAX_BYTES) return 'Protocol error: invalid bulk length';
      if (at + length + 2 > buf.length) return null;
      args.push(buf.toString('utf8', at, at + length));
      at += length + 2;
    }
    this.buffer = buf.subarray(at);
    return args;
  }

  private inline(): Command | null | string {
    const buf = this.buffer;
    const end = buf.indexOf(0x0a /* '\n' */);
    if (end < 0) return buf.length > INLINE_MAX_BYTES ? 'Protocol error: too big inline request' : null;
    let text = buf.toString('utf8', 0, end);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.buffer = buf.subarray(end + 1);
    const words = splitArgs(text);
    return words === null ? 'Protocol error: unbalanced quotes in request' : words;
  }
}

function parseDecimal(text: string): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const n = Number(text);
  return n < 0 ? 0 : n;
}

/** sdssplitargs, without the escapes beyond \" \\ \n \r \t: words, "quoted words", 'single quoted'. Null: unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let word = '';
    const quote = line[i] === '"' || line[i] === "'" ? line[i]! : null;
    if (quote !== null) {
      i++;
      let closed = false;
      while (i < line.length) {
        const c = line[i]!;
        if (c === '\\' && quote === '"' && i + 1 < line.length) {
          const next = line[i + 1]!;
          word += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
          i += 2;
        } else if (c === quote) {
          closed = true;
          i++;
          break;
        } else {
          word += c;
          i++;
        }
      }
      // A closing quote must be followed by a space or the end.
      if (!closed || (i < line.length && !/\s/.test(line[i]!))) return null;
    } else {
      while (i < line.length && !/\s/.test(line[i]!)) word += line[i++];
    }
    words.push(word);
  }
  return words;
}
