// HELLO [protover [AUTH username password] [SETNAME clientname]], shared by
// the server and Sentinel: the order of checks and the error texts are those
// of redis-server 7.0.15 (networking.c helloCommand), captured with a raw
// socket on 2026-12-03. Inside the simulation replies stay RESP2-shaped
// objects; the protocol a connection chose only changes how `redsim serve`
// encodes them on a real socket (src/protocol/resp3.ts), so HELLO answers a
// flat key/value array here and the served port turns it into a map.

import { REDIS_VERSION } from './info-sections.js';
import { array, bulk, error, integer, type Command, type ErrorReply, type Reply } from './resp.js';

export const NOPROTO = error('NOPROTO unsupported protocol version');
export const BAD_PROTOCOL_VERSION = error('ERR Protocol version is not an integer or out of range');
export const HELLO_NOAUTH = error(
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
);

export interface HelloRequest {
  /** 2 or 3; null keeps the connection's protocol. */
  readonly protocolVersion: 2 | 3 | null;
  readonly auth: { readonly user: string; readonly password: string } | null;
  readonly clientName: string | null;
}

/** Parse HELLO's arguments, or the error Redis answers for them. */
export function parseHello(cmd: Command): HelloRequest | ErrorReply {
  let protocolVersion: 2 | 3 | null = null;
  if (cmd.length >= 2) {
    const text = cmd[1]!;
    // getLongLongFromObject: an optional sign and digits, nothing around them.
    if (!/^-?\d{1,19}$/.test(text)) return BAD_PROTOCOL_VERSION;
    const version = Number(text);
    if (version !== 2 && version !== 3) return NOPROTO;
    protocolVersion = version;
  }
  let auth: HelloRequest['auth'] = null;
  let clientName: string | null = null;
  for (let j = 2; j < cmd.length; j++) {
    const option = cmd[j]!;
    const more = cmd.length - 1 - j;
    if (option.toUpperCase() === 'AUTH' && more >= 2) {
      auth = { user: cmd[j + 1]!, password: cmd[j + 2]! };
      j += 2;
    } else if (option.toUpperCase() === 'SETNAME' && more >= 1) {
      clientName = cmd[j + 1]!;
      j += 1;
    } else {
      return error(`ERR Syntax error in HELLO option '${option}'`);
    }
  }
  return { protocolVersion, auth, clientName };
}

/** HELLO's reply: 7 fields on a server, 6 on a Sentinel (no role). */
export function helloReply(fields: { protocolVersion: 2 | 3; clientId: number; mode: 'standalone' | 'sentinel'; role?: 'master' | 'replica' }): Reply {
  const items: Reply[] = [
    bulk('server'),
    bulk('redis'),
    bulk('version'),
    bulk(REDIS_VERSION),
    bulk('proto'),
    integer(fields.protocolVersion),
    bulk('id'),
    integer(fields.clientId),
    bulk('mode'),
    bulk(fields.mode),
  ];
  if (fields.role !== undefined) items.push(bulk('role'), bulk(fields.role));
  items.push(bulk('modules'), array([]));
  return array(items);
}

/** CLIENT SETNAME / HELLO SETNAME: printable ASCII without spaces (networking.c validateClientName). */
export function isValidClientName(name: string): boolean {
  return /^[!-~]*$/.test(name);
}
