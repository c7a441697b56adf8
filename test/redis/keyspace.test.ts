import { beforeEach, describe, expect, it } from 'vitest';
import { formatReply, type Command } from '../../src/protocol/resp.js';
import { Keyspace, type CommandEffect, type ExecContext, type ExpiryPolicy } from '../../src/redis/keyspace.js';

const T0 = 1_700_000_000_000;

let ks: Keyspace;
let nowMs: number;
let expiry: ExpiryPolicy;

function run(...cmd: Command): CommandEffect {
  const ctx: ExecContext = { nowMs, expiry };
  const effect = ks.execute(cmd, ctx);
  if (effect === null) throw new Error(`not a keyspace command: ${cmd[0]}`);
  return effect;
}
/** The reply as redis-cli prints it. */
function cli(...cmd: Command): string {
  return formatReply(run(...cmd).reply);
}

beforeEach(() => {
  ks = new Keyspace();
  nowMs = T0;
  expiry = 'delete';
});

describe('SET / GET', () => {
  it('sets and gets, reporting one dirty change and propagating the command', () => {
    const effect = run('SET', 'foo', 'bar');
    expect(formatReply(effect.reply)).toBe('OK');
    expect(effect.dirty).toBe(1);
    expect(effect.propagate).toEqual([['SET', 'foo', 'bar']]);
    const get = run('GET', 'foo');
    expect(formatReply(get.reply)).toBe('"bar"');
    expect(get.dirty).toBe(0);
    expect(get.propagate).toEqual([]);
    expect(cli('GET', 'nope')).toBe('(nil)');
  });

  it('NX and XX', () => {
    expect(cli('SET', 'k', '1', 'XX')).toBe('(nil)');
    expect(run('SET', 'k', '1', 'XX').propagate).toEqual([]);
    expect(cli('SET', 'k', '1', 'nx')).toBe('OK');
    const refused = run('SET', 'k', '2', 'NX');
    expect(formatReply(refused.reply)).toBe('(nil)');
    expect(refused.dirty).toBe(0);
    expect(cli('SET', 'k', '3', 'XX')).toBe('OK');
    expect(cli('GET', 'k')).toBe('"3"');
  });

  it('GET returns the old value, also when NX refuses, and WRONGTYPE leaves the key alone', () => {
    expect(cli('SET', 'k', 'v1', 'GET')).toBe('(nil)');
    expect(cli('SET', 'k', 'v2', 'GET')).toBe('"v1"');
    expect(cli('SET', 'k', 'v3', 'NX', 'GET')).toBe('"v2"');
    expect(cli('GET', 'k')).toBe('"v2"');
    run('RPUSH', 'list', 'a');
    expect(cli('SET', 'list', 'x', 'GET')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(cli('LLEN', 'list')).toBe('(integer) 1');
    // Without GET, SET overwrites any type.
    expect(cli('SET', 'list', 'x')).toBe('OK');
  });

  it('propagates SET ... GET without the GET arguments', () => {
    expect(run('SET', 'k', 'v', 'get', 'XX', 'GET').propagate).toEqual([]);
    expect(run('SET', 'k', 'v', 'get', 'GET').propagate).toEqual([['SET', 'k', 'v']]);
  });

  it('rejects conflicting options with a syntax error', () => {
    const syntax = '(error) ERR syntax error';
    expect(cli('SET', 'k', 'v', 'NX', 'XX')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'XX', 'NX')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'EX', '10', 'PX', '100')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'EX', '10', 'KEEPTTL')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'KEEPTTL', 'PXAT', '10')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'EXAT', '10', 'PXAT', '10')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'EX')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'PERSIST')).toBe(syntax);
    expect(cli('SET', 'k', 'v', 'FOO')).toBe(syntax);
    expect(ks.size).toBe(0);
  });

  it('accepts repeated options; the last expiry wins', () => {
    expect(cli('SET', 'k', 'v', 'NX', 'nx', 'EX', '10', 'ex', '20', 'GET', 'get')).toBe('(nil)');
    expect(ks.ttlMs('k', nowMs)).toBe(20_000);
    expect(cli('SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL')).toBe('OK');
  });

  it('validates expire times like Redis', () => {
    expect(cli('SET', 'k', 'v', 'EX', 'abc')).toBe('(error) ERR value is not an integer or out of range');
    expect(cli('SET', 'k', 'v', 'EX', '1.5')).toBe('(error) ERR value is not an integer or out of range');
    expect(cli('SET', 'k', 'v', 'EX', '0')).toBe("(error) ERR invalid expire time in 'set' command");
    expect(cli('SET', 'k', 'v', 'PX', '-5')).toBe("(error) ERR invalid expire time in 'set' command");
    expect(cli('SET', 'k', 'v', 'EX', '9223372036854776')).toBe("(error) ERR invalid expire time in 'set' command");
    expect(cli('SET', 'k', 'v', 'PX', '9223372036854775807')).toBe(
      "(error) ERR invalid expire time in 'set' command",
    );
    expect(cli('SET', 'k', 'v', 'PXAT', '9223372036854775807')).toBe('OK');
    expect(ks.size).toBe(1);
  });

  it('EX / PX / EXAT become PXAT in the replication stream; PXAT is propagated as sent', () => {
    expect(run('SET', 'a', '1', 'EX', '10').propagate).toEqual([['SET', 'a', '1', 'PXAT', String(T0 + 10_000)]]);
    expect(run('SET', 'b', '1', 'px', '250', 'GET').propagate).toEqual([['SET', 'b', '1', 'PXAT', String(T0 + 250)]]);
    expect(run('SET', 'c', '1', 'EXAT', '1800000000').propagate).toEqual([['SET', 'c', '1', 'PXAT', '1800000000000']]);
    expect(run('SET', 'd', '1', 'PXAT', String(T0 + 5), 'GET').propagate).toEqual([
      ['SET', 'd', '1', 'PXAT', String(T0 + 5), 'GET'],
    ]);
  });

  it('a plain SET clears the TTL, KEEPTTL keeps it', () => {
    run('SET', 'k', 'v', 'PX', '1000');
    run('SET', 'k', 'v2', 'KEEPTTL');
    expect(ks.ttlMs('k', nowMs)).toBe(1000);
    run('SET', 'k', 'v3');
    expect(ks.ttlMs('k', nowMs)).toBe(-1);
  });
});

describe('expiry', () => {
  it('a master deletes an expired key on access and propagates DEL', () => {
    run('SET', 'k', 'v', 'PX', '100');
    nowMs = T0 + 100;
    expect(cli('GET', 'k')).toBe('"v"'); // expired only when now > expire time
    nowMs = T0 + 101;
    const get = run('GET', 'k');
    expect(formatReply(get.reply)).toBe('(nil)');
    expect(get.dirty).toBe(0);
    expect(get.propagate).toEqual([['DEL', 'k']]);
    expect(ks.size).toBe(0);
  });

  it('a write on an expired key propagates the DEL before the command', () => {
    run('SET', 'n', '41', 'PX', '10');
    nowMs = T0 + 11;
    const incr = run('INCR', 'n');
    expect(formatReply(incr.reply)).toBe('(integer) 1');
    expect(incr.propagate).toEqual([['DEL', 'n'], ['INCR', 'n']]);
  });

  it('a replica hides expired keys from reads but keeps them', () => {
    run('SET', 'k', 'v', 'PX', '100');
    expiry = 'hide';
    nowMs = T0 + 500;
    const get = run('GET', 'k');
    expect(formatReply(get.reply)).toBe('(nil)');
    expect(get.propagate).toEqual([]);
    expect(cli('EXISTS', 'k')).toBe('(integer) 0');
    expect(cli('DBSIZE')).toBe('(integer) 1');
    expect(cli('KEYS', '*')).toBe('(empty array)');
  });

  it("commands from the replica's master see expired keys as present", () => {
    run('SET', 'n', '5', 'PX', '100');
    expiry = 'ignore';
    nowMs = T0 + 500;
    expect(cli('INCR', 'n')).toBe('(integer) 6');
    expect(cli('GET', 'n')).toBe('"6"');
    expect(ks.ttlMs('n', nowMs)).toBe(-2); // still logically expired: INCR kept the TTL
  });

  it('DEL of an expired key: 0 on a master (the expiry DEL is propagated), 1 on a replica', () => {
    run('SET', 'k', 'v', 'PX', '10');
    nowMs = T0 + 20;
    const onMaster = run('DEL', 'k');
    expect(formatReply(onMaster.reply)).toBe('(integer) 0');
    expect(onMaster.dirty).toBe(0);
    expect(onMaster.propagate).toEqual([['DEL', 'k']]);

    nowMs = T0;
    run('SET', 'k', 'v', 'PX', '10');
    expiry = 'hide';
    nowMs = T0 + 20;
    expect(cli('DEL', 'k')).toBe('(integer) 1');
  });

  it('activeExpire deletes due keys in a deterministic order', () => {
    run('SET', 'a', '1', 'PX', '10');
    run('SET', 'b', '1', 'PX', '30');
    run('SET', 'c', '1', 'PX', '10');
    run('SET', 'd', '1');
    expect(ks.activeExpire(T0 + 20, 10)).toEqual(['a', 'c']);
    expect(ks.size).toBe(2);
    expect(ks.activeExpire(T0 + 40, 10)).toEqual(['b']);
  });
});

describe('INCR family', () => {
  it('counts from zero and keeps the TTL', () => {
    expect(cli('INCR', 'n')).toBe('(integer) 1');
    expect(cli('INCRBY', 'n', '41')).toBe('(integer) 42');
    expect(cli('DECR', 'n')).toBe('(integer) 41');
    expect(cli('DECRBY', 'n', '-9')).toBe('(integer) 50');
    run('SET', 't', '1', 'EX', '100');
    run('INCR', 't');
    expect(ks.ttlMs('t', nowMs)).toBe(100_000);
  });

  it('rejects non-integers and wrong types', () => {
    run('SET', 's', 'abc');
    expect(cli('INCR', 's')).toBe('(error) ERR value is not an integer or out of range');
    run('SET', 's', ' 1');
    expect(cli('INCR', 's')).toBe('(error) ERR value is not an integer or out of range');
    expect(cli('INCRBY', 'n', '1.5')).toBe('(error) ERR value is not an integer or out of range');
    run('SADD', 'set', 'a');
    expect(cli('INCR', 'set')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    // The increment is parsed first.
    expect(cli('INCRBY', 'set', 'x')).toBe('(error) ERR value is not an integer or out of range');
  });

  it('checks 64-bit overflow exactly', () => {
    run('SET', 'max', '9223372036854775806');
    expect(cli('INCR', 'max')).toBe('(integer) 9223372036854775807');
    const overflow = run('INCR', 'max');
    expect(formatReply(overflow.reply)).toBe('(error) ERR increment or decrement would overflow');
    expect(overflow.dirty).toBe(0);
    expect(overflow.propagate).toEqual([]);
    run('SET', 'min', '-9223372036854775808');
    expect(cli('DECR', 'min')).toBe('(error) ERR increment or decrement would overflow');
    expect(cli('INCRBY', 'min', '9223372036854775807')).toBe('(integer) -1');
    expect(cli('DECRBY', 'x', '-9223372036854775808')).toBe('(error) ERR decrement would overflow');
    expect(cli('INCRBY', 'big', '9007199254740993')).toBe('(integer) 9007199254740993');
    expect(cli('GET', 'big')).toBe('"9007199254740993"');
  });
});

describe('APPEND, MSET, MGET', () => {
  it('APPEND returns the byte length', () => {
    expect(cli('APPEND', 'k', 'ab')).toBe('(integer) 2');
    expect(cli('APPEND', 'k', '€')).toBe('(integer) 5');
    expect(cli('GET', 'k')).toBe('"ab\\xe2\\x82\\xac"');
    run('RPUSH', 'l', 'x');
    expect(cli('APPEND', 'l', 'x')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  it('MSET counts one change per key and checks pairs itself', () => {
    const effect = run('MSET', 'a', '1', 'b', '2');
    expect(formatReply(effect.reply)).toBe('OK');
    expect(effect.dirty).toBe(2);
    expect(cli('MSET', 'a', '1', 'b')).toBe("(error) ERR wrong number of arguments for 'mset' command");
    run('SADD', 's', 'x');
    expect(cli('MGET', 'a', 'nope', 's', 'b')).toBe(['1) "1"', '2) (nil)', '3) (nil)', '4) "2"'].join('\n'));
  });
});

describe('DEL, EXISTS, DBSIZE, FLUSH*, SELECT', () => {
  it('DEL counts deleted keys and is propagated only if something was deleted', () => {
    run('MSET', 'a', '1', 'b', '2');
    const del = run('DEL', 'a', 'a', 'b', 'c');
    expect(formatReply(del.reply)).toBe('(integer) 2');
    expect(del.dirty).toBe(2);
    expect(del.propagate).toEqual([['DEL', 'a', 'a', 'b', 'c']]);
    expect(run('DEL', 'a').propagate).toEqual([]);
  });

  it('EXISTS counts repeats', () => {
    run('SET', 'a', '1');
    expect(cli('EXISTS', 'a', 'a', 'b')).toBe('(integer) 2');
  });

  it('FLUSHALL / FLUSHDB count removed keys and are always propagated', () => {
    run('MSET', 'a', '1', 'b', '2');
    run('SADD', 's', 'x');
    const flush = run('FLUSHALL');
    expect(flush.dirty).toBe(3);
    expect(cli('DBSIZE')).toBe('(integer) 0');
    const empty = run('FLUSHDB', 'async');
    expect(empty.dirty).toBe(0);
    expect(empty.propagate).toEqual([['FLUSHDB', 'async']]);
    expect(cli('FLUSHALL', 'LATER')).toBe('(error) ERR syntax error');
    expect(cli('FLUSHALL', 'SYNC', 'ASYNC')).toBe('(error) ERR syntax error');
  });

  it('SELECT allows only db 0', () => {
    expect(cli('SELECT', '0')).toBe('OK');
    expect(cli('SELECT', '1')).toBe('(error) ERR DB index is out of range');
    expect(cli('SELECT', '-1')).toBe('(error) ERR DB index is out of range');
    expect(cli('SELECT', 'x')).toBe('(error) ERR value is not an integer or out of range');
    expect(cli('SELECT', '4294967296')).toBe('(error) ERR value is not an integer or out of range');
  });

  it('execute returns null for other commands', () => {
    expect(ks.execute(['PING'], { nowMs, expiry })).toBeNull();
  });
});

describe('sets', () => {
  it('members that look alike stay distinct, and come back exactly as written (integers are stored compactly)', () => {
    const members = ['10', '010', '0', '-0', '-7', '1234567890123456789', '123456789012345', '1e3', '+5', ' 5'];
    expect(formatReply(run('SADD', 'h', ...members, 'x').reply)).toBe(`(integer) ${members.length + 1}`);
    expect(formatReply(run('SADD', 'h', ...members).reply)).toBe('(integer) 0');
    expect(cli('SMEMBERS', 'h').split('\n').map((l) => l.replace(/^\s*\d+\) /, ''))).toEqual([...members, 'x'].map((m) => JSON.stringify(m)));
    // An intset, ascending, including a member of more than 15 digits.
    run('SADD', 'i', '300', '-2', '123456789012345678', '7');
    expect(cli('SMEMBERS', 'i').split('\n').map((l) => l.replace(/^\s*\d+\) /, ''))).toEqual(['"-2"', '"7"', '"300"', '"123456789012345678"']);
  });

  it('SADD counts new members; a no-op SADD is not propagated', () => {
    const add = run('SADD', 's', 'a', 'b', 'a');
    expect(formatReply(add.reply)).toBe('(integer) 2');
    expect(add.dirty).toBe(2);
    const again = run('SADD', 's', 'a');
    expect(formatReply(again.reply)).toBe('(integer) 0');
    expect(again.propagate).toEqual([]);
    expect(cli('SCARD', 's')).toBe('(integer) 2');
    expect(cli('SCARD', 'nope')).toBe('(integer) 0');
    expect(cli('SMEMBERS', 'nope')).toBe('(empty array)');
    run('SET', 'str', 'x');
    expect(cli('SADD', 'str', 'a')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(cli('SMEMBERS', 'str')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  it('SMEMBERS: integer sets in numeric order, others in insertion order', () => {
    run('SADD', 'ints', '10', '-3', '2', '100');
    expect(cli('SMEMBERS', 'ints')).toBe(['1) "-3"', '2) "2"', '3) "10"', '4) "100"'].join('\n'));
    run('SADD', 'words', 'pear', 'apple', 'fig');
    expect(cli('SMEMBERS', 'words')).toBe(['1) "pear"', '2) "apple"', '3) "fig"'].join('\n'));
    // An intset converts to a listpack in sorted order, then appends.
    run('SADD', 'ints', 'x', '0');
    expect(cli('SMEMBERS', 'ints')).toBe(
      ['1) "-3"', '2) "2"', '3) "10"', '4) "100"', '5) "x"', '6) "0"'].join('\n'),
    );
    // The encoding is chosen by the first member: "a" first means a listpack.
    run('SADD', 'mixed', 'a', '3', '1');
    expect(cli('SMEMBERS', 'mixed')).toBe(['1) "a"', '2) "3"', '3) "1"'].join('\n'));
    // "01" is not an integer for Redis.
    run('SADD', 'lead', '01', '1');
    expect(cli('SMEMBERS', 'lead')).toBe(['1) "01"', '2) "1"'].join('\n'));
  });
});

describe('lists', () => {
  beforeEach(() => {
    run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
  });

  it('RPUSH returns the length and counts each element as a change', () => {
    const push = run('RPUSH', 'l', 'f', 'g');
    expect(formatReply(push.reply)).toBe('(integer) 7');
    expect(push.dirty).toBe(2);
    expect(cli('LLEN', 'l')).toBe('(integer) 7');
    expect(cli('LLEN', 'nope')).toBe('(integer) 0');
  });

  it('LRANGE with positive, negative and out-of-range indexes', () => {
    const range = (start: string, end: string): string[] => {
      const reply = run('LRANGE', 'l', start, end).reply;
      return reply.type === 'array' && reply.items !== null
        ? reply.items.map((item) => (item.type === 'bulk' ? (item.value ?? '') : '?'))
        : [];
    };
    expect(range('0', '-1')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(range('1', '2')).toEqual(['b', 'c']);
    expect(range('-2', '-1')).toEqual(['d', 'e']);
    expect(range('-100', '1')).toEqual(['a', 'b']);
    expect(range('3', '100')).toEqual(['d', 'e']);
    expect(range('4', '2')).toEqual([]);
    expect(range('5', '10')).toEqual([]);
    expect(range('0', '-6')).toEqual([]);
    expect(range('-9223372036854775808', '9223372036854775807')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(cli('LRANGE', 'nope', '0', '-1')).toBe('(empty array)');
    expect(cli('LRANGE', 'l', '0', 'x')).toBe('(error) ERR value is not an integer or out of range');
    run('SET', 's', 'v');
    expect(cli('LRANGE', 's', '0', '1')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(cli('RPUSH', 's', 'v')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
  });
});

describe('snapshots', () => {
  it('round-trips every type, TTLs and set order, and is independent of later writes', () => {
    run('SET', 's', 'v', 'PX', '5000');
    run('RPUSH', 'l', 'a', 'b');
    run('SADD', 'ints', '3', '1');
    run('SADD', 'words', 'z', 'y');
    const snapshot = ks.snapshot();
    run('RPUSH', 'l', 'c');
    run('SADD', 'words', 'x');
    expect(Object.isFrozen(snapshot.entries)).toBe(true);

    const copy = Keyspace.fromSnapshot(snapshot);
    const ctx: ExecContext = { nowMs, expiry: 'delete' };
    expect(formatReply(copy.execute(['LRANGE', 'l', '0', '-1'], ctx)!.reply)).toBe('1) "a"\n2) "b"');
    expect(formatReply(copy.execute(['SMEMBERS', 'ints'], ctx)!.reply)).toBe('1) "1"\n2) "3"');
    expect(formatReply(copy.execute(['SMEMBERS', 'words'], ctx)!.reply)).toBe('1) "z"\n2) "y"');
    expect(copy.ttlMs('s', nowMs)).toBe(5000);
    expect(copy.sizeBytes()).toBe(snapshot.sizeBytes);
  });

  it('a master loading an RDB drops keys that expired meanwhile and reports them', () => {
    run('SET', 'old', 'v', 'PX', '100');
    run('SET', 'keep', 'v');
    const { keyspace, expiredKeys } = Keyspace.loadSnapshot(ks.snapshot(), T0 + 1000, true);
    expect(expiredKeys).toEqual(['old']);
    expect(keyspace.size).toBe(1);
    expect(Keyspace.loadSnapshot(ks.snapshot(), T0 + 1000, false).keyspace.size).toBe(2);
  });

  it('estimates the RDB size from key and value lengths', () => {
    const empty = ks.sizeBytes();
    run('SET', 'key', 'x'.repeat(100));
    // type + (len + 3) + (len + 100)
    expect(ks.sizeBytes() - empty).toBe(1 + 4 + 2 + 100);
    run('SET', 'n', '12');
    expect(ks.sizeBytes() - empty).toBe(107 + 1 + 2 + 2);
    run('SET', 'n', '12', 'PX', '10');
    expect(ks.sizeBytes() - empty).toBe(107 + 5 + 9);
    const before = ks.sizeBytes();
    run('RPUSH', 'l', ...Array.from({ length: 1000 }, () => 'item'));
    expect(ks.sizeBytes() - before).toBeGreaterThan(6000);
  });
});

describe('SSCAN', () => {
  // Replies and error texts as redis-server 7.0.15 gave them (redis-cli, 2026-12-03).
  it('returns an intset whole with cursor 0, and refuses bad cursors and options with Redis error texts', () => {
    run('SADD', 'small', '3', '1', '2');
    expect(cli('SSCAN', 'small', '0', 'COUNT', '1')).toBe(cli('SSCAN', 'small', '0'));
    expect(formatReply(run('SSCAN', 'small', '0', 'COUNT', '1').reply)).toContain('"0"');
    expect(cli('SSCAN', 'small', '0', 'MATCH', '*2*')).toBe('1) "0"\n2) 1) "2"');
    expect(cli('SSCAN', 'nokey', '0', 'COUNT', '0')).toBe('1) "0"\n2) (empty array)');
    expect(cli('SSCAN', 'small', 'x')).toBe('(error) ERR invalid cursor');
    expect(cli('SSCAN', 'small', '-1')).toBe(cli('SSCAN', 'small', '0'));
    expect(cli('SSCAN', 'small', '0', 'COUNT', '0')).toBe('(error) ERR syntax error');
    expect(cli('SSCAN', 'small', '0', 'COUNT', 'a')).toBe('(error) ERR value is not an integer or out of range');
    expect(cli('SSCAN', 'small', '0', 'FOO')).toBe('(error) ERR syntax error');
    expect(cli('SSCAN', 'small', '0', 'COUNT')).toBe('(error) ERR syntax error');
    run('SET', 'str', 'v');
    expect(cli('SSCAN', 'str', '0')).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(cli('SSCAN', 'str', 'x')).toBe('(error) ERR invalid cursor');
  });

  it('pages through a hashtable set: every member exactly once, in SMEMBERS order, cursor 0 at the end', () => {
    const members = Array.from({ length: 1000 }, (_, i) => String(i * 7));
    run('SADD', 'big', ...members, 'x', 'y');
    const seen: string[] = [];
    let cursor = '0';
    let pages = 0;
    do {
      const reply = run('SSCAN', 'big', cursor, 'COUNT', '300').reply;
      if (reply.type !== 'array' || reply.items === null) throw new Error('not an array');
      const [c, page] = reply.items;
      cursor = c!.type === 'bulk' ? c!.value! : '?';
      if (page!.type === 'array') for (const item of page!.items!) if (item.type === 'bulk') seen.push(item.value!);
      pages++;
    } while (cursor !== '0');
    expect(pages).toBe(4);
    const all = run('SMEMBERS', 'big').reply;
    expect(seen).toEqual(all.type === 'array' ? all.items!.map((i) => (i.type === 'bulk' ? i.value : null)) : []);
    expect(seen).toHaveLength(1002);
  });
});
