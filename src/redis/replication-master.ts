// The master side of replication: the replicas connected to us (also when we
// are ourselves a replica with sub-replicas), the PSYNC decision, full syncs
// (diskless by default, with repl-diskless-sync-delay; or via an RDB on disk),
// feeding the stream, PINGs every repl-ping-replica-period, ACKs and lag,
// timeouts, the backlog's TTL, min-replicas "good" counting and WAIT.

import * as errors from '../protocol/errors.js';
import type { ReplicaInfo } from '../protocol/info.js';
import { OK, commandBytes, error, integer, simple, type Command, type Reply } from '../protocol/resp.js';
import type { Client } from './client.js';
import type { ChildProcess } from './persistence.js';
import { NEWLINE, type RdbTransfer } from './rdb-file.js';
import type { RedisServer } from './server.js';

const SELECT_DB0: Command = ['SELECT', '0'];
const PING: Command = ['PING'];
const GETACK: Command = ['REPLCONF', 'GETACK', '*'];

export class ReplicationMaster {
  /** Clients that became replicas, in the order they did. */
  private readonly replicas: Client[] = [];
  goodReplicas = 0;
  /** The db the stream last selected; -1 forces a SELECT before the next write. */
  private lastSelectedDb = -1;
  private cronLoops = 0;
  private noReplicasSinceSeconds: number;
  private readonly waiting = new Set<Client>();
  /** The write gate last traced (null: not yet). */
  private recordedGate: { enabled: boolean; good: number; min: number; maxLagSeconds: number } | null = null;

  constructor(private readonly server: RedisServer) {
    this.noReplicasSinceSeconds = server.unixtimeSeconds();
  }

  get replicaCount(): number {
    return this.replicas.length;
  }

  /**
   * `r2:6379`: the replica's address and the port it listens on, as
   * replicationGetSlaveName prints it. Without an announced address, Redis
   * asks the socket for its peer; after a reset or a time-out there is none,
   * and it prints `client id #5` instead (what a healed partition shows).
   */
  replicaName(client: Client): string {
    if (client.announcedIp === '' && client.peerAddressGone) return `client id #${client.id}`;
    const ip = client.announcedIp || client.socket.peerName;
    return client.listeningPort > 0 ? `${ip}:${client.listeningPort}` : `${ip}:<unknown-replica-port>`;
  }

  replicaInfos(): ReplicaInfo[] {
    const now = this.server.unixtimeSeconds();
    return this.replicas.map((c) => {
      const r = c.replica!;
      return {
        ip: c.announcedIp || c.socket.peerName,
        port: c.listeningPort,
        state: r.state === 'online' ? 'online' : r.state === 'send_bulk' ? 'send_bulk' : 'wait_bgsave',
        ackOffset: r.ackOffset,
        lagSeconds: now - r.ackTimeSeconds,
      };
    });
  }

  // ---- REPLCONF ---------------------------------------------------------------------

  /** Returns null for REPLCONF ACK, which gets no reply. */
  replconf(client: Client, cmd: Command): Reply | null {
    if ((cmd.length - 1) % 2 !== 0) return errors.SYNTAX;
    for (let i = 1; i < cmd.length; i += 2) {
      const option = cmd[i]!.toLowerCase();
      const value = cmd[i + 1]!;
      if (option === 'listening-port') client.listeningPort = Number(value);
      else if (option === 'ip-address') client.announcedIp = value;
      else if (option === 'capa') continue;
      else if (option === 'ack') {
        if (client.replica !== null) this.ack(client, Number(value));
        return null;
      } else if (option === 'getack') {
        return null;
      } else return error(`ERR Unrecognized REPLCONF option: ${cmd[i]}`);
    }
    return OK;
  }

  private ack(client: Client, offset: number): void {
    const r = client.replica!;
    if (offset > r.ackOffset) r.ackOffset = offset;
    r.ackTimeSeconds = this.server.unixtimeSeconds();
    if (r.startStreamOnAck && r.state === 'online') {
      // Diskless sync done and loaded: now the buffered stream may flow.
      r.startStreamOnAck = false;
      this.flushPending(client);
    }
    if (this.waiting.size > 0) this.checkWaiting();
  }

  // ---- SYNC / PSYNC -------------------------------------------------------------------

  syncCommand(client: Client, cmd: Command): void {
    const server = this.server;
    if (client.replica !== null) return;
    if (server.replica !== null && !server.replica.linkUp) {
      server.reply(client, errors.NOMASTERLINK_NOT_CONNECTED);
      return;
    }
    const name = this.replicaName(client);
    server.log('notice', `Replica ${name} asks for synchronization`);
    const isPsync = cmd[0]!.toUpperCase() === 'PSYNC';
    if (isPsync) {
      if (this.tryPartialResync(client, cmd[1]!, cmd[2]!)) return;
      if (cmd[1] !== '?') server.stats.syncPartialErr++;
    }
    server.stats.syncFull++;
    client.replica = {
      state: 'wait_bgsave_start',
      ackOffset: 0,
      ackTimeSeconds: server.unixtimeSeconds(),
      waitStartSeconds: server.unixtimeSeconds(),
      pending: [],
      startStreamOnAck: false,
    };
    this.replicas.push(client);
    this.refreshGoodReplicas();
    const ids = server.ids;
    if (this.replicas.length === 1 && ids.backlog === null) {
      ids.changeReplid();
      ids.clearReplid2();
      ids.createBacklog(server.config.replBacklogSizeBytes);
      server.log('notice', `Replication backlog created, my new replication IDs are '${ids.replid}' and '${ids.replid2}'`);
    }
    const child = server.persistence.child;
    if (child !== null && child.kind === 'disk') {
      const donor = this.replicas.find((c) => c !== client && c.replica!.state === 'wait_bgsave_end');
      if (donor !== undefined && child.forReplication) {
        client.replica.pending = donor.replica!.pending.slice();
        this.setupFullResync(client, child.offset);
        server.log('notice', 'Waiting for end of BGSAVE for SYNC');
      } else {
        server.log('notice', "Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
      }
    } else if (child !== null && child.kind === 'sockets') {
      server.log('notice', 'Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC');
    } else if (server.config.replDisklessSync && server.config.replDisklessSyncDelaySeconds > 0) {
      server.log('notice', 'Delay next BGSAVE for diskless SYNC');
    } else if (child !== null) {
      // An AOF rewrite: the fork for this replica waits for it (replicationCron starts it).
      server.log('notice', 'No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed');
    } else {
      this.startBgsaveForReplication();
    }
  }

  private tryPartialResync(client: Client, replid: string, offsetText: string): boolean {
    const server = this.server;
    const ids = server.ids;
    const offset = Number(offsetText);
    const name = this.replicaName(client);
    if (replid !== ids.replid && (replid !== ids.replid2 || offset > ids.secondReplOffset)) {
      if (replid === '?') server.log('notice', `Full resync requested by replica ${name}`);
      else if (replid !== ids.replid && replid !== ids.replid2) {
        server.log(
          'notice',
          `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${replid}', my replication IDs are '${ids.replid}' and '${ids.replid2}')`,
        );
      } else {
        server.log('notice', `Partial resynchronization not accepted: Requested offset for second ID was ${offset}, but I can reply up to ${ids.secondReplOffset}`);
      }
      return false;
    }
    const backlog = ids.backlog;
    if (backlog === null || !backlog.covers(offset)) {
      server.log('notice', `Unable to partial resync with replica ${name} for lack of backlog (Replica request was: ${offset}).`);
      if (offset > ids.masterReplOffset) {
        server.log('warning', `Warning: replica ${name} tried to PSYNC with an offset that is greater than the master replication offset.`);
      }
      return false;
    }
    client.replica = {
      state: 'online',
      ackOffset: 0,
      ackTimeSeconds: server.unixtimeSeconds(),
      waitStartSeconds: 0,
      pending: [],
      startStreamOnAck: false,
    };
    this.replicas.push(client);
    // What the master held when it said yes: the checkers judge the answer from it.
    server.ctx.emit('redis.psync', {
      replica: name,
      replid,
      offset,
      myReplid: ids.replid,
      myReplid2: ids.replid2,
      secondReplOffset: ids.secondReplOffset,
      backlogFirstByte: backlog.firstByteOffset,
      backlogHistlen: backlog.histlen,
    });
    server.reply(client, simple(`CONTINUE ${ids.replid}`));
    const missing = backlog.from(offset);
    for (const command of missing.commands) client.socket.send(command, commandBytes(command));
    server.log('notice', `Partial resynchronization request from ${name} accepted. Sending ${missing.bytes} bytes of backlog starting from offset ${offset}.`);
    server.stats.syncPartialOk++;
    this.refreshGoodReplicas();
    return true;
  }

  /** Fork a child to produce the RDB for every replica waiting to start. */
  private startBgsaveForReplication(): void {
    const server = this.server;
    const diskless = server.config.replDisklessSync;
    server.log('notice', `Starting BGSAVE for SYNC with target: ${diskless ? 'replicas sockets' : 'disk'}`);
    const child = server.persistence.fork(diskless ? 'sockets' : 'disk', true);
    if (diskless) server.log('notice', `Background RDB transfer started by pid ${child.pid}`);
    else server.log('notice', `Background saving started by pid ${child.pid}`);
    for (const client of this.replicas) {
      if (client.replica!.state !== 'wait_bgsave_start') continue;
      this.setupFullResync(client, child.offset);
      if (diskless) {
        const transfer: RdbTransfer = { kind: 'rdb', file: child.file, diskless: true };
        client.socket.send(transfer, child.file.snapshot.sizeBytes);
      }
    }
    this.forceSelect();
  }

  private setupFullResync(client: Client, offset: number): void {
    const r = client.replica!;
    r.state = 'wait_bgsave_end';
    r.pending = [];
    this.server.reply(client, simple(`FULLRESYNC ${this.server.ids.replid} ${offset}`));
  }

  /** The RDB child finished (called by persistence). */
  onChildDone(child: ChildProcess): void {
    const server = this.server;
    const waiting = this.replicas.filter((c) => c.replica!.state === 'wait_bgsave_end');
    if (child.kind === 'sockets') {
      server.log('warning', `Diskless rdb transfer, done reading from pipe, ${waiting.length} replicas still up.`);
      server.log('notice', 'Background RDB transfer terminated with success');
      for (const client of waiting) {
        const name = this.replicaName(client);
        server.log('notice', `Streamed RDB transfer with replica ${name} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
        server.log('notice', `Synchronization with replica ${name} succeeded`);
        this.goOnline(client, true);
      }
    } else {
      for (const client of waiting) {
        client.replica!.state = 'send_bulk';
        const transfer: RdbTransfer = { kind: 'rdb', file: child.file, diskless: false };
        client.socket.send(transfer, child.file.snapshot.sizeBytes);
        server.log('notice', `Synchronization with replica ${this.replicaName(client)} succeeded`);
        this.goOnline(client, false);
      }
    }
    if (this.replicas.some((c) => c.replica!.state === 'wait_bgsave_start') && !server.config.replDisklessSync) {
      this.startBgsaveForReplication();
    }
  }

  private goOnline(client: Client, waitForAck: boolean): void {
    const r = client.replica!;
    r.state = 'online';
    r.ackTimeSeconds = this.server.unixtimeSeconds();
    r.startStreamOnAck = waitForAck;
    if (!waitForAck) this.flushPending(client);
    this.refreshGoodReplicas();
  }

  private flushPending(client: Client): void {
    const r = client.replica!;
    for (const { command, bytes } of r.pending) client.socket.send(command, bytes);
    r.pending = [];
  }

  // ---- the stream ---------------------------------------------------------------------

  /** A top master's writes: SELECT first when needed, then each command. */
  feed(commands: readonly Command[]): void {
    const ids = this.server.ids;
    // With neither backlog nor replicas the stream goes nowhere and the offset stays.
    if (this.replicas.length === 0 && ids.backlog === null) return;
    if (this.lastSelectedDb !== 0) {
      this.appendStream(SELECT_DB0, commandBytes(SELECT_DB0));
      this.lastSelectedDb = 0;
    }
    for (const command of commands) this.appendStream(command, commandBytes(command));
  }

  /** Advance the offset, keep the bytes in the backlog, send them to replicas. */
  appendStream(command: Command, bytes: number): void {
    const ids = this.server.ids;
    const startOffset = ids.masterReplOffset + 1;
    ids.masterReplOffset += bytes;
    ids.backlog?.append(startOffset, command, bytes);
    for (const client of this.replicas) {
      const r = client.replica!;
      if (r.state === 'online' && !r.startStreamOnAck) client.socket.send(command, bytes);
      else if (r.state !== 'wait_bgsave_start') r.pending.push({ command, bytes });
    }
  }

  forceSelect(): void {
    this.lastSelectedDb = -1;
  }

  // ---- replicas going away ------------------------------------------------------------

  replicaGone(client: Client): void {
    const index = this.replicas.indexOf(client);
    if (index < 0) return;
    this.replicas.splice(index, 1);
    this.waiting.delete(client);
    this.server.log('warning', `Connection with replica ${this.replicaName(client)} lost.`);
    if (this.replicas.length === 0) this.noReplicasSinceSeconds = this.server.unixtimeSeconds();
    this.refreshGoodReplicas();
  }

  disconnectAllReplicas(): void {
    for (const client of [...this.replicas]) this.server.freeClient(client, true);
  }

  // ---- cron (once a second) -------------------------------------------------------------

  cron(): void {
    const server = this.server;
    const cfg = server.config;
    const now = server.unixtimeSeconds();
    if (server.isMaster && this.replicas.length > 0 && this.cronLoops % cfg.replPingReplicaPeriodSeconds === 0) {
      // Fed with the db already selected: a PING never adds a SELECT.
      this.appendStream(PING, commandBytes(PING));
    }
    this.cronLoops++;
    for (const client of this.replicas) {
      const r = client.replica!;
      const child = server.persistence.child;
      if (r.state === 'wait_bgsave_start' || (r.state === 'wait_bgsave_end' && child?.kind !== 'sockets')) {
        client.socket.send(NEWLINE, 1);
      }
    }
    for (const client of [...this.replicas]) {
      const r = client.replica!;
      if (r.state === 'online' && now - r.ackTimeSeconds > cfg.replTimeoutSeconds) {
        server.log('warning', `Disconnecting timedout replica (streaming sync): ${this.replicaName(client)}`);
        server.freeClient(client, true);
      }
    }
    const ids = server.ids;
    if (
      this.replicas.length === 0 &&
      cfg.replBacklogTtlSeconds > 0 &&
      ids.backlog !== null &&
      server.isMaster &&
      now - this.noReplicasSinceSeconds > cfg.replBacklogTtlSeconds
    ) {
      ids.changeReplid();
      ids.clearReplid2();
      ids.backlog = null;
      server.log('notice', `Replication backlog freed after ${cfg.replBacklogTtlSeconds} seconds without connected replicas.`);
    }
    this.startPendingFork();
    this.refreshGoodReplicas();
  }

  /** Diskless: start the fork once the longest waiter waited the delay (or enough replicas wait). */
  private startPendingFork(): void {
    const server = this.server;
    if (server.persistence.child !== null) return;
    const waiting = this.replicas.filter((c) => c.replica!.state === 'wait_bgsave_start');
    if (waiting.length === 0) return;
    const cfg = server.config;
    if (cfg.replDisklessSync) {
      // As shouldStartChildReplication: idle in whole seconds of the cached unixtime.
      const now = server.unixtimeSeconds();
      const longestIdleSeconds = Math.max(...waiting.map((c) => now - c.replica!.waitStartSeconds));
      const enough = cfg.replDisklessSyncMaxReplicas > 0 && waiting.length >= cfg.replDisklessSyncMaxReplicas;
      if (longestIdleSeconds < cfg.replDisklessSyncDelaySeconds && !enough) return;
    }
    this.startBgsaveForReplication();
  }

  refreshGoodReplicas(): void {
    const now = this.server.unixtimeSeconds();
    const maxLag = this.server.config.minReplicasMaxLagSeconds;
    let good = 0;
    for (const client of this.replicas) {
      const r = client.replica!;
      if (r.state === 'online' && now - r.ackTimeSeconds <= maxLag) good++;
    }
    this.goodReplicas = good;
    this.recordGate();
  }

  /**
   * The write gate as the master sees it (the good-replica count against
   * min-replicas-to-write), traced when it changes while the gate is
   * configured, or when it is switched off: the checkers judge acknowledged
   * writes against it.
   */
  private recordGate(): void {
    const cfg = this.server.config;
    const enabled = cfg.minReplicasToWrite > 0 && cfg.minReplicasMaxLagSeconds > 0;
    const last = this.recordedGate;
    if (!enabled && (last === null || !last.enabled)) return;
    if (last !== null && last.enabled === enabled && last.good === this.goodReplicas && last.min === cfg.minReplicasToWrite && last.maxLagSeconds === cfg.minReplicasMaxLagSeconds) return;
    this.recordedGate = { enabled, good: this.goodReplicas, min: cfg.minReplicasToWrite, maxLagSeconds: cfg.minReplicasMaxLagSeconds };
    this.server.ctx.emit('redis.good-replicas', { good: this.goodReplicas, min: cfg.minReplicasToWrite, maxLagSeconds: cfg.minReplicasMaxLagSeconds });
  }

  configChanged(): void {
    this.server.ids.backlog?.resize(this.server.config.replBacklogSizeBytes);
    this.refreshGoodReplicas();
  }

  // ---- WAIT -------------------------------------------------------------------------------

  waitCommand(client: Client, cmd: Command, mayBlock = true): Reply | null {
    const server = this.server;
    if (!server.isMaster) return errors.WAIT_ON_REPLICA;
    const numReplicas = Number(cmd[1]);
    const timeoutMs = Number(cmd[2]);
    if (!Number.isInteger(numReplicas)) return errors.NOT_AN_INTEGER;
    if (!Number.isInteger(timeoutMs)) return errors.TIMEOUT_NOT_AN_INTEGER;
    if (timeoutMs < 0) return errors.TIMEOUT_NEGATIVE;
    const acked = this.countAcked(client.lastWriteOffset);
    if (acked >= numReplicas || !mayBlock) return integer(acked);
    const timer = timeoutMs > 0 ? server.ctx.setTimer(timeoutMs * 1000, () => this.finishWait(client)) : null;
    client.waiting = { numReplicas, offset: client.lastWriteOffset, timer };
    this.waiting.add(client);
    // Ask every replica for an ACK now (this advances the offset, as in Redis).
    this.appendStream(GETACK, commandBytes(GETACK));
    return null;
  }

  private countAcked(offset: number): number {
    let n = 0;
    for (const c of this.replicas) if (c.replica!.state === 'online' && c.replica!.ackOffset >= offset) n++;
    return n;
  }

  private checkWaiting(): void {
    for (const client of [...this.waiting]) {
      const w = client.waiting!;
      if (this.countAcked(w.offset) >= w.numReplicas) this.finishWait(client);
    }
  }

  private finishWait(client: Client): void {
    const w = client.waiting;
    if (w === null) return;
    if (w.timer) this.server.ctx.cancelTimer(w.timer);
    client.waiting = null;
    this.waiting.delete(client);
    this.server.reply(client, integer(this.countAcked(w.offset)));
  }
}

