// The dataset of one simulated Redis server (db 0 only): strings, sets and
// lists with millisecond expiry, and the data commands with Redis 7.2's
// semantics, replies and errors (t_string.c, t_set.c, t_list.c, db.c).
//
// Every command returns a CommandEffect: the reply, how much it changed the
// dataset (server.dirty, which drives RDB save points) and the commands to
// propagate to replicas in the form Redis propagates them.
//
// Argument counts are assumed already checked against commands-table.ts
// (processCommand does that before any command runs).

import { MemberSet, type Member } from './member-set.js';
import {
  DB_INDEX_OUT_OF_RANGE,
  DECR_OVERFLOW,
  INCR_OVERFLOW,
  NOT_AN_INTEGER,
  STRING_TOO_LONG,
  SYNTAX,
  WRONGTYPE,
  invalidExpireTime,
  wrongArity,
} from '../protocol/errors.js';
import { INT64_MAX, INT64_MIN, addInt64, compareInt64Text, parseInt32, parseInt64 } from '../protocol/int64.js';
import {
  EMPTY_ARRAY,
  NULL_BULK,
  OK,
  ZERO,
  array,
  bulk,
  bulkArray,
  integer,
  utf8ByteLength,
  type Command,
  type Reply,
} from '../protocol/resp.js';
import { compileGlob } from '../protocol/glob.js';

const INVALID_CURSOR: Reply = { type: 'error', message: 'ERR invalid cursor' };
/** shared.emptyscan: cursor 0 and no elements. */
const EMPTY_SCAN: Reply = array([bulk('0'), EMPTY_ARRAY]);

/**
 * How logically expired keys are treated, per the caller's role:
 * - 'delete': a master. Any access deletes an expired key and propagates DEL.
 * - 'hide': a replica serving its own clients. Reads see expired keys as
 *   missing but keep them (the master's DEL will remove them); writes (only
 *   possible on a writable replica) delete them, as Redis does.
 * - 'ignore': a replica applying its master's stream. Keys are never treated
 *   as expired (the master decides), and size limits are not enforced.
 */
export type ExpiryPolicy = 'delete' | 'hide' | 'ignore';

export interface ExecContext {
  /** Wall-clock time of the command, in ms since the epoch (Redis's command time snapshot). */
  readonly nowMs: number;
  readonly expiry: ExpiryPolicy;
}

export interface CommandEffect {
  readonly reply: Reply;
  /** What the command added to server.dirty (keys or elements changed). */
  readonly dirty: number;
  /**
   * Commands for the replication stream, in order. DELs of keys expired lazily
   * during the command come first, then the command itself if it changed
   * anything (or always, for FLUSHALL/FLUSHDB), possibly rewritten (SET ... EX
   * becomes SET ... PXAT). When there are several, Redis wraps them in
   * MULTI/EXEC (server.c propagatePendingCommands); that is the caller's job.
   */
  readonly propagate: readonly Command[];
}

// --- Values ---------------------------------------------------------------

/**
 * Redis's set encodings decide SMEMBERS order: an intset (all members 64-bit
 * integers, <= 512 of them) iterates in ascending numeric order; a listpack
 * (<= 128 members of <= 64 bytes) in insertion order. A hashtable iterates in
 * hash order, which we replace by integers ascending, then the other members in
 * insertion order (simplification: see member-set.ts).
 */
export type SetEncoding = 'intset' | 'listpack' | 'hashtable';

/** A member as stored (member-set.ts): canonical integers of up to 15 digits as numbers. */
function memberKey(s: string): Member {
  const n = s.length;
  if (n === 0 || n > 16) return s;
  let i = s.charCodeAt(0) === 45 /* '-' */ ? 1 : 0;
  if (i === n || n - i > 15) return s;
  const first = s.charCodeAt(i);
  if (first === 48 /* '0' */) return n === 1 ? 0 : s; // "0" only: no leading zeros, no "-0"
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return s;
  }
  return Number(s);
}

const memberText = (m: Member): string => (typeof m === 'number' ? String(m) : m);

interface SetValue {
  readonly kind: 'set';
  members: MemberSet;
  encoding: SetEncoding;
}

interface ListValue {
  readonly kind: 'list';
  readonly items: string[];
}

/** Strings are stored as plain JS strings: the common case allocates nothing extra. */
type Value = string | SetValue | ListValue;

// Redis 7.2 defaults (config.c).
const SET_MAX_INTSET_ENTRIES = 512;
const SET_MAX_LISTPACK_ENTRIES = 128;
const SET_MAX_LISTPACK_VALUE_BYTES = 64;
const PROTO_MAX_BULK_LEN_BYTES = 512 * 1024 * 1024;
/** LLONG_MAX / 1000: larger EX/EXAT values overflow when converted to ms. */
const MAX_EXPIRE_SECONDS = 9223372036854775n;

const NO_PROPAGATION: readonly Command[] = Object.freeze([]);

// --- Snapshots (the simulated RDB file) ------------------------------------

export type SnapshotValue =
  | string
  | { readonly kind: 'set'; readonly members: readonly Member[]; readonly encoding: SetEncoding }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export interface SnapshotEntry {
  readonly key: string;
  readonly value: SnapshotValue;
  readonly expiresAtMs: number | null;
}

/** A stored value, read-only, as forEachKey shows it. */
export type KeyValueView = string | { readonly kind: 'set'; readonly members: MemberSet } | { readonly kind: 'list'; readonly items: readonly string[] };

export interface KeyspaceSnapshot {
  readonly entries: readonly SnapshotEntry[];
  /** Estimated RDB file size, see Keyspace.sizeBytes(). */
  readonly sizeBytes: number;
}

// --- RDB size estimate -----------------------------------------------------

/**
 * Header "REDIS0011", the aux fields Redis 7.2 writes (redis-ver, redis-bits,
 * ctime, used-mem, repl-stream-db, repl-id, repl-offset, aof-base), SELECTDB,
 * RESIZEDB, EOF and the 8-byte checksum: about 180 bytes in practice.
 */
const RDB_FIXED_OVERHEAD_BYTES = 180;
/** Opcode + 8-byte ms timestamp. */
const RDB_EXPIRE_BYTES = 9;
/** Listpack header (total bytes + count) and end marker. */
const LISTPACK_OVERHEAD_BYTES = 7;

/** RDB length encoding: 1, 2, 5 or 9 bytes. */
function rdbLengthBytes(n: number): number {
  if (n < 64) return 1;
  if (n < 16384) return 2;
  if (n <= 0xffffffff) return 5;
  return 9;
}

/** A string in RDB: small integers get the compact int encodings; no LZF compression (simplification). */
function rdbStringBytes(s: string): number {
  const asInt = s.length <= 11 ? parseInt64(s) : null;
  if (typeof asInt === 'number') {
    if (asInt >= -128 && asInt <= 127) return 2;
    if (asInt >= -32768 && asInt <= 32767) return 3;
    if (asInt >= -2147483648 && asInt <= 2147483647) return 5;
  }
  const sizeBytes = utf8ByteLength(s);
  return rdbLengthBytes(sizeBytes) + sizeBytes;
}

/** Approximate listpack entry: encoding byte(s) + data + back-length. */
function listpackEntryBytes(s: string): number {
  const sizeBytes = utf8ByteLength(s);
  return sizeBytes + (sizeBytes < 64 ? 2 : sizeBytes < 4096 ? 3 : 6);
}

function rdbValueBytes(value: Value): number {
  if (typeof value === 'string') return rdbStringBytes(value);
  if (value.kind === 'list') {
    // Quicklist of listpacks; treated as one node (simplification).
    let blobBytes = LISTPACK_OVERHEAD_BYTES;
    for (const item of value.items) blobBytes += listpackEntryBytes(item);
    return 1 + 1 + rdbLengthBytes(blobBytes) + blobBytes;
  }
  const members = value.members;
  if (value.encoding === 'intset') {
    let widthBytes = 2;
    for (const member of members) {
      const n = Number(member);
      if (n < -2147483648 || n > 2147483647) {
        widthBytes = 8;
        break;
      }
      if (n < -32768 || n > 32767) widthBytes = 4;
    }
    const blobBytes = 8 + widthBytes * members.size;
    return rdbLengthBytes(blobBytes) + blobBytes;
  }
  if (value.encoding === 'listpack') {
    let blobBytes = LISTPACK_OVERHEAD_BYTES;
    for (const member of members) blobBytes += listpackEntryBytes(memberText(member));
    return rdbLengthBytes(blobBytes) + blobBytes;
  }
  let sizeBytes = rdbLengthBytes(members.size);
  for (const member of members) sizeBytes += rdbStringBytes(memberText(member));
  return sizeBytes;
}

// --- Helpers ---------------------------------------------------------------

/** ASCII case-insensitive comparison with an upper-case keyword, without allocating. */
function isKeyword(arg: string, keyword: string): boolean {
  if (arg.length !== keyword.length) return false;
  for (let i = 0; i < arg.length; i++) {
    let c = arg.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

function isInt64Text(s: string): boolean {
  return parseInt64(s) !== null;
}

/** An intset's members in ascending numeric order, as text. */
function sortedIntsetMembers(members: MemberSet): string[] {
  return [...members].map(memberText).sort(compareInt64Text);
}

type ExpireOption = 'EX' | 'PX' | 'EXAT' | 'PXAT';

type ExpireResult = { readonly atMs: number; readonly atText: string } | { readonly error: Reply };

/** t_string.c getExpireMillisecondsOrReply. */
function absoluteExpire(arg: string, option: ExpireOption, nowMs: number, fullName: string): ExpireResult {
  const parsed = parseInt64(arg);
  if (parsed === null) return { error: NOT_AN_INTEGER };
  const inSeconds = option === 'EX' || option === 'EXAT';
  const relative = option === 'EX' || option === 'PX';
  if (parsed <= 0) return { error: invalidExpireTime(fullName) };
  if (typeof parsed === 'number') {
    const atMs = (inSeconds ? parsed * 1000 : parsed) + (relative ? nowMs : 0);
    if (Number.isSafeInteger(atMs)) return { atMs, atText: String(atMs) };
  }
  // Beyond 2^53 ms: compute exactly in 64 bits (Redis rejects overflow as "invalid expire time").
  let atMs = BigInt(parsed);
  if (inSeconds) {
    if (atMs > MAX_EXPIRE_SECONDS) return { error: invalidExpireTime(fullName) };
    atMs *= 1000n;
  }
  if (relative) atMs += BigInt(nowMs);
  if (atMs > INT64_MAX) return { error: invalidExpireTime(fullName) };
  return { atMs: Number(atMs), atText: atMs.toString() };
}

/** The names execute() dispatches, upper-case. */
export const KEYSPACE_COMMANDS: ReadonlySet<string> = new Set([
  'SELECT',
  'SET',
  'GET',
  'DEL',
  'EXISTS',
  'INCR',
  'INCRBY',
  'DECR',
  'DECRBY',
  'APPEND',
  'MSET',
  'MGET',
  'SADD',
  'SMEMBERS',
  'SCARD',
  'SSCAN',
  'RPUSH',
  'LRANGE',
  'LLEN',
  'DBSIZE',
  'KEYS',
  'FLUSHALL',
  'FLUSHDB',
]);

// --- The keyspace ----------------------------------------------------------

export class Keyspace {
  private readonly data = new Map<string, Value>();
  /** Absolute expiry per volatile key, ms since the epoch (Redis's expires dict). */
  private readonly expiresAtMs = new Map<string, number>();
  /** DELs of keys expired lazily during the current command, in order. */
  private lazyDeletes: Command[] | null = null;

  /** DBSIZE: all keys, including expired ones not yet deleted. */
  get size(): number {
    return this.data.size;
  }

  /** Keys with a TTL (the `expires=` count of INFO keyspace). */
  get volatileKeyCount(): number {
    return this.expiresAtMs.size;
  }

  /** Dispatch by command name; null when `argv[0]` is not a keyspace command. */
  execute(argv: Command, ctx: ExecContext): CommandEffect | null {
    this.lazyDeletes = null;
    switch ((argv[0] ?? '').toUpperCase()) {
      case 'SELECT':
        return this.select(argv);
      case 'SET':
        return this.set(argv, ctx);
      case 'GET':
        return this.get(argv, ctx);
      case 'DEL':
        return this.del(argv, ctx);
      case 'EXISTS':
        return this.exists(argv, ctx);
      case 'INCR':
        return this.incrBy(argv, ctx, 1);
      case 'DECR':
        return this.incrBy(argv, ctx, -1);
      case 'INCRBY':
        return this.incrByArgument(argv, ctx, false);
      case 'DECRBY':
        return this.incrByArgument(argv, ctx, true);
      case 'APPEND':
        return this.append(argv, ctx);
      case 'MSET':
        return this.mset(argv, ctx);
      case 'MGET':
        return this.mget(argv, ctx);
      case 'SADD':
        return this.sadd(argv, ctx);
      case 'SMEMBERS':
        return this.smembers(argv, ctx);
      case 'SCARD':
        return this.scard(argv, ctx);
      case 'SSCAN':
        return this.sscan(argv, ctx);
      case 'RPUSH':
        return this.rpush(argv, ctx);
      case 'LRANGE':
        return this.lrange(argv, ctx);
      case 'LLEN':
        return this.llen(argv, ctx);
      case 'DBSIZE':
        return this.dbsize();
      case 'KEYS':
        return this.keys(argv, ctx);
      case 'FLUSHALL':
      case 'FLUSHDB':
        return this.flush(argv);
      default:
        return null;
    }
  }

  // --- Expiry ---------------------------------------------------------------

  /** keyIsExpired: strictly past its expiry time. */
  isLogicallyExpired(key: string, nowMs: number): boolean {
    const atMs = this.expiresAtMs.get(key);
    return atMs !== undefined && nowMs > atMs;
  }

  /** Remaining TTL in ms, -1 without TTL, -2 when missing (PTTL semantics, no expiry side effects). */
  ttlMs(key: string, nowMs: number): number {
    if (!this.data.has(key) || this.isLogicallyExpired(key, nowMs)) return -2;
    const atMs = this.expiresAtMs.get(key);
    return atMs === undefined ? -1 : atMs - nowMs;
  }

  /**
   * A master's active expiry: deletes up to `maxKeys` expired keys and returns
   * them (each is propagated as its own DEL). Redis samples volatile keys at
   * random; we scan them in TTL-setting order, which keeps runs deterministic.
   */
  activeExpire(nowMs: number, maxKeys: number): string[] {
    const expired: string[] = [];
    for (const [key, atMs] of this.expiresAtMs) {
      if (expired.length >= maxKeys) break;
      if (nowMs > atMs) expired.push(key);
    }
    for (const key of expired) this.removeKey(key);
    return expired;
  }

  /** db.c lookupKey + expireIfNeeded. */
  private lookup(key: string, ctx: ExecContext, forWrite: boolean): Value | undefined {
    const value = this.data.get(key);
    if (value === undefined) return undefined;
    if (ctx.expiry === 'ignore' || !this.isLogicallyExpired(key, ctx.nowMs)) return value;
    if (ctx.expiry === 'hide' && !forWrite) return undefined;
    this.removeKey(key);
    (this.lazyDeletes ??= []).push(['DEL', key]);
    return undefined;
  }

  private removeKey(key: string): boolean {
    if (!this.data.delete(key)) return false;
    this.expiresAtMs.delete(key);
    return true;
  }

  private finish(reply: Reply, dirty: number, own: Command | null): CommandEffect {
    const deletes = this.lazyDeletes;
    if (deletes === null) return { reply, dirty, propagate: own === null ? NO_PROPAGATION : [own] };
    this.lazyDeletes = null;
    if (own !== null) deletes.push(own);
    return { reply, dirty, propagate: deletes };
  }

  // --- Connection-level -------------------------------------------------------

  /** SELECT: we model `databases 1`, so Redis's own answer for any other index is the range error. */
  select(argv: Command): CommandEffect {
    const index = parseInt32(argv[1]!);
    if (index === null) return this.finish(NOT_AN_INTEGER, 0, null);
    return this.finish(index === 0 ? OK : DB_INDEX_OUT_OF_RANGE, 0, null);
  }

  // --- Strings ----------------------------------------------------------------

  /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL] */
  set(argv: Command, ctx: ExecContext): CommandEffect {
    const key = argv[1]!;
    const value = argv[2]!;
    let nx = false;
    let xx = false;
    let withGet = false;
    let keepTtl = false;
    let expireOption: ExpireOption | null = null;
    let expireArg = '';
    // Mirrors parseExtendedStringArgumentsOrReply: an option is accepted
    // unless it conflicts with one already seen; repeating one is fine (the
    // last EX value wins); anything else is a syntax error.
    for (let j = 3; j < argv.length; j++) {
      const opt = argv[j]!;
      const hasNext = j < argv.length - 1;
      if (isKeyword(opt, 'NX') && !xx) nx = true;
      else if (isKeyword(opt, 'XX') && !nx) xx = true;
      else if (isKeyword(opt, 'GET')) withGet = true;
      else if (isKeyword(opt, 'KEEPTTL') && expireOption === null) keepTtl = true;
      else if (hasNext && !keepTtl && (expireOption === null || isKeyword(opt, expireOption))) {
        if (isKeyword(opt, 'EX')) expireOption = 'EX';
        else if (isKeyword(opt, 'PX')) expireOption = 'PX';
        else if (isKeyword(opt, 'EXAT')) expireOption = 'EXAT';
        else if (isKeyword(opt, 'PXAT')) expireOption = 'PXAT';
        else return this.finish(SYNTAX, 0, null);
        expireArg = argv[++j]!;
      } else return this.finish(SYNTAX, 0, null);
    }

    let expire: { readonly atMs: number; readonly atText: string } | null = null;
    if (expireOption !== null) {
      const result = absoluteExpire(expireArg, expireOption, ctx.nowMs, 'set');
      if ('error' in result) return this.finish(result.error, 0, null);
      expire = result;
    }

    let getReply: Reply = NULL_BULK;
    if (withGet) {
      const old = this.lookup(key, ctx, false);
      if (old !== undefined) {
        if (typeof old !== 'string') return this.finish(WRONGTYPE, 0, null);
        getReply = bulk(old);
      }
    }

    const found = this.lookup(key, ctx, true) !== undefined;
    if ((nx && found) || (xx && !found)) return this.finish(withGet ? getReply : NULL_BULK, 0, null);

    this.data.set(key, value);
    if (expire !== null) this.expiresAtMs.set(key, expire.atMs);
    else if (!keepTtl) this.expiresAtMs.delete(key);

    // Propagated form: relative or second-based expiries become an absolute
    // PXAT (dropping everything else, including GET); otherwise GET is removed.
    let own: Command = argv;
    if (expire !== null && expireOption !== 'PXAT') own = ['SET', key, value, 'PXAT', expire.atText];
    else if (withGet && expire === null) own = argv.filter((arg, index) => index < 3 || !isKeyword(arg, 'GET'));
    return this.finish(withGet ? getReply : OK, 1, own);
  }

  get(argv: Command, ctx: ExecContext): CommandEffect {
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(NULL_BULK, 0, null);
    if (typeof value !== 'string') return this.finish(WRONGTYPE, 0, null);
    return this.finish(bulk(value), 0, null);
  }

  /** INCR / DECR and the shared body of INCRBY / DECRBY (t_string.c incrDecrCommand). */
  incrBy(argv: Command, ctx: ExecContext, delta: number | bigint): CommandEffect {
    const key = argv[1]!;
    const current = this.lookup(key, ctx, true);
    let currentValue: number | bigint = 0;
    if (current !== undefined) {
      if (typeof current !== 'string') return this.finish(WRONGTYPE, 0, null);
      const parsed = parseInt64(current);
      if (parsed === null) return this.finish(NOT_AN_INTEGER, 0, null);
      currentValue = parsed;
    }
    const next = addInt64(currentValue, delta);
    if (next === null) return this.finish(INCR_OVERFLOW, 0, null);
    // The TTL of an existing key is kept.
    this.data.set(key, String(next));
    return this.finish(integer(next), 1, argv);
  }

  /** INCRBY / DECRBY: the increment is parsed before the key is looked at. */
  incrByArgument(argv: Command, ctx: ExecContext, negate: boolean): CommandEffect {
    const increment = parseInt64(argv[2]!);
    if (increment === null) return this.finish(NOT_AN_INTEGER, 0, null);
    if (!negate) return this.incrBy(argv, ctx, increment);
    if (increment === INT64_MIN) return this.finish(DECR_OVERFLOW, 0, null);
    return this.incrBy(argv, ctx, -increment);
  }

  append(argv: Command, ctx: ExecContext): CommandEffect {
    const key = argv[1]!;
    const suffix = argv[2]!;
    const current = this.lookup(key, ctx, true);
    let next: string;
    if (current === undefined) {
      next = suffix;
    } else {
      if (typeof current !== 'string') return this.finish(WRONGTYPE, 0, null);
      next = current + suffix;
    }
    const sizeBytes = utf8ByteLength(next);
    // checkStringLength is skipped for the master's own stream (mustObeyClient).
    if (current !== undefined && ctx.expiry !== 'ignore' && sizeBytes > PROTO_MAX_BULK_LEN_BYTES) {
      return this.finish(STRING_TOO_LONG, 0, null);
    }
    this.data.set(key, next);
    return this.finish(integer(sizeBytes), 1, argv);
  }

  mset(argv: Command, ctx: ExecContext): CommandEffect {
    // Odd pair count is reported by the command itself, with the arity text.
    if (argv.length % 2 === 0) return this.finish(wrongArity('mset'), 0, null);
    for (let j = 1; j < argv.length; j += 2) {
      const key = argv[j]!;
      this.lookup(key, ctx, true); // setKey's lookupKeyWrite: may expire the old key
      this.data.set(key, argv[j + 1]!);
      this.expiresAtMs.delete(key);
    }
    return this.finish(OK, (argv.length - 1) / 2, argv);
  }

  /** MGET: missing keys and non-strings are both nil, never WRONGTYPE. */
  mget(argv: Command, ctx: ExecContext): CommandEffect {
    const items: Reply[] = [];
    for (let j = 1; j < argv.length; j++) {
      const value = this.lookup(argv[j]!, ctx, false);
      items.push(typeof value === 'string' ? bulk(value) : NULL_BULK);
    }
    return this.finish(array(items), 0, null);
  }

  // --- Generic keyspace -------------------------------------------------------

  /**
   * DEL. Faithful quirk: on a master an expired key is first expired (its own
   * DEL propagated) and then not counted; on a replica it is deleted and counted.
   */
  del(argv: Command, ctx: ExecContext): CommandEffect {
    let deletedCount = 0;
    for (let j = 1; j < argv.length; j++) {
      const key = argv[j]!;
      if (ctx.expiry === 'delete') this.lookup(key, ctx, true);
      if (this.removeKey(key)) deletedCount++;
    }
    return this.finish(integer(deletedCount), deletedCount, deletedCount > 0 ? argv : null);
  }

  /** EXISTS counts repeated keys each time. */
  exists(argv: Command, ctx: ExecContext): CommandEffect {
    let count = 0;
    for (let j = 1; j < argv.length; j++) if (this.lookup(argv[j]!, ctx, false) !== undefined) count++;
    return this.finish(integer(count), 0, null);
  }

  dbsize(): CommandEffect {
    return this.finish(integer(this.data.size), 0, null);
  }

  /** KEYS: hides expired keys without deleting them (keyIsExpired, on any role). */
  keys(argv: Command, ctx: ExecContext): CommandEffect {
    const pattern = argv[1]!;
    const matchesAll = pattern === '*';
    const matches = matchesAll ? null : compileGlob(pattern);
    const found: string[] = [];
    for (const key of this.data.keys()) {
      if ((matches === null || matches(key)) && !this.isLogicallyExpired(key, ctx.nowMs)) found.push(key);
    }
    return this.finish(bulkArray(found), 0, null);
  }

  /**
   * FLUSHALL / FLUSHDB [ASYNC|SYNC]: always propagated, even on an empty
   * dataset. (Real FLUSHALL also saves the RDB right away when save points are
   * configured; that is the server's job.)
   */
  flush(argv: Command): CommandEffect {
    if (argv.length > 2 || (argv.length === 2 && !isKeyword(argv[1]!, 'ASYNC') && !isKeyword(argv[1]!, 'SYNC'))) {
      return this.finish(SYNTAX, 0, null);
    }
    const removedCount = this.data.size;
    this.data.clear();
    this.expiresAtMs.clear();
    return this.finish(OK, removedCount, argv);
  }

  // --- Sets -----------------------------------------------------------------

  sadd(argv: Command, ctx: ExecContext): CommandEffect {
    const key = argv[1]!;
    const addCount = argv.length - 2;
    const current = this.lookup(key, ctx, true);
    let set: SetValue;
    if (current === undefined) {
      // setTypeCreate: the encoding is chosen from the first member and the count.
      const first = argv[2]!;
      const encoding: SetEncoding =
        isInt64Text(first) && addCount <= SET_MAX_INTSET_ENTRIES
          ? 'intset'
          : addCount <= SET_MAX_LISTPACK_ENTRIES
            ? 'listpack'
            : 'hashtable';
      set = { kind: 'set', members: new MemberSet([], encoding === 'hashtable'), encoding };
      this.data.set(key, set);
    } else {
      if (typeof current === 'string' || current.kind !== 'set') return this.finish(WRONGTYPE, 0, null);
      set = current;
      // setTypeMaybeConvert
      if (
        (set.encoding === 'listpack' && addCount > SET_MAX_LISTPACK_ENTRIES) ||
        (set.encoding === 'intset' && addCount > SET_MAX_INTSET_ENTRIES)
      ) {
        convertSet(set, 'hashtable');
      }
    }
    let addedCount = 0;
    for (let j = 2; j < argv.length; j++) if (addSetMember(set, argv[j]!)) addedCount++;
    return this.finish(integer(addedCount), addedCount, addedCount > 0 ? argv : null);
  }

  /** SMEMBERS: intsets in ascending numeric order, other encodings in insertion order. */
  smembers(argv: Command, ctx: ExecContext): CommandEffect {
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(EMPTY_ARRAY, 0, null);
    if (typeof value === 'string' || value.kind !== 'set') return this.finish(WRONGTYPE, 0, null);
    const members = value.encoding === 'intset' ? sortedIntsetMembers(value.members) : [...value.members].map(memberText);
    return this.finish(bulkArray(members), 0, null);
  }

  scard(argv: Command, ctx: ExecContext): CommandEffect {
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(ZERO, 0, null);
    if (typeof value === 'string' || value.kind !== 'set') return this.finish(WRONGTYPE, 0, null);
    return this.finish(integer(value.members.size), 0, null);
  }

  /**
   * SSCAN key cursor [MATCH pattern] [COUNT count] (db.c scanGenericCommand).
   * The cursor is parsed before the key is looked up, the options after. An
   * intset-encoded (or listpack) set comes back whole with cursor 0, as in
   * Redis. For a hashtable Redis walks buckets in reverse-binary cursor order,
   * about COUNT per call; we page through our iteration order instead
   * (cursor = position, exactly COUNT per page): no member is missed or
   * repeated, which Redis guarantees only for members present throughout.
   */
  sscan(argv: Command, ctx: ExecContext): CommandEffect {
    // strtoul: an optional sign, digits, nothing after, at most 2^64-1 ("-1" wraps to the largest cursor).
    const cursorText = argv[2]!;
    if (!/^[+-]?\d+$/.test(cursorText) || BigInt(cursorText.replace(/^[+-]/, '')) > 0xffffffffffffffffn) return this.finish(INVALID_CURSOR, 0, null);
    const cursor = cursorText.startsWith('-') && BigInt(cursorText) !== 0n ? Number.MAX_SAFE_INTEGER : Number(cursorText.replace(/^\+/, ''));
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(EMPTY_SCAN, 0, null);
    if (typeof value === 'string' || value.kind !== 'set') return this.finish(WRONGTYPE, 0, null);
    let count = 10;
    let pattern: string | null = null;
    for (let i = 3; i < argv.length; i += 2) {
      const option = argv[i]!.toLowerCase();
      if (i + 1 >= argv.length) return this.finish(SYNTAX, 0, null);
      if (option === 'count') {
        const parsed = parseInt64(argv[i + 1]!);
        if (parsed === null) return this.finish(NOT_AN_INTEGER, 0, null);
        if (parsed < 1n) return this.finish(SYNTAX, 0, null);
        count = parsed > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(parsed);
      } else if (option === 'match') pattern = argv[i + 1]!;
      else return this.finish(SYNTAX, 0, null);
    }
    const members = value.members;
    let page: string[];
    let next = 0;
    if (value.encoding !== 'hashtable') page = value.encoding === 'intset' ? sortedIntsetMembers(members) : [...members].map(memberText);
    else {
      const position = cursor;
      page = members.page(position, count).map(memberText);
      if (position + count < members.size) next = position + count;
    }
    if (pattern !== null && pattern !== '*') page = page.filter(compileGlob(pattern));
    return this.finish(array([bulk(String(next)), bulkArray(page)]), 0, null);
  }

  // --- Lists ------------------------------------------------------------------

  rpush(argv: Command, ctx: ExecContext): CommandEffect {
    const key = argv[1]!;
    const current = this.lookup(key, ctx, true);
    let list: ListValue;
    if (current === undefined) {
      list = { kind: 'list', items: [] };
      this.data.set(key, list);
    } else {
      if (typeof current === 'string' || current.kind !== 'list') return this.finish(WRONGTYPE, 0, null);
      list = current;
    }
    for (let j = 2; j < argv.length; j++) list.items.push(argv[j]!);
    const pushedCount = argv.length - 2;
    return this.finish(integer(list.items.length), pushedCount, argv);
  }

  /** LRANGE: indexes are parsed before the key is looked up; negatives count from the end. */
  lrange(argv: Command, ctx: ExecContext): CommandEffect {
    const startArg = parseInt64(argv[2]!);
    const endArg = parseInt64(argv[3]!);
    if (startArg === null || endArg === null) return this.finish(NOT_AN_INTEGER, 0, null);
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(EMPTY_ARRAY, 0, null);
    if (typeof value === 'string' || value.kind !== 'list') return this.finish(WRONGTYPE, 0, null);
    const length = value.items.length;
    // Indexes beyond 2^53 only matter by sign and magnitude, so Number is exact enough.
    let start = Number(startArg);
    let end = Number(endArg);
    if (start < 0) start = length + start;
    if (end < 0) end = length + end;
    if (start < 0) start = 0;
    if (start > end || start >= length) return this.finish(EMPTY_ARRAY, 0, null);
    if (end >= length) end = length - 1;
    return this.finish(bulkArray(value.items.slice(start, end + 1)), 0, null);
  }

  llen(argv: Command, ctx: ExecContext): CommandEffect {
    const value = this.lookup(argv[1]!, ctx, false);
    if (value === undefined) return this.finish(ZERO, 0, null);
    if (typeof value === 'string' || value.kind !== 'list') return this.finish(WRONGTYPE, 0, null);
    return this.finish(integer(value.items.length), 0, null);
  }

  // --- Persistence ----------------------------------------------------------

  /**
   * Estimated size of this dataset as an RDB file: a fixed ~180-byte envelope,
   * then per key its type byte, length-prefixed key, 9 bytes if it has a TTL,
   * and the value as RDB writes it (compact int encodings for small integer
   * strings; intset/listpack blobs for small sets and lists; length-prefixed
   * members otherwise). LZF compression is not modelled.
   */
  sizeBytes(): number {
    let sizeBytes = RDB_FIXED_OVERHEAD_BYTES;
    for (const [key, value] of this.data) {
      sizeBytes += 1 + rdbStringBytes(key) + rdbValueBytes(value);
      if (this.expiresAtMs.has(key)) sizeBytes += RDB_EXPIRE_BYTES;
    }
    return sizeBytes;
  }

  /** Every key with its value and expiry, in no particular order and without copying (DEBUG DIGEST reads them). */
  forEachKey(visit: (key: string, value: KeyValueView, expiresAtMs: number | null) => void): void {
    for (const [key, value] of this.data) visit(key, value, this.expiresAtMs.get(key) ?? null);
  }

  /** An immutable copy, as written to the (simulated) RDB file. Expired keys are kept, as Redis writes them. */
  snapshot(): KeyspaceSnapshot {
    const entries: SnapshotEntry[] = [];
    for (const [key, value] of this.data) {
      let copy: SnapshotValue;
      if (typeof value === 'string') copy = value;
      else if (value.kind === 'list') copy = { kind: 'list', items: value.items.slice() };
      else copy = { kind: 'set', members: [...value.members], encoding: value.encoding };
      entries.push({ key, value: copy, expiresAtMs: this.expiresAtMs.get(key) ?? null });
    }
    return Object.freeze({ entries: Object.freeze(entries), sizeBytes: this.sizeBytes() });
  }

  /** Loads every key, as a replica does (and as any server does with no clock check). */
  static fromSnapshot(snapshot: KeyspaceSnapshot): Keyspace {
    return Keyspace.loadSnapshot(snapshot, 0, false).keyspace;
  }

  /**
   * rdbLoad: a server loading as a master skips keys already expired at
   * `nowMs` and reports them (on restart Redis feeds a DEL for each into its
   * new backlog). A replica loads them all.
   */
  static loadSnapshot(
    snapshot: KeyspaceSnapshot,
    nowMs: number,
    asMaster: boolean,
  ): { keyspace: Keyspace; expiredKeys: string[] } {
    const keyspace = new Keyspace();
    const expiredKeys: string[] = [];
    for (const entry of snapshot.entries) {
      if (asMaster && entry.expiresAtMs !== null && entry.expiresAtMs < nowMs) {
        expiredKeys.push(entry.key);
        continue;
      }
      const stored = entry.value;
      let value: Value;
      if (typeof stored === 'string') value = stored;
      else if (stored.kind === 'list') value = { kind: 'list', items: stored.items.slice() };
      else value = { kind: 'set', members: new MemberSet(stored.members, stored.encoding === 'hashtable'), encoding: stored.encoding };
      keyspace.data.set(entry.key, value);
      if (entry.expiresAtMs !== null) keyspace.expiresAtMs.set(entry.key, entry.expiresAtMs);
    }
    return { keyspace, expiredKeys };
  }
}

// --- Set encoding transitions (t_set.c setTypeAddAux) ------------------------

/** Leaving intset fixes the members in ascending order, as Redis's conversion iterates them. */
function convertSet(set: SetValue, encoding: SetEncoding): void {
  if (set.encoding === 'intset') set.members = new MemberSet(sortedIntsetMembers(set.members).map(memberKey));
  if (encoding === 'hashtable') set.members.useHashtable();
  set.encoding = encoding;
}

function addSetMember(set: SetValue, text: string): boolean {
  const member = memberKey(text);
  if (set.members.has(member)) return false;
  switch (set.encoding) {
    case 'hashtable':
      break;
    case 'listpack':
      if (set.members.size >= SET_MAX_LISTPACK_ENTRIES || utf8ByteLength(text) > SET_MAX_LISTPACK_VALUE_BYTES) {
        convertSet(set, 'hashtable');
      }
      break;
    case 'intset':
      if (typeof member === 'number' || isInt64Text(text)) {
        set.members.add(member);
        if (set.members.size > SET_MAX_INTSET_ENTRIES) convertSet(set, 'hashtable');
        return true;
      }
      // Integers print in at most 20 bytes, so only the count and the new member's length matter.
      convertSet(
        set,
        set.members.size < SET_MAX_LISTPACK_ENTRIES && utf8ByteLength(text) <= SET_MAX_LISTPACK_VALUE_BYTES
          ? 'listpack'
          : 'hashtable',
      );
      break;
  }
  return set.members.add(member);
}

