import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ARRAY,
  NULL_ARRAY,
  NULL_BULK,
  OK,
  PONG,
  QUEUED,
  array,
  bulk,
  bulkArray,
  commandBytes,
  encodeCommand,
  encodeReply,
  error,
  formatReply,
  integer,
  replyBytes,
  simple,
  utf8ByteLength,
  type Reply,
} from '../../src/protocol/resp.js';

describe('commandBytes / encodeCommand', () => {
  it('SET foo bar is 31 bytes', () => {
    const cmd = ['SET', 'foo', 'bar'];
    expect(encodeCommand(cmd)).toBe('*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n');
    expect(commandBytes(cmd)).toBe(31);
  });

  it('PING is 14 bytes, the keepalive the master injects into the stream', () => {
    expect(commandBytes(['PING'])).toBe(14);
  });

  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800')).toBe(3); // lone surrogate -> U+FFFD
    expect(commandBytes(['SET', 'k', '€'])).toBe(Buffer.byteLength(encodeCommand(['SET', 'k', '€'])));
    expect(encodeCommand(['SET', 'k', '€'])).toContain('$3\r\n€\r\n');
  });

  it('counts long texts (the native path) exactly as short ones, lone surrogates included', () => {
    const pieces = ['a', 'é', '€', '😀', '\ud800', '\udc00', 'role:master\r\n'];
    for (let n = 1; n < 200; n += 7) {
      let text = '';
      for (let i = 0; i < n; i++) text += pieces[(i * 31 + n) % pieces.length];
      const shortSum = [...text].reduce((sum, ch) => sum + utf8ByteLength(ch), 0);
      expect(utf8ByteLength(text), text).toBe(shortSum);
    }
  });

  it('handles multi-digit lengths and argc', () => {
    const longArg = 'x'.repeat(12345);
    const cmd = ['RPUSH', 'k', ...Array.from({ length: 10 }, (_, i) => String(i)), longArg];
    expect(commandBytes(cmd)).toBe(Buffer.byteLength(encodeCommand(cmd)));
  });

  it('matches the encoded length for arbitrary commands', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 12 }), (cmd) => {
        expect(commandBytes(cmd)).toBe(Buffer.byteLength(encodeCommand(cmd), 'utf8'));
      }),
    );
  });
});

describe('replyBytes / encodeReply', () => {
  it('encodes each RESP2 type exactly', () => {
    expect(encodeReply(OK)).toBe('+OK\r\n');
    expect(encodeReply(error('ERR syntax error'))).toBe('-ERR syntax error\r\n');
    expect(encodeReply(integer(-42))).toBe(':-42\r\n');
    expect(encodeReply(integer(9223372036854775807n))).toBe(':9223372036854775807\r\n');
    expect(encodeReply(bulk('bar'))).toBe('$3\r\nbar\r\n');
    expect(encodeReply(bulk(''))).toBe('$0\r\n\r\n');
    expect(encodeReply(NULL_BULK)).toBe('$-1\r\n');
    expect(encodeReply(NULL_ARRAY)).toBe('*-1\r\n');
    expect(encodeReply(EMPTY_ARRAY)).toBe('*0\r\n');
    expect(encodeReply(array([bulk('a'), integer(1), array([simple('x')])]))).toBe(
      '*3\r\n$1\r\na\r\n:1\r\n*1\r\n+x\r\n',
    );
  });

  it('sizes known replies', () => {
    expect(replyBytes(OK)).toBe(5);
    expect(replyBytes(PONG)).toBe(7);
    expect(replyBytes(QUEUED)).toBe(9);
    expect(replyBytes(NULL_BULK)).toBe(5);
    expect(replyBytes(integer(1000))).toBe(7);
    expect(replyBytes(bulk('bar'))).toBe(9);
    expect(replyBytes(bulk('€'))).toBe(9);
    expect(replyBytes(EMPTY_ARRAY)).toBe(4);
  });

  it('matches the encoded length for arbitrary replies', () => {
    const replyArb: fc.Arbitrary<Reply> = fc.letrec<{ reply: Reply }>((tie) => ({
      reply: fc.oneof(
        { depthSize: 'small' },
        fc.string().map((s) => simple(s.replace(/[\r\n]/g, ''))),
        fc.string().map((s) => error(`ERR ${s.replace(/[\r\n]/g, '')}`)),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => integer(n)),
        fc.option(fc.string({ unit: 'grapheme' })).map((s) => bulk(s)),
        fc.option(fc.array(tie('reply'), { maxLength: 4 })).map((items) => array(items)),
      ),
    })).reply;
    fc.assert(
      fc.property(replyArb, (reply) => {
        expect(replyBytes(reply)).toBe(Buffer.byteLength(encodeReply(reply), 'utf8'));
      }),
    );
  });
});

describe('constructors', () => {
  it('shares singletons for common replies', () => {
    expect(bulk(null)).toBe(NULL_BULK);
    expect(array(null)).toBe(NULL_ARRAY);
    expect(array([])).toBe(EMPTY_ARRAY);
    expect(integer(7)).toBe(integer(7));
    expect(integer(5n)).toEqual({ type: 'integer', value: 5 });
    expect(typeof integer(2n ** 60n).value).toBe('bigint');
  });
});

describe('formatReply (redis-cli)', () => {
  it('formats scalars', () => {
    expect(formatReply(OK)).toBe('OK');
    expect(formatReply(integer(1))).toBe('(integer) 1');
    expect(formatReply(bulk('bar'))).toBe('"bar"');
    expect(formatReply(NULL_BULK)).toBe('(nil)');
    expect(formatReply(NULL_ARRAY)).toBe('(nil)');
    expect(formatReply(error('ERR syntax error'))).toBe('(error) ERR syntax error');
    expect(formatReply(EMPTY_ARRAY)).toBe('(empty array)');
  });

  it('escapes bulk strings like sdscatrepr', () => {
    expect(formatReply(bulk('a"b\\c\n\r\t'))).toBe('"a\\"b\\\\c\\n\\r\\t"');
    expect(formatReply(bulk('é'))).toBe('"\\xc3\\xa9"');
    expect(formatReply(bulk('\x00'))).toBe('"\\x00"');
  });

  it('numbers arrays and indents nested ones', () => {
    const reply = array([bulk('master'), integer(3129), array([bulkArray(['127.0.0.1', '6380', '3129'])])]);
    expect(formatReply(reply)).toBe(
      ['1) "master"', '2) (integer) 3129', '3) 1) 1) "127.0.0.1"', '      2) "6380"', '      3) "3129"'].join('\n'),
    );
  });

  it('pads indexes to the widest one', () => {
    const reply = bulkArray(Array.from({ length: 10 }, (_, i) => `k${i}`));
    const lines = formatReply(reply).split('\n');
    expect(lines[0]).toBe(' 1) "k0"');
    expect(lines[9]).toBe('10) "k9"');
  });
});
