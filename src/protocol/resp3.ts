// How a reply goes out on a real socket whose client chose RESP3 with HELLO 3
// (`redsim serve` only: simulated processes all speak RESP2). Inside the
// simulation replies are RESP2-shaped; which RESP3 type a reply takes depends
// on the command that asked for it, as in Redis where each command calls
// addReplyMapLen / addReplySetLen / addReplyVerbatim. The shapes below were
// captured from redis-server and redis-sentinel 7.0.15 on 2026-12-03:
//   nulls                        `_`
//   HELLO, CONFIG GET            map `%`
//   SMEMBERS                     set `~`
//   INFO (server), CLIENT INFO/LIST   verbatim `=…txt:` (Sentinel's INFO stays bulk)
//   SENTINEL MASTER              map; SENTINEL MASTERS/REPLICAS/SLAVES/SENTINELS an array of maps
//   Pub/Sub messages and (un)subscribe confirmations   push `>`
// Simplification: replies nested in EXEC keep their RESP2 shape (nulls excepted).

import { encodeReply, utf8ByteLength, type Command, type Reply } from './resp.js';

export type Resp3Shape = 'plain' | 'map' | 'set' | 'verbatim' | 'maps' | 'push';

/** The RESP3 shape of the reply to `command`, on a server or a Sentinel. */
export function resp3ShapeFor(command: Command, kind: 'redis' | 'sentinel'): Resp3Shape {
  const name = command[0]?.toUpperCase() ?? '';
  const sub = command[1]?.toUpperCase() ?? '';
  switch (name) {
    case 'HELLO':
      return 'map';
    case 'CONFIG':
      return sub === 'GET' ? 'map' : 'plain';
    case 'SMEMBERS':
      return 'set';
    case 'INFO':
      return kind === 'redis' ? 'verbatim' : 'plain';
    case 'CLIENT':
      return sub === 'INFO' || sub === 'LIST' ? 'verbatim' : 'plain';
    case 'SENTINEL':
      if (sub === 'MASTER') return 'map';
      return sub === 'MASTERS' || sub === 'REPLICAS' || sub === 'SLAVES' || sub === 'SENTINELS' ? 'maps' : 'plain';
    default:
      return 'plain';
  }
}

const PUSH_KINDS = new Set(['message', 'pmessage', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe']);

/** A Pub/Sub message or (un)subscribe confirmation, which RESP3 sends as a push. */
export function isPubSubPush(reply: Reply): boolean {
  if (reply.type !== 'array' || reply.items === null || reply.items.length < 3) return false;
  const kind = reply.items[0];
  return kind?.type === 'bulk' && kind.value !== null && PUSH_KINDS.has(kind.value) && reply.items.length === (kind.value === 'pmessage' ? 4 : 3);
}

/** Encode a reply in RESP3 with the shape its command gives it. */
export function encodeReplyResp3(reply: Reply, shape: Resp3Shape): string {
  switch (reply.type) {
    case 'simple':
    case 'error':
    case 'integer':
      return encodeReply(reply); // the same bytes in RESP3
    case 'bulk': {
      if (reply.value === null) return '_\r\n';
      if (shape === 'verbatim') return `=${utf8ByteLength(reply.value) + 4}\r\ntxt:${reply.value}\r\n`;
      return `$${utf8ByteLength(reply.value)}\r\n${reply.value}\r\n`;
    }
    case 'array': {
      if (reply.items === null) return '_\r\n';
      const items = reply.items;
      const inner: Resp3Shape = shape === 'maps' ? 'map' : 'plain';
      let out: string;
      if (shape === 'map' && items.length % 2 === 0) out = `%${items.length / 2}\r\n`;
      else if (shape === 'set') out = `~${items.length}\r\n`;
      else if (shape === 'push') out = `>${items.length}\r\n`;
      else out = `*${items.length}\r\n`;
      for (const item of items) out += encodeReplyResp3(item, inner);
      return out;
    }
  }
}
