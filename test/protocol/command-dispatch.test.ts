// The command table in src/protocol/commands-table.ts, seen from the protocol
// side: what processCommand answers before any command runs.
import { describe, expect, it } from 'vitest';
import {
  allCommands,
  checkArity,
  lookupCommand,
  resolveCommand,
  validateCommand,
} from '../../src/protocol/commands-table.js';

describe('command table', () => {
  it('looks names up case-insensitively with Redis arity and flags', () => {
    const set = lookupCommand('sEt');
    expect(set?.arity).toBe(-3);
    expect(set?.flags.has('write')).toBe(true);
    expect(set?.flags.has('denyoom')).toBe(true);
    expect(lookupCommand('GET')?.flags.has('readonly')).toBe(true);
    expect(lookupCommand('ping')?.flags.has('stale')).toBe(false); // MASTERDOWN applies to PING
    expect(lookupCommand('info')?.flags.has('stale')).toBe(true);
    expect(lookupCommand('auth')?.flags.has('no_auth')).toBe(true);
    expect(lookupCommand('publish')?.flags.has('may_replicate')).toBe(true);
    expect(lookupCommand('wait')?.flags.size).toBe(0);
    expect(lookupCommand('nope')).toBeUndefined();
  });

  it('accepts exact and minimum arities', () => {
    expect(checkArity(['GET', 'k'])).toBeNull();
    expect(checkArity(['GET'])?.message).toBe("ERR wrong number of arguments for 'get' command");
    expect(checkArity(['get', 'a', 'b'])?.message).toBe("ERR wrong number of arguments for 'get' command");
    expect(checkArity(['SET', 'k'])?.message).toBe("ERR wrong number of arguments for 'set' command");
    expect(checkArity(['SET', 'k', 'v', 'NX', 'GET'])).toBeNull();
    expect(checkArity(['DBSIZE', 'x'])?.message).toBe("ERR wrong number of arguments for 'dbsize' command");
  });

  it('reports unknown commands before arity', () => {
    expect(checkArity(['FOO', 'a'])?.message).toBe("ERR unknown command 'FOO', with args beginning with: 'a' ");
  });

  it('resolves container subcommands and names them parent|sub', () => {
    expect(resolveCommand(['config', 'get', 'maxmemory'])?.fullName).toBe('config|get');
    expect(validateCommand(['CONFIG', 'GET']).ok).toBe(false);
    expect(checkArity(['CONFIG', 'GET'])?.message).toBe(
      "ERR wrong number of arguments for 'config|get' command",
    );
    expect(checkArity(['config'])?.message).toBe("ERR wrong number of arguments for 'config' command");
    expect(checkArity(['config', 'foo'])?.message).toBe("ERR unknown subcommand 'foo'. Try CONFIG HELP.");
    expect(checkArity(['client', 'setname', 'x'])).toBeNull();
    expect(checkArity(['COMMAND'])).toBeNull();
  });

  it('separates the server and Sentinel tables', () => {
    expect(checkArity(['SENTINEL', 'masters'])?.message).toBe(
      "ERR unknown command 'SENTINEL', with args beginning with: 'masters' ",
    );
    expect(checkArity(['SENTINEL', 'masters'], 'sentinel')).toBeNull();
    expect(checkArity(['SENTINEL', 'is-master-down-by-addr', 'h', '1', '0', '*'], 'sentinel')).toBeNull();
    expect(checkArity(['SET', 'k', 'v'], 'sentinel')?.message).toMatch(/^ERR unknown command 'SET'/);
    expect(checkArity(['CONFIG', 'GET', '*'], 'sentinel')?.message).toMatch(/^ERR unknown command 'CONFIG'/);
    expect(lookupCommand('ping', 'sentinel')).toBeDefined();
    expect([...allCommands('sentinel').keys()].sort()).toEqual(
      ['auth', 'client', 'command', 'hello', 'info', 'ping', 'publish', 'role', 'sentinel', 'shutdown', 'subscribe', 'unsubscribe'],
    );
  });
});
