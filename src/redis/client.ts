// One connection to the server, from the server's side: a normal client, a
// replica (after it sent PSYNC), or a Pub/Sub subscriber. The master link of a
// replica is not a Client here: it lives in replication-replica.ts.

import type { Socket } from '../net/actor.js';
import type { Command } from '../protocol/resp.js';
import type { ProcessTimer } from '../net/actor.js';

export type ReplicaState = 'wait_bgsave_start' | 'wait_bgsave_end' | 'send_bulk' | 'online';

/** Master-side state of a replica connected to us. */
export interface ReplicaLinkState {
  state: ReplicaState;
  /** Highest offset the replica acknowledged (REPLCONF ACK). */
  ackOffset: number;
  /** Our wall-clock seconds at its last ACK. */
  ackTimeSeconds: number;
  /**
   * Our wall-clock seconds when it started waiting for a BGSAVE: Redis's
   * `lastinteraction` (whole seconds, from its PSYNC), which the diskless delay
   * counts from, so the fork starts 4-5+ s after the PSYNC, not 5 s exactly.
   */
  waitStartSeconds: number;
  /** Stream accumulated since the fork, sent once its RDB is through. */
  pending: { command: Command; bytes: number }[];
  /** Diskless: the stream starts flowing on its first ACK after the RDB. */
  startStreamOnAck: boolean;
}

export interface WaitingForAcks {
  readonly numReplicas: number;
  readonly offset: number;
  readonly timer: ProcessTimer | null;
}

export class Client {
  name = '';
  authenticated: boolean;
  /** RESP version chosen with HELLO (only a served real connection's encoding depends on it). */
  protocolVersion: 2 | 3 = 2;
  /** MULTI queue, or null outside a transaction. */
  multi: Command[] | null = null;
  /** A queued command was rejected: EXEC will answer EXECABORT. */
  multiRejected = false;
  /** Some queued command writes (for NOREPLICAS/READONLY on EXEC). */
  multiWrites = false;
  readonly channels = new Set<string>();
  /** Set when this connection turned into a replica (SYNC/PSYNC). */
  replica: ReplicaLinkState | null = null;
  /** Replication offset after this client's last write (for WAIT). */
  lastWriteOffset = 0;
  /** Blocked in WAIT. */
  waiting: WaitingForAcks | null = null;
  lastCommand = 'NULL';
  /** REPLCONF listening-port / ip-address, sent before PSYNC. */
  listeningPort = 0;
  announcedIp = '';
  /** The connection was reset or timed out: the kernel no longer knows the peer's address. */
  peerAddressGone = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly createdWallMs: number,
    requiresAuth: boolean,
  ) {
    this.authenticated = !requiresAuth;
  }

  /** `r2:6379` for a replica (its listening port), `c1:32768` otherwise. */
  get address(): string {
    return `${this.socket.peerName}:${this.socket.peerPort}`;
  }

  get kind(): 'normal' | 'replica' | 'pubsub' {
    if (this.replica !== null) return 'replica';
    if (this.channels.size > 0) return 'pubsub';
    return 'normal';
  }
}
