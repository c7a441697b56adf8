// Redis 7.2 error replies, texts checked against redis/redis tag 7.2.6
// (server.c createSharedObjects/processCommand, t_string.c, db.c, multi.c,
// acl.c, replication.c, config.c, networking.c, rdb.c, timeout.c).
// addReplyError() prefixes "ERR " unless the text starts with its own code
// ("-WRONGPASS ..."); the messages below already include the code.

import { error, simple, type Command, type ErrorReply, type SimpleStringReply } from './resp.js';

// --- Command dispatch (server.c commandCheckExistence / commandCheckArity) ---

/** Longest name or argument excerpt Redis puts in an unknown-command error, in bytes. */
const UNKNOWN_COMMAND_EXCERPT_BYTES = 128;

/**
 * `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (note the
 * trailing space after each quoted arg). The name is cut to 128 bytes; args are
 * appended while the arg text is under 128 bytes, each cut so the text does not
 * exceed 128. CR/LF become spaces so the reply stays one line.
 */
export function unknownCommand(cmd: Command): ErrorReply {
  const name = truncateBytes(cmd[0] ?? '', UNKNOWN_COMMAND_EXCERPT_BYTES);
  let args = '';
  let argsBytes = 0;
  for (let i = 1; i < cmd.length && argsBytes < UNKNOWN_COMMAND_EXCERPT_BYTES; i++) {
    const excerpt = truncateBytes(cmd[i]!, UNKNOWN_COMMAND_EXCERPT_BYTES - argsBytes);
    args += `'${excerpt}' `;
    argsBytes += byteLength(excerpt) + 3;
  }
  return error(oneLine(`ERR unknown command '${name}', with args beginning with: ${args}`));
}

/** `ERR unknown subcommand 'x'. Try CONFIG HELP.` (container name upper-cased as typed). */
export function unknownSubcommand(containerName: string, subcommandName: string): ErrorReply {
  const sub = truncateBytes(subcommandName, UNKNOWN_COMMAND_EXCERPT_BYTES);
  return error(oneLine(`ERR unknown subcommand '${sub}'. Try ${containerName.toUpperCase()} HELP.`));
}

/** `fullName` is Redis's lower-case full name: 'get', 'config|get'. */
export function wrongArity(fullName: string): ErrorReply {
  return error(`ERR wrong number of arguments for '${fullName}' command`);
}

// --- Data type and argument errors ---

export const WRONGTYPE = error('WRONGTYPE Operation against a key holding the wrong kind of value');
export const NOT_AN_INTEGER = error('ERR value is not an integer or out of range');
export const SYNTAX = error('ERR syntax error');
export const INCR_OVERFLOW = error('ERR increment or decrement would overflow');
/** DECRBY with -2^63: negating it would overflow before the add is checked. */
export const DECR_OVERFLOW = error('ERR decrement would overflow');
export const STRING_TOO_LONG = error('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
export const DB_INDEX_OUT_OF_RANGE = error('ERR DB index is out of range');
export const TIMEOUT_NOT_AN_INTEGER = error('ERR timeout is not an integer or out of range');
export const TIMEOUT_NEGATIVE = error('ERR timeout is negative');

/** `ERR invalid expire time in 'set' command` */
export function invalidExpireTime(fullName: string): ErrorReply {
  return error(`ERR invalid expire time in '${fullName}' command`);
}

// --- Gating in processCommand (order there: NOAUTH, no-multi, ..., OOM,
// MISCONF, NOREPLICAS, READONLY, pubsub context, MASTERDOWN, LOADING) ---

export const NOAUTH = error('NOAUTH Authentication required.');
export const NOT_ALLOWED_IN_TRANSACTION = error('ERR Command not allowed inside a transaction');
export const OOM = error("OOM command not allowed when used memory > 'maxmemory'.");
export const NOREPLICAS = error('NOREPLICAS Not enough good replicas to write.');
export const READONLY = error("READONLY You can't write against a read only replica.");
export const MASTERDOWN = error(
  "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
);
export const LOADING = error('LOADING Redis is loading the dataset in memory');
export const REPLICA_CANNOT_TOUCH_KEYSPACE = error("ERR Replica can't interact with the keyspace");

/** A RESP2 client in subscribe mode sent something other than (P|S)(UN)SUBSCRIBE/PING/QUIT/RESET. */
export function notAllowedInPubSubContext(fullName: string): ErrorReply {
  return error(
    `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  );
}

// --- Authentication (acl.c) ---

export const WRONGPASS = error('WRONGPASS invalid username-password pair or user is disabled.');
export const AUTH_WITHOUT_PASSWORD_CONFIGURED = error(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);

// --- Transactions (multi.c) ---

export const MULTI_NESTED = error('ERR MULTI calls can not be nested');
export const EXEC_WITHOUT_MULTI = error('ERR EXEC without MULTI');
export const DISCARD_WITHOUT_MULTI = error('ERR DISCARD without MULTI');
/** EXEC after a command failed to queue (unknown command, arity, gating...). */
export const EXECABORT = error('EXECABORT Transaction discarded because of previous errors.');

/** EXEC itself rejected by processCommand gating (e.g. READONLY): the reason is embedded. */
export function execAbortBecause(reason: ErrorReply): ErrorReply {
  return error(`EXECABORT Transaction discarded because of: ${reason.message}`);
}

// --- Replication (replication.c) ---

export const WAIT_ON_REPLICA = error(
  'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
);
export const REPLICAOF_WHILE_FAILING_OVER = error('ERR REPLICAOF not allowed while failing over.');
export const REPLICAOF_FROM_REPLICA_CLIENT = error('ERR Command is not valid when client is a replica.');
/** Both for a non-integer and an out-of-range (0..65535) port. */
export const INVALID_MASTER_PORT = error('ERR Invalid master port');
export const NOMASTERLINK_NOT_CONNECTED = error("NOMASTERLINK Can't SYNC while not connected with my master");
export const NOMASTERLINK_FAILING_OVER = error("NOMASTERLINK Can't SYNC while failing over");
export const PSYNC_FAILOVER_TO_MASTER = error("ERR PSYNC FAILOVER can't be sent to a master.");
export const PSYNC_FAILOVER_REPLID_MISMATCH = error('ERR PSYNC FAILOVER replid must match my replid.');

export const FAILOVER_NOT_IN_PROGRESS = error('ERR No failover in progress.');
export const FAILOVER_TIMEOUT_NOT_POSITIVE = error('ERR FAILOVER timeout must be greater than 0');
export const FAILOVER_ALREADY_IN_PROGRESS = error('ERR FAILOVER already in progress.');
export const FAILOVER_ON_REPLICA = error('ERR FAILOVER is not valid when server is a replica.');
export const FAILOVER_NO_REPLICAS = error('ERR FAILOVER requires connected replicas.');
export const FAILOVER_FORCE_NEEDS_TIMEOUT_AND_TARGET = error(
  'ERR FAILOVER with force option requires both a timeout and target HOST and IP.',
);
export const FAILOVER_TARGET_NOT_REPLICA = error('ERR FAILOVER target HOST and PORT is not a replica.');
export const FAILOVER_TARGET_NOT_ONLINE = error('ERR FAILOVER target replica is not online.');

// --- Persistence, config, clients, shutdown ---

export const BGSAVE_IN_PROGRESS = error('ERR Background save already in progress');
export const BGSAVE_AOF_CHILD_ACTIVE = error(
  "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
);
export const BGREWRITEAOF_IN_PROGRESS = error('ERR Background append only file rewriting already in progress');
export const CONFIG_WITHOUT_FILE = error('ERR The server is running without a config file');
export const NO_SUCH_CLIENT = error('ERR No such client');
export const INVALID_CLIENT_NAME = error(
  'ERR Client names cannot contain spaces, newlines or special characters.',
);
export const SHUTDOWN_FAILED = error('ERR Errors trying to SHUTDOWN. Check logs.');

export function configSetUnknownOption(name: string): ErrorReply {
  return error(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
}

/** `reason` is config.c's errstr, e.g. "argument must be a memory value". */
export function configSetFailed(name: string, reason?: string): ErrorReply {
  return error(
    reason === undefined
      ? `ERR CONFIG SET failed (possibly related to argument '${name}')`
      : `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`,
  );
}

// --- Fixed status replies that go with the commands above (not errors) ---

export const ALREADY_CONNECTED_TO_MASTER: SimpleStringReply = simple('OK Already connected to specified master');
export const BGSAVE_STARTED: SimpleStringReply = simple('Background saving started');
export const BGSAVE_SCHEDULED: SimpleStringReply = simple('Background saving scheduled');
export const BGREWRITEAOF_STARTED: SimpleStringReply = simple('Background append only file rewriting started');
export const BGREWRITEAOF_SCHEDULED: SimpleStringReply = simple('Background append only file rewriting scheduled');

// ---------------------------------------------------------------------------

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function byteLength(s: string): number {
  return isAscii(s) ? s.length : new TextEncoder().encode(s).length;
}

// Redis cuts at a byte count (printf precision). For non-ASCII text a cut
// inside a multi-byte character decodes to U+FFFD here, where Redis would emit
// the raw partial bytes: a simplification with no effect on ASCII commands.
function truncateBytes(s: string, maxBytes: number): string {
  if (isAscii(s)) return s.length <= maxBytes ? s : s.slice(0, maxBytes);
  const bytes = new TextEncoder().encode(s);
  return bytes.length <= maxBytes ? s : new TextDecoder().decode(bytes.subarray(0, maxBytes));
}
