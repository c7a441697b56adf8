// HELLO on the simulated server and Sentinel, and the RESP3 encoding `redsim
// serve` gives replies after HELLO 3. Every expected text and byte string was
// captured from redis-server / redis-sentinel 7.0.15 with a raw socket
// (2026-12-03); ids and run-time fields aside, the bytes must match.
import { describe, expect, it } from 'vitest';
import { redisWorld } from '../redis/harness.js';
import { array, bulk, bulkArray, integer } from '../../src/protocol/resp.js';
import { encodeReplyResp3, isPubSubPush, resp3ShapeFor } from '../../src/protocol/resp3.js';
import { encodeReply } from '../../src/protocol/resp.js';

const helloMapServer = (id: number, proto: number) =>
  `%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n`;

describe('HELLO', () => {
  it('a server answers errors in Redis 7.0 order and texts, then switches protocol', () => {
    const w = redisWorld({ m1: {}, r2: { replicaof: 'm1 6379' } });
    w.runFor(100);
    expect(w.cli('m1', 'HELLO', '4')).toBe('(error) NOPROTO unsupported protocol version');
    expect(w.cli('m1', 'HELLO', 'x')).toBe('(error) ERR Protocol version is not an integer or out of range');
    expect(w.cli('m1', 'HELLO', '3', 'FOO')).toBe("(error) ERR Syntax error in HELLO option 'FOO'");
    expect(w.cli('m1', 'HELLO', '3', 'SETNAME')).toBe("(error) ERR Syntax error in HELLO option 'SETNAME'");
    expect(w.cli('m1', 'HELLO', '3', 'AUTH', 'default')).toBe("(error) ERR Syntax error in HELLO option 'AUTH'");
    expect(w.cli('m1', 'HELLO', '3', 'SETNAME', 'a b')).toBe('(error) ERR Client names cannot contain spaces, newlines or special characters.');
    const reply = w.cmd('m1', 'HELLO', '3', 'SETNAME', 'app1');
    expect(reply.type).toBe('array');
    const fields = new Map<string, string>();
    const items = reply.type === 'array' ? reply.items! : [];
    for (let i = 0; i < items.length; i += 2) fields.set(encodeReply(items[i]!), encodeReply(items[i + 1]!));
    expect([...fields.keys()].map((k) => k.split('\r\n')[1])).toEqual(['server', 'version', 'proto', 'id', 'mode', 'role', 'modules']);
    expect(fields.get('$5\r\nproto\r\n')).toBe(':3\r\n');
    expect(w.cli('m1', 'CLIENT', 'GETNAME')).toBe('"app1"');
    expect(w.cli('m1', 'CLIENT', 'INFO')).toMatch(/name=app1 .* resp=3\\n"$/);
    // a replica says so
    expect(w.cli('r2', 'HELLO')).toContain('"replica"');
    // subscribed in RESP3, other commands still work (RESP2 forbids them)
    w.cmd('m1', 'SUBSCRIBE', 'ch');
    expect(w.cli('m1', 'PING')).toBe('PONG');
  });

  it('with requirepass: NOAUTH until HELLO AUTH, WRONGPASS for a wrong one', () => {
    const w = redisWorld({ m1: { requirepass: 'sekret' } });
    expect(w.cli('m1', 'HELLO', '3')).toBe(
      '(error) NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
    expect(w.cli('m1', 'HELLO', '3', 'AUTH', 'default', 'wrong')).toBe('(error) WRONGPASS invalid username-password pair or user is disabled.');
    expect(w.cli('m1', 'HELLO', '2', 'AUTH', 'default', 'sekret')).toContain('"proto"');
    expect(w.cli('m1', 'GET', 'k')).toBe('(nil)');
  });

  it('a Sentinel answers six fields, mode sentinel and no role', () => {
    const w = redisWorld({ m1: {} }, { sentinels: { names: ['s1'], monitor: { name: 'mymaster', master: 'm1', quorum: 1 } } });
    const reply = w.cmd('s1', 'HELLO', '3');
    const keys = reply.type === 'array' ? reply.items!.filter((_, i) => i % 2 === 0).map((r) => (r.type === 'bulk' ? r.value : '')) : [];
    expect(keys).toEqual(['server', 'version', 'proto', 'id', 'mode', 'modules']);
    expect(encodeReplyResp3(reply, resp3ShapeFor(['HELLO', '3'], 'sentinel'))).toMatch(/^%6\r\n.*\$4\r\nmode\r\n\$8\r\nsentinel\r\n\$7\r\nmodules\r\n\*0\r\n$/s);
    expect(w.cli('s1', 'HELLO', '9')).toBe('(error) NOPROTO unsupported protocol version');
  });
});

describe('RESP3 encoding of served replies', () => {
  it('HELLO, nulls, sets, maps and verbatim strings as redis-server 7.0.15 sends them', () => {
    const hello = bulkArray(['server', 'redis', 'version', '7.0.15', 'proto']);
    expect(encodeReplyResp3(array([...(hello.items ?? []), integer(3), bulk('id'), integer(6), bulk('mode'), bulk('standalone'), bulk('role'), bulk('master'), bulk('modules'), array([])]), 'map')).toBe(helloMapServer(6, 3));
    expect(encodeReplyResp3(bulk(null), resp3ShapeFor(['GET', 'nokey'], 'redis'))).toBe('_\r\n');
    expect(encodeReplyResp3(bulkArray(['b', 'a']), resp3ShapeFor(['SMEMBERS', 's'], 'redis'))).toBe('~2\r\n$1\r\nb\r\n$1\r\na\r\n');
    expect(encodeReplyResp3(bulkArray(['maxmemory', '0']), resp3ShapeFor(['CONFIG', 'GET', 'maxmemory'], 'redis'))).toBe('%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
    expect(encodeReplyResp3(array([bulk('0'), bulkArray(['a', 'b'])]), resp3ShapeFor(['SSCAN', 's', '0'], 'redis'))).toBe('*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(encodeReplyResp3(bulk('# Server\r\n'), resp3ShapeFor(['INFO', 'server'], 'redis'))).toBe('=14\r\ntxt:# Server\r\n\r\n');
    expect(encodeReplyResp3(bulk('# Sentinel\r\n'), resp3ShapeFor(['INFO'], 'sentinel'))).toBe('$12\r\n# Sentinel\r\n\r\n');
    expect(encodeReplyResp3(array([bulk(null)]), 'plain')).toBe('*1\r\n_\r\n');
    expect(encodeReplyResp3(array([bulkArray(['name', 'mymaster'])]), resp3ShapeFor(['SENTINEL', 'MASTERS'], 'sentinel'))).toBe('*1\r\n%1\r\n$4\r\nname\r\n$8\r\nmymaster\r\n');
    const confirm = array([bulk('subscribe'), bulk('ch'), integer(1)]);
    expect(isPubSubPush(confirm)).toBe(true);
    expect(isPubSubPush(bulkArray(['pong', '']))).toBe(false);
    expect(encodeReplyResp3(confirm, 'push')).toBe('>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n');
  });
});
