import { describe, expect, it } from 'vitest';
import {
  EXECABORT,
  LOADING,
  MASTERDOWN,
  NOAUTH,
  NOREPLICAS,
  READONLY,
  WRONGPASS,
  WRONGTYPE,
  execAbortBecause,
  invalidExpireTime,
  unknownCommand,
  unknownSubcommand,
  wrongArity,
} from '../../src/protocol/errors.js';
import { encodeReply } from '../../src/protocol/resp.js';

describe('error texts (Redis 7.2)', () => {
  it('unknown command lists the args, each followed by a space', () => {
    expect(unknownCommand(['foo', 'a', 'b']).message).toBe(
      "ERR unknown command 'foo', with args beginning with: 'a' 'b' ",
    );
    expect(unknownCommand(['foo']).message).toBe("ERR unknown command 'foo', with args beginning with: ");
  });

  it('unknown command truncates the name and the args to 128 bytes', () => {
    const longName = 'n'.repeat(200);
    expect(unknownCommand([longName]).message).toBe(
      `ERR unknown command '${'n'.repeat(128)}', with args beginning with: `,
    );
    // First arg fills 100 + 3 bytes; the second is cut to the 25 bytes left; no third.
    const message = unknownCommand(['foo', 'a'.repeat(100), 'b'.repeat(50), 'c']).message;
    expect(message).toBe(`ERR unknown command 'foo', with args beginning with: '${'a'.repeat(100)}' '${'b'.repeat(25)}' `);
    // One huge arg stops the list.
    expect(unknownCommand(['foo', 'x'.repeat(300), 'y']).message).toBe(
      `ERR unknown command 'foo', with args beginning with: '${'x'.repeat(128)}' `,
    );
  });

  it('unknown command replaces CR/LF by spaces', () => {
    expect(unknownCommand(['fo\r\no', 'a\nb']).message).toBe(
      "ERR unknown command 'fo  o', with args beginning with: 'a b' ",
    );
  });

  it('subcommand and arity errors', () => {
    expect(unknownSubcommand('config', 'foo').message).toBe("ERR unknown subcommand 'foo'. Try CONFIG HELP.");
    expect(wrongArity('get').message).toBe("ERR wrong number of arguments for 'get' command");
    expect(wrongArity('config|get').message).toBe("ERR wrong number of arguments for 'config|get' command");
    expect(invalidExpireTime('set').message).toBe("ERR invalid expire time in 'set' command");
  });

  it('gating errors', () => {
    expect(encodeReply(READONLY)).toBe("-READONLY You can't write against a read only replica.\r\n");
    expect(encodeReply(MASTERDOWN)).toBe(
      "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n",
    );
    expect(NOREPLICAS.message).toBe('NOREPLICAS Not enough good replicas to write.');
    expect(NOAUTH.message).toBe('NOAUTH Authentication required.');
    expect(WRONGPASS.message).toBe('WRONGPASS invalid username-password pair or user is disabled.');
    expect(LOADING.message).toBe('LOADING Redis is loading the dataset in memory');
    expect(WRONGTYPE.message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  it('EXECABORT, plain and with an embedded reason', () => {
    expect(EXECABORT.message).toBe('EXECABORT Transaction discarded because of previous errors.');
    expect(execAbortBecause(READONLY).message).toBe(
      "EXECABORT Transaction discarded because of: READONLY You can't write against a read only replica.",
    );
  });
});
