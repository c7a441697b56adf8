// The replica side of replication: our link to our master. States as Redis 7
// names them: CONNECT -> CONNECTING -> handshake (PING, AUTH, REPLCONF
// listening-port, REPLCONF capa, PSYNC) -> TRANSFER (receiving the RDB) ->
// (loading) -> CONNECTED. A dropped link caches the master (its replid and our
// processed offset) so the next PSYNC can continue; a server that turns from
// master into replica synthesizes that cache from its own IDs, which is why a
// fresh replica's first PSYNC is `<its own replid> <offset+1>` and counts as a
// failed partial resync on the master.
//
// Simplification: the RDB arrives as one message when the transfer completes
// (the link's bandwidth decides when); no repl-diskless-load (always "to disk").

import type { CloseReason, Socket } from '../net/actor.js';
import type { ReplicaSideInfo } from '../protocol/info.js';
import { commandBytes, type Command, type Reply } from '../protocol/resp.js';
import type { ReplicaLinkState } from '../protocol/role.js';
import { Keyspace } from './keyspace.js';
import { isNewline, isRdbTransfer, type RdbTransfer } from './rdb-file.js';
import type { RedisServer } from './server.js';

type LinkState =
  | 'connect'
  | 'connecting'
  | 'receive-ping-reply'
  | 'receive-handshake-replies'
  | 'receive-psync-reply'
  | 'transfer'
  | 'loading'
  | 'connected'
  | 'stopped';

export interface CachedMaster {
  readonly replid: string;
  /** The last offset we processed; PSYNC asks for offset + 1. */
  readonly offset: number;
}

const CLOSE_REASON_TEXT: Record<CloseReason, string> = {
  refused: 'Connection refused',
  timeout: 'Connection timed out',
  reset: 'Connection reset by peer',
  eof: 'Connection reset by peer',
  unresolved: 'Name or service not known',
};

export class ReplicationReplica {
  private state: LinkState = 'connect';
  private socket: Socket | null = null;
  private cached: CachedMaster | null;
  /** Wall-clock ms of the last I/O with the master (repl_transfer_lastio / lastinteraction). */
  private lastIoMs: number;
  /** Wall-clock seconds the link went down; 0 if it has not been up since we became a replica. */
  private downSinceSeconds = 0;
  /** What each pending handshake reply answers, in order. */
  private handshakeReplies: ('auth' | 'listening-port' | 'ip-address' | 'capa')[] = [];
  private fullResync: CachedMaster | null = null;
  /** Stream received while loading the RDB, applied when loading ends. */
  private queuedWhileLoading: Command[] = [];
  /** A MULTI from the master, applied (and counted) only when its EXEC arrives. */
  private transaction: Command[] | null = null;

  constructor(
    private readonly server: RedisServer,
    readonly masterHost: string,
    readonly masterPort: number,
    cachedMaster: CachedMaster | null | 'from-myself',
  ) {
    this.lastIoMs = server.ctx.wallClockMs();
    if (cachedMaster === 'from-myself') {
      server.log(
        'notice',
        'Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.',
      );
      this.cached = { replid: server.ids.replid, offset: server.ids.masterReplOffset };
    } else {
      this.cached = cachedMaster;
    }
  }

  get linkUp(): boolean {
    return this.state === 'connected';
  }

  /** Is there a master client (connected, not merely cached)? */
  get hasMasterClient(): boolean {
    return this.state === 'connected';
  }

  get roleState(): ReplicaLinkState {
    switch (this.state) {
      case 'connect':
      case 'stopped':
        return 'connect';
      case 'connecting':
        return 'connecting';
      case 'transfer':
      case 'loading':
        return 'sync';
      case 'connected':
        return 'connected';
      default:
        return 'handshake';
    }
  }

  infoSide(): ReplicaSideInfo {
    const server = this.server;
    const nowSeconds = server.unixtimeSeconds();
    const offset = this.state === 'connected' ? server.ids.masterReplOffset : (this.cached?.offset ?? 1);
    return {
      masterHost: this.masterHost,
      masterPort: this.masterPort,
      linkUp: this.state === 'connected',
      lastIoSecondsAgo: this.state === 'connected' ? Math.floor((server.ctx.wallClockMs() - this.lastIoMs) / 1000) : -1,
      readReplOffset: offset,
      replOffset: offset,
      ...(this.state === 'transfer'
        ? { transfer: { totalBytes: -1, readBytes: 0, lastIoSecondsAgo: Math.floor((server.ctx.wallClockMs() - this.lastIoMs) / 1000) } }
        : {}),
      linkDownSinceSeconds: this.downSinceSeconds === 0 ? -1 : nowSeconds - this.downSinceSeconds,
      priority: server.config.replicaPriority,
      readOnly: server.config.replicaReadOnly,
      announced: server.config.replicaAnnounced,
    };
  }

  // ---- connecting ---------------------------------------------------------------------

  /** REPLICAOF: connect at once (at startup Redis waits for the cron instead). */
  connectNow(): void {
    this.server.log('notice', `Connecting to MASTER ${this.masterHost}:${this.masterPort}`);
    this.connect();
  }

  private connect(): void {
    const server = this.server;
    this.state = 'connecting';
    this.lastIoMs = server.ctx.wallClockMs();
    this.socket = server.ctx.connect(this.masterHost, this.masterPort, {
      onOpen: () => this.onOpen(),
      onData: (_s, payload) => this.onData(payload),
      onClose: (_s, reason) => this.onClose(reason),
    });
    server.log('notice', 'MASTER <-> REPLICA sync started');
  }

  private send(command: Command): void {
    this.socket?.send(command, commandBytes(command));
  }

  private onOpen(): void {
    this.server.log('notice', 'Non blocking connect for SYNC fired the event.');
    this.lastIoMs = this.server.ctx.wallClockMs();
    this.state = 'receive-ping-reply';
    this.send(['PING']);
  }

  private onData(payload: unknown): void {
    this.lastIoMs = this.server.ctx.wallClockMs();
    if (isNewline(payload)) return;
    switch (this.state) {
      case 'receive-ping-reply':
        return this.onPingReply(payload as Reply);
      case 'receive-handshake-replies':
        return this.onHandshakeReply(payload as Reply);
      case 'receive-psync-reply':
        return this.onPsyncReply(payload as Reply);
      case 'transfer':
        if (isRdbTransfer(payload)) this.receiveRdb(payload);
        else if ((payload as Reply).type === 'error') {
          this.server.log('warning', `MASTER aborted replication with an error: ${(payload as Reply & { type: 'error' }).message}`);
          this.cancelHandshake();
        }
        return;
      case 'loading':
        if (Array.isArray(payload)) this.queuedWhileLoading.push(payload as Command);
        return;
      case 'connected':
        if (Array.isArray(payload)) this.applyFromMaster(payload as Command);
        return;
      default:
        return;
    }
  }

  private onPingReply(reply: Reply): void {
    const server = this.server;
    if (reply.type === 'error' && !/^(NOAUTH|NOPERM|ERR operation not permitted)/.test(reply.message)) {
      server.log('warning', `Error reply to PING from master: '-${reply.message}'`);
      return this.cancelHandshake();
    }
    server.log('notice', 'Master replied to PING, replication can continue...');
    const cfg = server.config;
    const expected: typeof this.handshakeReplies = [];
    if (cfg.masterauth !== '') {
      this.send(cfg.masteruser !== '' ? ['AUTH', cfg.masteruser, cfg.masterauth] : ['AUTH', cfg.masterauth]);
      expected.push('auth');
    }
    this.send(['REPLCONF', 'listening-port', String(cfg.replicaAnnouncePort || cfg.port)]);
    expected.push('listening-port');
    if (cfg.replicaAnnounceIp !== '') {
      this.send(['REPLCONF', 'ip-address', cfg.replicaAnnounceIp]);
      expected.push('ip-address');
    }
    this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    expected.push('capa');
    this.handshakeReplies = expected;
    this.state = 'receive-handshake-replies';
  }

  private onHandshakeReply(reply: Reply): void {
    const server = this.server;
    const answers = this.handshakeReplies.shift();
    if (reply.type === 'error') {
      if (answers === 'auth') {
        server.log('warning', `Unable to AUTH to MASTER: -${reply.message}`);
        return this.cancelHandshake();
      }
      server.log('notice', `(Non critical) Master does not understand REPLCONF ${answers}: -${reply.message}`);
    }
    if (this.handshakeReplies.length > 0) return;
    const cached = this.cached;
    if (cached !== null) {
      server.log('notice', `Trying a partial resynchronization (request ${cached.replid}:${cached.offset + 1}).`);
      this.send(['PSYNC', cached.replid, String(cached.offset + 1)]);
    } else {
      server.log('notice', 'Partial resynchronization not possible (no cached master)');
      this.send(['PSYNC', '?', '-1']);
    }
    this.state = 'receive-psync-reply';
  }

  private onPsyncReply(reply: Reply): void {
    const server = this.server;
    if (reply.type === 'simple' && reply.value.startsWith('FULLRESYNC')) {
      const [, replid, offset] = reply.value.split(' ');
      this.fullResync = { replid: replid!, offset: Number(offset) };
      server.log('notice', `Full resync from master: ${replid}:${offset}`);
      this.state = 'transfer';
      return;
    }
    if (reply.type === 'simple' && reply.value.startsWith('CONTINUE')) {
      const newReplid = reply.value.split(' ')[1];
      const cached = this.cached!;
      server.log('notice', 'Successful partial resynchronization with master.');
      const ids = server.ids;
      ids.replid = cached.replid;
      ids.masterReplOffset = cached.offset;
      if (newReplid !== undefined && newReplid !== cached.replid) {
        // The master changed history (a promotion): keep the old ID as replid2,
        // and make our own replicas reconnect so they learn the new one.
        ids.replid2 = cached.replid;
        ids.secondReplOffset = cached.offset + 1;
        ids.replid = newReplid;
        server.log('warning', `Master replication ID changed to ${newReplid}`);
        server.master.disconnectAllReplicas();
      }
      if (ids.backlog === null) ids.createBacklog(server.config.replBacklogSizeBytes);
      this.cached = null;
      this.linkEstablished();
      server.log('notice', 'MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
      return;
    }
    if (reply.type === 'error' && /^(NOMASTERLINK|LOADING)/.test(reply.message)) {
      server.log('notice', `Master is currently unable to PSYNC but should be in the future: -${reply.message}`);
      return this.cancelHandshake();
    }
    // Redis falls back to the old SYNC; its reply decides.
    server.log('warning', `Unexpected reply to PSYNC from master: ${reply.type === 'error' ? '-' + reply.message : JSON.stringify(reply)}`);
    server.log('notice', 'Retrying with SYNC...');
    this.send(['SYNC']);
    this.fullResync = null;
    this.state = 'transfer';
  }

  // ---- full sync: receive and load the RDB ------------------------------------------

  private receiveRdb(transfer: RdbTransfer): void {
    const server = this.server;
    const file = transfer.file;
    const sizeBytes = file.snapshot.sizeBytes;
    server.log(
      'notice',
      transfer.diskless
        ? 'MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk'
        : `MASTER <-> REPLICA sync: receiving ${sizeBytes} bytes from master to disk`,
    );
    // Loaded "to disk": the file becomes our dump.rdb. The AOF stops until the new dataset is loaded.
    server.ctx.disk.write(server.config.dbfilename, file, sizeBytes);
    server.persistence.aof.stopForSync();
    this.discardCachedMaster();
    // Our own replicas must full-sync again from us; the old backlog is useless.
    server.master.disconnectAllReplicas();
    server.ids.backlog = null;
    server.log('notice', 'MASTER <-> REPLICA sync: Flushing old data');
    server.keyspace = new Keyspace();
    server.log('notice', 'MASTER <-> REPLICA sync: Loading DB in memory');
    const loadUs = Math.ceil((sizeBytes / server.timing.rdbLoadBytesPerSec) * 1_000_000);
    server.beginLoading(loadUs);
    this.state = 'loading';
    server.ctx.setTimer(loadUs, () => this.finishLoading(file));
  }

  private finishLoading(file: RdbTransfer['file']): void {
    const server = this.server;
    if (this.state !== 'loading') return;
    const { keyspace } = Keyspace.loadSnapshot(file.snapshot, server.ctx.wallClockMs(), false);
    server.keyspace = keyspace;
    server.persistence.logRdbLoaded(file, keyspace.size, 0);
    const ids = server.ids;
    // After a plain SYNC (no +FULLRESYNC) the stream's offset is unknown: Redis uses -1 then 0.
    const full = this.fullResync ?? { replid: ids.replid, offset: 0 };
    ids.replid = full.replid;
    ids.masterReplOffset = full.offset;
    ids.clearReplid2();
    if (ids.backlog === null) ids.createBacklog(server.config.replBacklogSizeBytes);
    server.persistence.dirty = 0;
    this.linkEstablished();
    server.log('notice', 'MASTER <-> REPLICA sync: Finished with success');
    server.persistence.aof.restartAfterSync();
    this.sendAck();
    const queued = this.queuedWhileLoading;
    this.queuedWhileLoading = [];
    for (const command of queued) this.applyFromMaster(command);
  }

  private linkEstablished(): void {
    this.state = 'connected';
    this.downSinceSeconds = 0;
    this.lastIoMs = this.server.ctx.wallClockMs();
    this.server.ctx.emit('redis.link', { up: true, master: `${this.masterHost}:${this.masterPort}` });
  }

  // ---- the stream from our master -------------------------------------------------------

  private applyFromMaster(command: Command): void {
    const name = command[0]!.toUpperCase();
    if (this.transaction !== null) {
      this.transaction.push(command);
      if (name !== 'EXEC') return;
      const commands = this.transaction;
      this.transaction = null;
      for (const c of commands) this.execute(c);
      for (const c of commands) this.server.master.appendStream(c, commandBytes(c));
      return;
    }
    if (name === 'MULTI') {
      this.transaction = [command];
      return;
    }
    this.execute(command);
    this.server.master.appendStream(command, commandBytes(command));
  }

  private execute(command: Command): void {
    const server = this.server;
    const name = command[0]!.toUpperCase();
    switch (name) {
      case 'PING':
      case 'SELECT':
      case 'MULTI':
      case 'EXEC':
        return;
      case 'REPLCONF':
        // GETACK: the ACK carries the offset before this command, as in Redis.
        if ((command[1] ?? '').toUpperCase() === 'GETACK') this.sendAck();
        return;
      case 'PUBLISH':
        server.publishLocally(command[1]!, command[2]!);
        return;
      default: {
        const effect = server.keyspace.execute(command, { nowMs: server.ctx.wallClockMs(), expiry: 'ignore' });
        if (effect !== null) {
          server.persistence.dirty += effect.dirty;
          server.persistence.appendAof([command]);
        }
      }
    }
  }

  sendAck(): void {
    if (this.state !== 'connected') return;
    this.send(['REPLCONF', 'ACK', String(this.server.ids.masterReplOffset)]);
  }

  // ---- losing the link ---------------------------------------------------------------------

  private onClose(reason: CloseReason): void {
    const server = this.server;
    this.socket = null;
    switch (this.state) {
      case 'connected':
        this.masterLost();
        server.log('notice', `Reconnecting to MASTER ${this.masterHost}:${this.masterPort}`);
        this.connect();
        return;
      case 'connecting':
        server.log('warning', `Error condition on socket for SYNC: ${CLOSE_REASON_TEXT[reason]}`);
        break;
      case 'receive-psync-reply':
        server.log('warning', 'Master did not reply to PSYNC, will try later');
        break;
      case 'transfer':
      case 'loading':
        server.log('warning', 'I/O error trying to sync with MASTER: connection lost');
        break;
      case 'stopped':
        return;
      default:
        server.log('warning', `Error condition on socket for SYNC: ${CLOSE_REASON_TEXT[reason]}`);
    }
    this.state = 'connect';
  }

  /** A connected master went away: cache it for the next PSYNC. */
  private masterLost(): void {
    const server = this.server;
    server.log('warning', 'Connection with master lost.');
    server.log('notice', 'Caching the disconnected master state.');
    this.cached = { replid: server.ids.replid, offset: server.ids.masterReplOffset };
    this.downSinceSeconds = server.unixtimeSeconds();
    this.transaction = null;
    server.ctx.emit('redis.link', { up: false, master: `${this.masterHost}:${this.masterPort}` });
  }

  /** CLIENT KILL TYPE master, or a time-out: drop the link and reconnect. */
  dropLink(_why: string): void {
    if (this.state !== 'connected') return;
    this.socket?.close();
    this.socket = null;
    this.masterLost();
    this.state = 'connect';
  }

  private cancelHandshake(): void {
    this.socket?.close();
    this.socket = null;
    this.state = 'connect';
    this.queuedWhileLoading = [];
  }

  discardCachedMaster(): void {
    if (this.cached === null) return;
    this.server.log('notice', 'Discarding previously cached master state.');
    this.cached = null;
  }

  /**
   * Stop this link (REPLICAOF to another master, or NO ONE). Returns the cached
   * master, which the next link uses for its PSYNC.
   */
  stop(): CachedMaster | null {
    if (this.state === 'connected') {
      this.socket?.close();
      this.masterLost();
    } else {
      this.socket?.close();
    }
    this.socket = null;
    this.state = 'stopped';
    return this.cached;
  }

  // ---- cron (once a second) -------------------------------------------------------------------

  cron(): void {
    const server = this.server;
    const idleSeconds = (server.ctx.wallClockMs() - this.lastIoMs) / 1000;
    const timeoutSeconds = server.config.replTimeoutSeconds;
    const handshaking = this.state === 'connecting' || this.state.startsWith('receive-');
    if (handshaking && idleSeconds > timeoutSeconds) {
      server.log('warning', 'Timeout connecting to the MASTER...');
      this.cancelHandshake();
    }
    if (this.state === 'transfer' && idleSeconds > timeoutSeconds) {
      server.log(
        'warning',
        "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value.",
      );
      this.cancelHandshake();
    }
    if (this.state === 'connected' && idleSeconds > timeoutSeconds) {
      server.log('warning', 'MASTER timeout: no data nor PING received...');
      this.dropLink('timeout');
    }
    if (this.state === 'connect') {
      server.log('notice', `Connecting to MASTER ${this.masterHost}:${this.masterPort}`);
      this.connect();
    }
    if (this.state === 'connected') this.sendAck();
  }
}
