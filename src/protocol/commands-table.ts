// The commands the simulated server and Sentinel know, with arity and flags
// from redis/redis 7.2.6 src/commands/*.json. Arity follows Redis: positive =
// exact argc including the name, negative = at least that many.
// Lookup mirrors server.c lookupCommand + commandCheckExistence +
// commandCheckArity, including the "unknown subcommand" and 'config|get'
// full-name forms.

import { unknownCommand, unknownSubcommand, wrongArity } from './errors.js';
import type { Command, ErrorReply } from './resp.js';

/** Flag names as COMMAND INFO prints them, plus the two Sentinel-table markers. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'loading'
  | 'stale'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_multi'
  | 'allow_busy'
  | 'no_async_loading'
  /** Exists in Sentinel mode too. */
  | 'sentinel'
  /** Exists only in Sentinel mode (SENTINEL and its subcommands). */
  | 'only_sentinel';

/** A plain Redis server or a Sentinel: their command tables differ. */
export type ServerMode = 'server' | 'sentinel';

export interface CommandSpec {
  /** Upper-case declared name: "GET", or "GET" for CONFIG GET. */
  readonly name: string;
  /** Redis's full name as used in errors: "get", "config|get". */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  /** Keyed by lower-case subcommand name; only for containers (CONFIG, CLIENT...). */
  readonly subcommands: ReadonlyMap<string, CommandSpec> | null;
  /** The container for a subcommand. */
  readonly parentName: string | null;
}

type Row = readonly [name: string, arity: number, flags: string];

// Top-level commands. Containers are listed with the flags of the container
// entry itself (CONFIG has none; CLIENT only 'sentinel').
const COMMAND_ROWS: readonly Row[] = [
  ['PING', -1, 'fast sentinel'],
  ['ECHO', 2, 'loading stale fast'],
  ['SELECT', 2, 'loading stale fast'],
  ['SET', -3, 'write denyoom'],
  ['GET', 2, 'readonly fast'],
  ['DEL', -2, 'write'],
  ['EXISTS', -2, 'readonly fast'],
  ['INCR', 2, 'write denyoom fast'],
  ['INCRBY', 3, 'write denyoom fast'],
  ['DECR', 2, 'write denyoom fast'],
  ['DECRBY', 3, 'write denyoom fast'],
  ['APPEND', 3, 'write denyoom fast'],
  ['MSET', -3, 'write denyoom'],
  ['MGET', -2, 'readonly fast'],
  ['SADD', -3, 'write denyoom fast'],
  ['SMEMBERS', 2, 'readonly'],
  ['SCARD', 2, 'readonly fast'],
  ['SSCAN', -3, 'readonly'],
  ['RPUSH', -3, 'write denyoom fast'],
  ['LRANGE', 4, 'readonly'],
  ['LLEN', 2, 'readonly fast'],
  ['DBSIZE', 1, 'readonly fast'],
  ['KEYS', 2, 'readonly'],
  ['FLUSHALL', -1, 'write'],
  ['FLUSHDB', -1, 'write'],
  ['MULTI', 1, 'noscript loading stale fast allow_busy'],
  ['EXEC', 1, 'noscript loading stale skip_slowlog'],
  ['DISCARD', 1, 'noscript loading stale fast allow_busy'],
  ['INFO', -1, 'loading stale sentinel'],
  ['ROLE', 1, 'noscript loading stale fast sentinel'],
  ['REPLICAOF', 3, 'no_async_loading admin noscript stale'],
  ['SLAVEOF', 3, 'no_async_loading admin noscript stale'],
  ['CONFIG', -2, ''],
  ['AUTH', -2, 'noscript loading stale fast no_auth sentinel allow_busy'],
  ['HELLO', -1, 'noscript loading stale fast no_auth sentinel allow_busy'],
  ['SAVE', 1, 'no_async_loading admin noscript no_multi'],
  ['BGSAVE', -1, 'no_async_loading admin noscript'],
  ['BGREWRITEAOF', 1, 'no_async_loading admin noscript'],
  ['WAIT', 3, ''],
  ['SHUTDOWN', -1, 'admin noscript loading stale no_multi sentinel allow_busy'],
  ['PUBLISH', 3, 'pubsub loading stale fast may_replicate sentinel'],
  ['SUBSCRIBE', -2, 'pubsub noscript loading stale sentinel'],
  ['UNSUBSCRIBE', -1, 'pubsub noscript loading stale sentinel'],
  ['CLIENT', -2, 'sentinel'],
  ['REPLCONF', -1, 'admin noscript loading stale allow_busy'],
  ['PSYNC', -3, 'no_async_loading admin no_multi noscript'],
  ['SYNC', 1, 'no_async_loading admin no_multi noscript'],
  ['FAILOVER', -1, 'admin noscript stale'],
  ['SENTINEL', -2, 'admin sentinel only_sentinel'],
  ['COMMAND', -1, 'loading stale sentinel'],
];

const SUBCOMMAND_ROWS: ReadonlyMap<string, readonly Row[]> = new Map<string, readonly Row[]>([
  [
    'CONFIG',
    [
      ['GET', -3, 'admin noscript loading stale'],
      ['SET', -4, 'admin noscript loading stale'],
      ['REWRITE', 2, 'admin noscript loading stale'],
      ['RESETSTAT', 2, 'admin noscript loading stale'],
      ['HELP', 2, 'loading stale'],
    ],
  ],
  [
    'CLIENT',
    [
      ['KILL', -3, 'admin noscript loading stale sentinel'],
      ['SETNAME', 3, 'noscript loading stale sentinel'],
      ['GETNAME', 2, 'noscript loading stale sentinel'],
      ['LIST', -2, 'admin noscript loading stale sentinel'],
      ['ID', 2, 'noscript loading stale sentinel'],
      ['INFO', 2, 'noscript loading stale sentinel'],
      ['HELP', 2, 'loading stale sentinel'],
    ],
  ],
  [
    'COMMAND',
    [
      ['COUNT', 2, 'loading stale sentinel'],
      ['INFO', -2, 'loading stale sentinel'],
      ['DOCS', -2, 'loading stale sentinel'],
      ['LIST', -2, 'loading stale sentinel'],
      ['HELP', 2, 'loading stale sentinel'],
    ],
  ],
  [
    'SENTINEL',
    [
      ['CKQUORUM', 3, 'admin sentinel only_sentinel'],
      ['CONFIG', -4, 'admin sentinel only_sentinel'],
      ['DEBUG', -2, 'admin sentinel only_sentinel'],
      ['FAILOVER', 3, 'admin sentinel only_sentinel'],
      ['FLUSHCONFIG', 2, 'admin sentinel only_sentinel'],
      ['GET-MASTER-ADDR-BY-NAME', 3, 'admin sentinel only_sentinel'],
      ['HELP', 2, 'loading stale sentinel only_sentinel'],
      ['INFO-CACHE', -3, 'admin sentinel only_sentinel'],
      ['IS-MASTER-DOWN-BY-ADDR', 6, 'admin sentinel only_sentinel'],
      ['MASTER', 3, 'admin sentinel only_sentinel'],
      ['MASTERS', 2, 'admin sentinel only_sentinel'],
      ['MONITOR', 6, 'admin sentinel only_sentinel'],
      ['MYID', 2, 'admin sentinel only_sentinel'],
      ['PENDING-SCRIPTS', 2, 'admin sentinel only_sentinel'],
      ['REMOVE', 3, 'admin sentinel only_sentinel'],
      ['REPLICAS', 3, 'admin sentinel only_sentinel'],
      ['RESET', 3, 'admin sentinel only_sentinel'],
      ['SENTINELS', 3, 'admin sentinel only_sentinel'],
      ['SET', -5, 'admin sentinel only_sentinel'],
      ['SIMULATE-FAILURE', -3, 'admin sentinel only_sentinel'],
      ['SLAVES', 3, 'admin sentinel only_sentinel'],
    ],
  ],
]);

function parseFlags(flags: string): ReadonlySet<CommandFlag> {
  return new Set(flags === '' ? [] : (flags.split(' ') as CommandFlag[]));
}

/** Whether server.c populateCommandStructure would register this command in `mode`. */
function existsIn(flags: ReadonlySet<CommandFlag>, mode: ServerMode): boolean {
  return mode === 'sentinel' ? flags.has('sentinel') : !flags.has('only_sentinel');
}

function buildTable(mode: ServerMode): ReadonlyMap<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  for (const [name, arity, flagText] of COMMAND_ROWS) {
    const flags = parseFlags(flagText);
    if (!existsIn(flags, mode)) continue;
    const subRows = SUBCOMMAND_ROWS.get(name);
    let subcommands: Map<string, CommandSpec> | null = null;
    if (subRows !== undefined) {
      subcommands = new Map();
      for (const [subName, subArity, subFlagText] of subRows) {
        const subFlags = parseFlags(subFlagText);
        if (!existsIn(subFlags, mode)) continue;
        subcommands.set(subName.toLowerCase(), {
          name: subName,
          fullName: `${name.toLowerCase()}|${subName.toLowerCase()}`,
          arity: subArity,
          flags: subFlags,
          subcommands: null,
          parentName: name,
        });
      }
    }
    table.set(name.toLowerCase(), {
      name,
      fullName: name.toLowerCase(),
      arity,
      flags,
      subcommands,
      parentName: null,
    });
  }
  return table;
}

const TABLES: Readonly<Record<ServerMode, ReadonlyMap<string, CommandSpec>>> = {
  server: buildTable('server'),
  sentinel: buildTable('sentinel'),
};

/** All top-level commands of a mode, in table order. */
export function allCommands(mode: ServerMode = 'server'): ReadonlyMap<string, CommandSpec> {
  return TABLES[mode];
}

/** Top-level command by name, case-insensitive. */
export function lookupCommand(name: string, mode: ServerMode = 'server'): CommandSpec | undefined {
  const table = TABLES[mode];
  return table.get(name) ?? table.get(name.toLowerCase());
}

/**
 * The command `cmd` would run, as server.c lookupCommand resolves it: a
 * container with arguments resolves to its subcommand (undefined if unknown);
 * a bare container (argc 1) resolves to the container itself, whose arity then
 * rejects it (except COMMAND, arity -1).
 */
export function resolveCommand(cmd: Command, mode: ServerMode = 'server'): CommandSpec | undefined {
  const name = cmd[0];
  if (name === undefined) return undefined;
  const base = lookupCommand(name, mode);
  if (base === undefined || base.subcommands === null || cmd.length === 1) return base;
  const subName = cmd[1]!;
  return base.subcommands.get(subName) ?? base.subcommands.get(subName.toLowerCase());
}

export type CommandCheck =
  | { readonly ok: true; readonly spec: CommandSpec }
  | { readonly ok: false; readonly error: ErrorReply };

/** processCommand's first two checks: existence, then arity. */
export function validateCommand(cmd: Command, mode: ServerMode = 'server'): CommandCheck {
  const spec = resolveCommand(cmd, mode);
  if (spec === undefined) {
    const name = cmd[0] ?? '';
    const base = lookupCommand(name, mode);
    // Only reachable with argc >= 2 for a container (see resolveCommand).
    const err = base?.subcommands != null ? unknownSubcommand(name, cmd[1] ?? '') : unknownCommand(cmd);
    return { ok: false, error: err };
  }
  if (!arityMatches(spec.arity, cmd.length)) return { ok: false, error: wrongArity(spec.fullName) };
  return { ok: true, spec };
}

/** The unknown-command or wrong-arity error processCommand would reply, or null if `cmd` passes both. */
export function checkArity(cmd: Command, mode: ServerMode = 'server'): ErrorReply | null {
  const check = validateCommand(cmd, mode);
  return check.ok ? null : check.error;
}

export function arityMatches(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}
