// RESP2 values as the simulator passes them around: a command is an array of
// strings, a reply is a small tagged object. Nothing here is ever serialised on
// the hot path; byte sizes are computed arithmetically so the network model
// can charge exact wire lengths without building strings.

/** A client command: argv, including the command name at index 0. */
export type Command = readonly string[];

export interface SimpleStringReply {
  readonly type: 'simple';
  readonly value: string;
}

/** `message` is the full error line without the leading '-', e.g. "ERR syntax error". */
export interface ErrorReply {
  readonly type: 'error';
  readonly message: string;
}

/**
 * `value` is a number whenever it is a safe integer; only values outside
 * +/-2^53 (which INCR can reach) are carried as bigint.
 */
export interface IntegerReply {
  readonly type: 'integer';
  readonly value: number | bigint;
}

export interface BulkReply {
  readonly type: 'bulk';
  readonly value: string | null;
}

export interface ArrayReply {
  readonly type: 'array';
  readonly items: readonly Reply[] | null;
}

export type Reply = SimpleStringReply | ErrorReply | IntegerReply | BulkReply | ArrayReply;

// ---------------------------------------------------------------------------
// Constructors and shared singletons (replies are immutable, so sharing is safe)

export function simple(value: string): SimpleStringReply {
  return { type: 'simple', value };
}

export function error(message: string): ErrorReply {
  return { type: 'error', message };
}

const SMALL_INTEGER_COUNT = 1024;
const smallIntegers: IntegerReply[] = [];
for (let i = 0; i < SMALL_INTEGER_COUNT; i++) smallIntegers.push({ type: 'integer', value: i });

export function integer(value: number | bigint): IntegerReply {
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    if (Number.isSafeInteger(asNumber)) value = asNumber;
    else return { type: 'integer', value };
  }
  if (value >= 0 && value < SMALL_INTEGER_COUNT && Number.isInteger(value)) return smallIntegers[value]!;
  return { type: 'integer', value };
}

export function bulk(value: string | null): BulkReply {
  return value === null ? NULL_BULK : { type: 'bulk', value };
}

export function array(items: readonly Reply[] | null): ArrayReply {
  if (items === null) return NULL_ARRAY;
  return items.length === 0 ? EMPTY_ARRAY : { type: 'array', items };
}

/** An array of bulk strings (KEYS, MGET without nils, SMEMBERS...). */
export function bulkArray(values: readonly string[]): ArrayReply {
  if (values.length === 0) return EMPTY_ARRAY;
  const items: Reply[] = new Array<Reply>(values.length);
  for (let i = 0; i < values.length; i++) items[i] = { type: 'bulk', value: values[i]! };
  return { type: 'array', items };
}

export const OK: SimpleStringReply = { type: 'simple', value: 'OK' };
export const PONG: SimpleStringReply = { type: 'simple', value: 'PONG' };
export const QUEUED: SimpleStringReply = { type: 'simple', value: 'QUEUED' };
export const NULL_BULK: BulkReply = { type: 'bulk', value: null };
export const NULL_ARRAY: ArrayReply = { type: 'array', items: null };
export const EMPTY_ARRAY: ArrayReply = { type: 'array', items: [] };
export const EMPTY_BULK: BulkReply = { type: 'bulk', value: '' };
export const ZERO: IntegerReply = smallIntegers[0]!;
export const ONE: IntegerReply = smallIntegers[1]!;

export function isError(reply: Reply): reply is ErrorReply {
  return reply.type === 'error';
}

// ---------------------------------------------------------------------------
// Byte accounting

/** UTF-8 length of a JS string (lone surrogates count as U+FFFD, 3 bytes, as Buffer does). */
export function utf8ByteLength(s: string): number {
  const n = s.length;
  // Long texts (INFO, SENTINEL replies): the native count, the same by the same rules
  // (a lone surrogate is 3 bytes, U+FFFD, as below).
  if (n > 64) return Buffer.byteLength(s, 'utf8');
  let i = 0;
  // Fast path: pure ASCII, byte length == string length.
  while (i < n && s.charCodeAt(i) < 0x80) i++;
  if (i === n) return n;
  let sizeBytes = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) sizeBytes += 1;
    else if (c < 0x800) sizeBytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        sizeBytes += 4;
        i++;
      } else sizeBytes += 3;
    } else sizeBytes += 3;
  }
  return sizeBytes;
}

function decimalDigits(n: number): number {
  // Only called with non-negative integer lengths/counts.
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  return String(n).length;
}

/** Exact length of `*<argc>\r\n` + per arg `$<len>\r\n<arg>\r\n`. */
export function commandBytes(cmd: Command): number {
  let sizeBytes = 3 + decimalDigits(cmd.length);
  for (let i = 0; i < cmd.length; i++) {
    const argBytes = utf8ByteLength(cmd[i]!);
    sizeBytes += 5 + decimalDigits(argBytes) + argBytes;
  }
  return sizeBytes;
}

/** Exact length of the RESP2 encoding of `reply`. */
export function replyBytes(reply: Reply): number {
  switch (reply.type) {
    case 'simple':
      return 3 + utf8ByteLength(reply.value);
    case 'error':
      return 3 + utf8ByteLength(reply.message);
    case 'integer':
      return 3 + String(reply.value).length;
    case 'bulk': {
      if (reply.value === null) return 5; // $-1\r\n
      const valueBytes = utf8ByteLength(reply.value);
      return 5 + decimalDigits(valueBytes) + valueBytes;
    }
    case 'array': {
      if (reply.items === null) return 5; // *-1\r\n
      let sizeBytes = 3 + decimalDigits(reply.items.length);
      for (const item of reply.items) sizeBytes += replyBytes(item);
      return sizeBytes;
    }
  }
}

// ---------------------------------------------------------------------------
// Text encodings (tests, docs, comparison with a real server)

export function encodeCommand(cmd: Command): string {
  let out = `*${cmd.length}\r\n`;
  for (const arg of cmd) out += `$${utf8ByteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

export function encodeReply(reply: Reply): string {
  switch (reply.type) {
    case 'simple':
      return `+${reply.value}\r\n`;
    case 'error':
      return `-${reply.message}\r\n`;
    case 'integer':
      return `:${String(reply.value)}\r\n`;
    case 'bulk':
      return reply.value === null ? '$-1\r\n' : `$${utf8ByteLength(reply.value)}\r\n${reply.value}\r\n`;
    case 'array': {
      if (reply.items === null) return '*-1\r\n';
      let out = `*${reply.items.length}\r\n`;
      for (const item of reply.items) out += encodeReply(item);
      return out;
    }
  }
}

/** A bulk string as redis-cli quotes it (sdscatrepr): escapes, \xHH for non-printable bytes. */
export function quoteBulk(value: string): string {
  let out = '"';
  let ascii = true;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  const bytes: ArrayLike<number> = ascii ? asciiCodes(value) : new TextEncoder().encode(value);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    switch (b) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    }
  }
  return out + '"';
}

function asciiCodes(s: string): number[] {
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return codes;
}

/** The reply as redis-cli prints it on a terminal (no trailing newline). */
export function formatReply(reply: Reply): string {
  const out = formatTty(reply, '');
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

function formatTty(reply: Reply, prefix: string): string {
  switch (reply.type) {
    case 'simple':
      return `${reply.value}\n`;
    case 'error':
      return `(error) ${reply.message}\n`;
    case 'integer':
      return `(integer) ${String(reply.value)}\n`;
    case 'bulk':
      return reply.value === null ? '(nil)\n' : `${quoteBulk(reply.value)}\n`;
    case 'array': {
      if (reply.items === null) return '(nil)\n';
      if (reply.items.length === 0) return '(empty array)\n';
      const indexWidth = String(reply.items.length).length;
      // Nested arrays are indented by the index width plus ") ".
      const nestedPrefix = prefix + ' '.repeat(indexWidth + 2);
      let out = '';
      for (let i = 0; i < reply.items.length; i++) {
        out += `${i === 0 ? '' : prefix}${String(i + 1).padStart(indexWidth, ' ')}) `;
        out += formatTty(reply.items[i]!, nestedPrefix);
      }
      return out;
    }
  }
}
