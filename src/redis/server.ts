// The Redis server actor: one redis-server process. It reads its redis.conf
// from its own disk at every start (so a CONFIG REWRITE survives a restart, as
// on a real box), loads its RDB or AOF, listens on its port, and serves
// clients with processCommand's checks in Redis 7.0's order. Replication lives
// in replication-master.ts (our replicas) and replication-replica.ts (our
// master link); persistence in persistence.ts.
//
// Simplifications: commands take no CPU time; one database (db 0); no ACL
// users beyond `requirepass`; no client output-buffer limits; no keyspace
// notifications; SHUTDOWN does not wait for lagging replicas.

import { startupBanner } from '../protocol/startup-banner.js';
import type { Actor, ActorFactory, CloseReason, ProcessContext, ProcessTimer, Socket } from '../net/actor.js';
import * as errors from '../protocol/errors.js';
import { replicationInfoSection, type InfoSection } from '../protocol/info.js';
import type { LogLevel, LogRole } from '../protocol/log-line.js';
import {
  OK,
  PONG,
  QUEUED,
  array,
  bulk,
  bulkArray,
  error,
  integer,
  replyBytes,
  type Command,
  type Reply,
} from '../protocol/resp.js';
import { roleReply } from '../protocol/role.js';
import { HELLO_NOAUTH, helloReply, isValidClientName, parseHello } from '../protocol/hello.js';
import { Client } from './client.js';
import { validateCommand, type CommandSpec } from '../protocol/commands-table.js';
import {
  ConfigError,
  configGet,
  configSet,
  defaultRedisConfig,
  parseConfigFile,
  renderConfigFile,
  type RedisConfig,
} from './config.js';
import {
  buildInfo,
  clientsInfoSection,
  cpuInfoSection,
  keyspaceInfoSection,
  memoryInfoSection,
  serverInfoSection,
  statsInfoSection,
  type LoadingProgress,
} from '../protocol/info-sections.js';
import { datasetDigest } from './digest.js';
import { Keyspace } from './keyspace.js';
import { Persistence } from './persistence.js';
import { ReplicationIds } from './replication-ids.js';
import { ReplicationMaster } from './replication-master.js';
import { ReplicationReplica } from './replication-replica.js';

export const CONFIG_FILE = 'redis.conf';

/** How long simulated work takes: not redis.conf settings, properties of the machine. */
export interface RedisTiming {
  /** A fork child writes an RDB at this rate. */
  rdbSaveBytesPerSec: number;
  /** A server loads an RDB (or replays an AOF) at this rate; it answers LOADING meanwhile. */
  rdbLoadBytesPerSec: number;
  /**
   * How late serverCron fires, on average per call: each process draws its
   * mean once, in this range, then each call is late by 0..2×mean. Null: on
   * time (unit tests). See MEASURED_CRON_LATENESS.
   */
  cronLatenessMeanUs: { readonly minUs: number; readonly maxUs: number } | null;
}

/**
 * ae re-arms serverCron 1000/hz ms after the call *returns*, and epoll_wait
 * sleeps whole milliseconds, rounded up; the wake-up waits for the CPU too.
 * So a real server's once-a-second work drifts later, more when it is busy:
 * measured on the CI machine with redis-server 7.0.15 (loglevel debug, the
 * every-5-s "clients connected" line), 3.7 ms per second idle (0.37 ms per
 * call), 10 ms per second under one client's 20 writes/s (1.0 ms), and a
 * conform run's master 21 ms per second while the cluster settled (2.1 ms).
 * Processes drifting at different rates is what moves a master's
 * good-replica count out of step with its replicas' ACKs: which second an
 * ACK's age crosses min-replicas-max-lag in changes by run.
 */
export const MEASURED_CRON_LATENESS = { minUs: 350, maxUs: 2_100 } as const;

export const DEFAULT_REDIS_TIMING: RedisTiming = {
  rdbSaveBytesPerSec: 200 * 1024 * 1024,
  rdbLoadBytesPerSec: 300 * 1024 * 1024,
  cronLatenessMeanUs: null,
};

/** The program for a data node: `net.addProcess('m1', redisServer())`. */
export function redisServer(timing: Partial<RedisTiming> = {}): ActorFactory {
  const fullTiming = { ...DEFAULT_REDIS_TIMING, ...timing };
  return (ctx) => new RedisServer(ctx, fullTiming);
}

/** Commands a subscribed (RESP2) client may still send. */
const PUBSUB_CONTEXT_COMMANDS = new Set(['SUBSCRIBE', 'UNSUBSCRIBE', 'PSUBSCRIBE', 'PUNSUBSCRIBE', 'PING', 'QUIT', 'RESET']);
/** Commands that run at once inside MULTI instead of being queued. */
const NOT_QUEUED_IN_MULTI = new Set(['EXEC', 'DISCARD', 'MULTI', 'WATCH', 'QUIT', 'RESET']);

export interface ServerStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  syncFull: number;
  syncPartialOk: number;
  syncPartialErr: number;
}

export class RedisServer implements Actor {
  config: RedisConfig;
  /** False when no redis.conf was on disk (CONFIG REWRITE then fails, as in Redis). */
  readonly hasConfigFile: boolean;
  readonly runId: string;
  keyspace = new Keyspace();
  readonly ids: ReplicationIds;
  readonly master: ReplicationMaster;
  /** Our link to our own master, when we are a replica. */
  replica: ReplicationReplica | null = null;
  readonly persistence: Persistence;
  readonly stats: ServerStats = {
    totalConnectionsReceived: 0,
    totalCommandsProcessed: 0,
    syncFull: 0,
    syncPartialOk: 0,
    syncPartialErr: 0,
  };
  readonly clients = new Map<number, Client>();
  private readonly channels = new Map<string, Set<Client>>();
  private nextClientId = 1;
  /** Answering LOADING until this monotonic time; what is being loaded, for INFO. */
  private loadingUntilUs = 0;
  private loadingStartUs = 0;
  private loadingStartWallMs = 0;
  private loadingBytes = 0;
  private readonly startedWallMs: number;
  private cronTimer: ProcessTimer | null = null;
  private cronLoops = 0;
  /** This process's mean serverCron lateness (0: on time). */
  private readonly cronLatenessMeanUs: number;
  private shuttingDown = false;

  constructor(
    readonly ctx: ProcessContext,
    readonly timing: RedisTiming,
  ) {
    const text = ctx.disk.read<string>(CONFIG_FILE);
    this.hasConfigFile = text !== undefined;
    this.config = text === undefined ? defaultRedisConfig() : parseConfigFile(text);
    this.runId = ctx.rng.hex(40);
    this.ids = new ReplicationIds(ctx.rng);
    this.startedWallMs = ctx.wallClockMs();
    this.master = new ReplicationMaster(this);
    this.persistence = new Persistence(this);
    const lateness = timing.cronLatenessMeanUs;
    this.cronLatenessMeanUs = lateness === null ? 0 : lateness.minUs + ctx.rng.int(lateness.maxUs - lateness.minUs + 1);
  }

  get isMaster(): boolean {
    return this.replica === null;
  }

  get loading(): boolean {
    return this.ctx.monotonicUs() < this.loadingUntilUs;
  }

  /** Answer LOADING for `durationUs` from now, while `bytes` of RDB or AOF load. */
  beginLoading(durationUs: number, bytes = 0): void {
    this.loadingStartUs = this.ctx.monotonicUs();
    this.loadingStartWallMs = this.ctx.wallClockMs();
    this.loadingBytes = bytes;
    this.loadingUntilUs = Math.max(this.loadingUntilUs, this.loadingStartUs + durationUs);
  }

  /** For INFO persistence: how far a load has got (null when not loading). */
  loadingProgress(): LoadingProgress | null {
    if (!this.loading) return null;
    const spanUs = Math.max(1, this.loadingUntilUs - this.loadingStartUs);
    const doneFraction = Math.min(1, (this.ctx.monotonicUs() - this.loadingStartUs) / spanUs);
    return {
      startTimeSeconds: Math.floor(this.loadingStartWallMs / 1000),
      elapsedSeconds: Math.floor((this.ctx.wallClockMs() - this.loadingStartWallMs) / 1000),
      totalBytes: this.loadingBytes,
      rdbUsedMem: 0,
      loadedBytes: Math.floor(this.loadingBytes * doneFraction),
    };
  }

  // ---- lifecycle ----------------------------------------------------------------

  start(): void {
    // The role letter from the loaded config: a replica logs S from the start.
    const role = this.config.replicaof === null ? 'M' : 'S';
    for (const line of startupBanner(this.ctx.pid, this.hasConfigFile, 'standalone', this.config.port)) this.log(line.level, line.text, line.early ? 'C' : role);
    this.log('warning', 'Server initialized', role);
    this.persistence.loadAtStartup();
    this.ctx.listen(this.config.port, (socket) => this.accept(socket));
    this.log('notice', 'Ready to accept connections');
    if (this.config.replicaof !== null) {
      // Startup as a replica: connect from the replication cron, as Redis does.
      const { host, port } = this.config.replicaof;
      this.replica = new ReplicationReplica(this, host, port, this.persistence.startupCachedMaster);
    }
    this.traceRole();
    // initServer creates serverCron's time event 1 ms out; then every 1/hz.
    this.scheduleCron(1000);
  }

  private scheduleCron(delayUs = Math.floor(1_000_000 / this.config.hz) + this.cronLatenessUs()): void {
    this.cronTimer = this.ctx.setTimer(delayUs, () => this.cron());
  }

  private cronLatenessUs(): number {
    const mean = this.cronLatenessMeanUs;
    return mean > 0 ? this.ctx.rng.int(2 * mean + 1) : 0;
  }

  /** serverCron: `hz` times a second; replication's cron once a second. */
  private cron(): void {
    this.persistence.cron();
    // run_with_period(1000): on the first cron call and every `hz` calls after.
    if (this.cronLoops % this.config.hz === 0) {
      this.replica?.cron();
      this.master.cron();
    }
    this.cronLoops++;
    this.scheduleCron();
  }

  // ---- logging ------------------------------------------------------------------

  get logRole(): LogRole {
    return this.isMaster ? 'M' : 'S';
  }

  log(level: LogLevel, text: string, role: LogRole = this.logRole, pid = this.ctx.pid): void {
    this.ctx.emit('log', { pid, role, level, wallMs: this.ctx.wallClockMs(), text });
  }

  /** Role changes are traced for the checkers and the report's lanes. */
  traceRole(): void {
    const r = this.replica;
    this.ctx.emit('redis.role', {
      role: r === null ? 'master' : 'replica',
      master: r === null ? null : `${r.masterHost}:${r.masterPort}`,
      replid: this.ids.replid,
      offset: this.ids.masterReplOffset,
    });
  }

  /**
   * The dataset's digest (as DEBUG DIGEST), with where this node stands in
   * replication: the world records it once, after the final reads, so the
   * checkers can compare replicas with their master from the trace.
   */
  traceDigest(): void {
    const r = this.replica;
    this.ctx.emit('redis.digest', {
      digest: datasetDigest(this.keyspace),
      keys: this.keyspace.size,
      role: r === null ? 'master' : 'replica',
      master: r === null ? null : r.masterHost,
      linkUp: r !== null && r.linkUp,
      replid: this.ids.replid,
      offset: this.ids.masterReplOffset,
    });
  }

  // ---- clients ------------------------------------------------------------------

  private accept(socket: Socket) {
    const client = new Client(this.nextClientId++, socket, this.ctx.wallClockMs(), this.config.requirepass !== '');
    this.clients.set(client.id, client);
    this.stats.totalConnectionsReceived++;
    return {
      onData: (_s: Socket, payload: unknown) => {
        if (Array.isArray(payload)) this.processCommand(client, payload as Command);
      },
      onClose: (_s: Socket, reason: CloseReason) => {
        // A reset or timed-out socket has no peer any more (getpeername fails).
        client.peerAddressGone = reason === 'reset' || reason === 'timeout';
        this.freeClient(client, false);
      },
    };
  }

  reply(client: Client, reply: Reply): void {
    client.socket.send(reply, replyBytes(reply));
  }

  /** Drop a client (it disconnected, or we kill it). */
  freeClient(client: Client, closeSocket: boolean): void {
    if (!this.clients.delete(client.id)) return;
    if (closeSocket) client.socket.close();
    for (const channel of client.channels) this.channels.get(channel)?.delete(client);
    if (client.waiting?.timer) this.ctx.cancelTimer(client.waiting.timer);
    if (client.replica !== null) this.master.replicaGone(client);
  }

  // ---- processCommand -------------------------------------------------------------

  processCommand(client: Client, cmd: Command): void {
    if (this.shuttingDown) return;
    this.stats.totalCommandsProcessed++;
    const check = validateCommand(cmd);
    if (!check.ok) return this.reject(client, check.error);
    const spec = check.spec;
    const name = (spec.parentName ?? spec.name).toUpperCase();
    client.lastCommand = spec.fullName;
    if (!client.authenticated && !spec.flags.has('no_auth')) return this.reject(client, errors.NOAUTH);
    const cfg = this.config;
    const isWrite = spec.flags.has('write') || (name === 'EXEC' && client.multiWrites);
    if (
      this.isMaster &&
      cfg.minReplicasToWrite > 0 &&
      cfg.minReplicasMaxLagSeconds > 0 &&
      isWrite &&
      this.master.goodReplicas < cfg.minReplicasToWrite
    ) {
      return this.reject(client, errors.NOREPLICAS, name);
    }
    if (!this.isMaster && cfg.replicaReadOnly && isWrite) return this.reject(client, errors.READONLY, name);
    if (client.channels.size > 0 && client.protocolVersion === 2 && !PUBSUB_CONTEXT_COMMANDS.has(name)) {
      return this.reject(client, errors.notAllowedInPubSubContext(spec.fullName));
    }
    if (this.replica !== null && !this.replica.linkUp && !cfg.replicaServeStaleData && !spec.flags.has('stale')) {
      return this.reject(client, errors.MASTERDOWN, name);
    }
    if (this.loading && !spec.flags.has('loading')) return this.reject(client, errors.LOADING, name);
    if (client.multi !== null && !NOT_QUEUED_IN_MULTI.has(name)) {
      client.multi.push(cmd);
      if (spec.flags.has('write')) client.multiWrites = true;
      return this.reply(client, QUEUED);
    }
    this.call(client, cmd, spec, name);
  }

  private reject(client: Client, err: Reply & { type: 'error' }, name?: string): void {
    if (name === 'EXEC') {
      // EXEC itself refused: the transaction is discarded with the reason.
      this.discardMulti(client);
      return this.reply(client, errors.execAbortBecause(err));
    }
    if (client.multi !== null) client.multiRejected = true;
    this.reply(client, err);
  }

  private call(client: Client, cmd: Command, spec: CommandSpec, name: string): void {
    const reply = this.execute(client, cmd, spec, name, null);
    if (reply !== null) this.reply(client, reply);
  }

  /**
   * Run one command. Returns the reply, or null when the command answers by
   * itself (blocking WAIT, SUBSCRIBE's per-channel replies, SHUTDOWN).
   * `transaction` collects what to propagate while inside EXEC.
   */
  private execute(client: Client, cmd: Command, spec: CommandSpec, name: string, transaction: Command[] | null): Reply | null {
    const effect = this.keyspace.execute(cmd, { nowMs: this.ctx.wallClockMs(), expiry: this.isMaster ? 'delete' : 'hide' });
    if (effect !== null) {
      this.persistence.dirty += effect.dirty;
      if (effect.propagate.length > 0 && this.isMaster) {
        if (transaction !== null) transaction.push(...effect.propagate);
        else this.propagate(effect.propagate);
        client.lastWriteOffset = this.ids.masterReplOffset;
      }
      return effect.reply;
    }
    switch (name) {
      case 'PING':
        if (client.channels.size > 0 && client.protocolVersion === 2) return bulkArray(['pong', cmd[1] ?? '']);
        return cmd.length > 1 ? bulk(cmd[1]!) : PONG;
      case 'ECHO':
        return bulk(cmd[1]!);
      case 'MULTI':
        if (client.multi !== null) return errors.MULTI_NESTED;
        client.multi = [];
        client.multiRejected = false;
        client.multiWrites = false;
        return OK;
      case 'DISCARD':
        if (client.multi === null) return errors.DISCARD_WITHOUT_MULTI;
        this.discardMulti(client);
        return OK;
      case 'EXEC':
        return this.exec(client);
      case 'AUTH':
        return this.auth(client, cmd);
      case 'HELLO':
        return this.hello(client, cmd);
      case 'INFO':
        return bulk(this.info(cmd.slice(1)));
      case 'ROLE':
        return this.role();
      case 'REPLICAOF':
      case 'SLAVEOF':
        return this.replicaof(client, cmd);
      case 'CONFIG':
        return this.configCommand(cmd);
      case 'SAVE':
        return this.persistence.saveCommand();
      case 'BGSAVE':
        return this.persistence.bgsaveCommand(cmd);
      case 'BGREWRITEAOF':
        return this.persistence.bgrewriteaofCommand();
      case 'SHUTDOWN':
        return this.shutdown(cmd);
      case 'PUBLISH': {
        const receivers = this.publishLocally(cmd[1]!, cmd[2]!);
        if (this.isMaster) this.propagate([cmd]);
        return integer(receivers);
      }
      case 'SUBSCRIBE':
        for (const channel of cmd.slice(1)) this.subscribe(client, channel);
        return null;
      case 'UNSUBSCRIBE':
        this.unsubscribe(client, cmd.slice(1));
        return null;
      case 'CLIENT':
        return this.clientCommand(client, cmd);
      case 'WAIT':
        return this.master.waitCommand(client, cmd, transaction === null);
      case 'REPLCONF':
        return this.master.replconf(client, cmd);
      case 'PSYNC':
      case 'SYNC':
        this.master.syncCommand(client, cmd);
        return null;
      case 'SELECT':
        return cmd[1] === '0' ? OK : errors.DB_INDEX_OUT_OF_RANGE;
      case 'COMMAND':
        return integer(0);
      default:
        return error(`ERR '${spec.fullName}' is not supported by redsim yet`);
    }
  }

  // ---- propagation --------------------------------------------------------------

  /** Feed writes to replicas and the AOF; several at once are wrapped in MULTI/EXEC. */
  propagate(commands: readonly Command[]): void {
    const batch = commands.length > 1 ? [['MULTI'], ...commands, ['EXEC']] : commands;
    this.master.feed(batch);
    this.persistence.appendAof(batch);
  }

  // ---- transactions ---------------------------------------------------------------

  private discardMulti(client: Client): void {
    client.multi = null;
    client.multiRejected = false;
    client.multiWrites = false;
  }

  private exec(client: Client): Reply {
    const queued = client.multi;
    if (queued === null) return errors.EXEC_WITHOUT_MULTI;
    const rejected = client.multiRejected;
    this.discardMulti(client);
    if (rejected) return errors.EXECABORT;
    const propagated: Command[] = [];
    const replies: Reply[] = [];
    for (const cmd of queued) {
      const check = validateCommand(cmd);
      if (!check.ok) {
        replies.push(check.error);
        continue;
      }
      const name = (check.spec.parentName ?? check.spec.name).toUpperCase();
      replies.push(this.execute(client, cmd, check.spec, name, propagated) ?? OK);
    }
    if (propagated.length > 0) {
      this.master.feed([['MULTI'], ...propagated, ['EXEC']]);
      this.persistence.appendAof([['MULTI'], ...propagated, ['EXEC']]);
      client.lastWriteOffset = this.ids.masterReplOffset;
    }
    return array(replies);
  }

  // ---- commands ---------------------------------------------------------------------

  private auth(client: Client, cmd: Command): Reply {
    if (this.config.requirepass === '') return errors.AUTH_WITHOUT_PASSWORD_CONFIGURED;
    const password = cmd.length === 3 ? cmd[2]! : cmd[1]!;
    const user = cmd.length === 3 ? cmd[1]! : 'default';
    if (user === 'default' && password === this.config.requirepass) {
      client.authenticated = true;
      return OK;
    }
    return errors.WRONGPASS;
  }

  private hello(client: Client, cmd: Command): Reply {
    const request = parseHello(cmd);
    if ('type' in request) return request;
    if (request.auth !== null) {
      // The default user only: with no requirepass it has `nopass`, any password works.
      const { user, password } = request.auth;
      if (user !== 'default' || (this.config.requirepass !== '' && password !== this.config.requirepass)) return errors.WRONGPASS;
      client.authenticated = true;
    }
    if (!client.authenticated) return HELLO_NOAUTH;
    if (request.clientName !== null) {
      if (!isValidClientName(request.clientName)) return errors.INVALID_CLIENT_NAME;
      client.name = request.clientName;
    }
    if (request.protocolVersion !== null) client.protocolVersion = request.protocolVersion;
    return helloReply({ protocolVersion: client.protocolVersion, clientId: client.id, mode: 'standalone', role: this.isMaster ? 'master' : 'replica' });
  }

  private role(): Reply {
    const r = this.replica;
    if (r === null) {
      return roleReply({ role: 'master', masterReplOffset: this.ids.masterReplOffset, replicas: this.master.replicaInfos() });
    }
    return roleReply({
      role: 'slave',
      masterHost: r.masterHost,
      masterPort: r.masterPort,
      linkState: r.roleState,
      replOffset: r.hasMasterClient ? this.ids.masterReplOffset : -1,
    });
  }

  private replicaof(client: Client, cmd: Command): Reply {
    if (client.replica !== null) return errors.REPLICAOF_FROM_REPLICA_CLIENT;
    const host = cmd[1]!;
    const portText = cmd[2]!;
    if (host.toLowerCase() === 'no' && portText.toLowerCase() === 'one') {
      if (this.replica !== null) this.becomeMaster(client);
      return OK;
    }
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) return errors.INVALID_MASTER_PORT;
    if (this.replica !== null && this.replica.masterHost === host && this.replica.masterPort === port) {
      this.log('notice', 'REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
      return errors.ALREADY_CONNECTED_TO_MASTER;
    }
    this.becomeReplicaOf(host, port);
    this.log('notice', `REPLICAOF ${host}:${port} enabled (user request from '${this.describeClient(client)}')`);
    return OK;
  }

  /** REPLICAOF host port (from a master, or re-pointing a replica). */
  becomeReplicaOf(host: string, port: number): void {
    const previous = this.replica;
    // From a master: synthesize a cached master from our own IDs. From another
    // master: keep the one the old link cached, to try PSYNC at the new master.
    const cached = previous === null ? 'from-myself' : previous.stop();
    this.replica = new ReplicationReplica(this, host, port, cached);
    this.config.replicaof = { host, port };
    this.replica.connectNow();
    this.traceRole();
  }

  /** REPLICAOF NO ONE on a replica: keep the data, shift the replication ID (PSYNC2). */
  becomeMaster(client: Client | null): void {
    const r = this.replica!;
    r.stop();
    this.replica = null;
    this.config.replicaof = null;
    r.discardCachedMaster();
    this.ids.shiftReplid();
    this.log(
      'warning',
      `Setting secondary replication ID to ${this.ids.replid2}, valid up to offset: ${this.ids.secondReplOffset}. New replication ID is ${this.ids.replid}`,
    );
    // Our replicas reconnect and continue with the new ID through replid2.
    this.master.disconnectAllReplicas();
    this.master.forceSelect();
    this.log('notice', `MASTER MODE enabled (user request from '${client ? this.describeClient(client) : 'internal'}')`);
    this.traceRole();
  }

  private configCommand(cmd: Command): Reply {
    const sub = cmd[1]!.toUpperCase();
    try {
      if (sub === 'GET') {
        const pairs = configGet(this.config, cmd.slice(2));
        return bulkArray(pairs.flat());
      }
      if (sub === 'SET') {
        if (cmd.length % 2 !== 0) return errors.wrongArity('config|set');
        configSet(this.config, cmd.slice(2));
        this.master.configChanged();
        return OK;
      }
      if (sub === 'REWRITE') {
        if (!this.hasConfigFile) return errors.CONFIG_WITHOUT_FILE;
        this.ctx.disk.write(CONFIG_FILE, renderConfigFile(this.config));
        this.log('notice', 'CONFIG REWRITE executed with success.');
        return OK;
      }
      if (sub === 'RESETSTAT') {
        this.stats.syncFull = this.stats.syncPartialOk = this.stats.syncPartialErr = 0;
        this.stats.totalCommandsProcessed = this.stats.totalConnectionsReceived = 0;
        return OK;
      }
    } catch (e) {
      if (e instanceof ConfigError) return error(`ERR ${e.message}`);
      throw e;
    }
    return errors.unknownSubcommand('CONFIG', cmd[1]!);
  }

  private shutdown(cmd: Command): Reply | null {
    const flag = (cmd[1] ?? '').toUpperCase();
    if (flag !== '' && flag !== 'NOSAVE' && flag !== 'SAVE' && flag !== 'NOW' && flag !== 'FORCE' && flag !== 'ABORT') return errors.SYNTAX;
    this.log('warning', 'User requested shutdown...');
    this.persistence.beforeShutdown(flag === 'SAVE' ? 'save' : flag === 'NOSAVE' ? 'nosave' : 'default');
    this.log('warning', 'Redis is now ready to exit, bye bye...');
    this.shuttingDown = true;
    if (this.cronTimer) this.ctx.cancelTimer(this.cronTimer);
    this.ctx.exit();
    return null;
  }

  // ---- pub/sub --------------------------------------------------------------------

  private subscribe(client: Client, channel: string): void {
    if (!client.channels.has(channel)) {
      client.channels.add(channel);
      let subscribers = this.channels.get(channel);
      if (subscribers === undefined) this.channels.set(channel, (subscribers = new Set()));
      subscribers.add(client);
    }
    this.reply(client, array([bulk('subscribe'), bulk(channel), integer(client.channels.size)]));
  }

  private unsubscribe(client: Client, channels: readonly string[]): void {
    const targets = channels.length > 0 ? channels : [...client.channels];
    if (targets.length === 0) this.reply(client, array([bulk('unsubscribe'), bulk(null), integer(0)]));
    for (const channel of targets) {
      client.channels.delete(channel);
      this.channels.get(channel)?.delete(client);
      this.reply(client, array([bulk('unsubscribe'), bulk(channel), integer(client.channels.size)]));
    }
  }

  /** Deliver to our own subscribers; the count PUBLISH answers. */
  publishLocally(channel: string, message: string): number {
    const subscribers = this.channels.get(channel);
    if (subscribers === undefined) return 0;
    const push = array([bulk('message'), bulk(channel), bulk(message)]);
    for (const s of subscribers) this.reply(s, push);
    return subscribers.size;
  }

  // ---- CLIENT -------------------------------------------------------------------------

  describeClient(client: Client): string {
    const ageSeconds = Math.floor((this.ctx.wallClockMs() - client.createdWallMs) / 1000);
    const flags = client.replica !== null ? 'S' : client.channels.size > 0 ? 'P' : client.multi !== null ? 'x' : 'N';
    return (
      `id=${client.id} addr=${client.address} laddr=${this.ctx.name}:${this.config.port} fd=${client.id + 7} ` +
      `name=${client.name} age=${ageSeconds} idle=0 flags=${flags} db=0 sub=${client.channels.size} psub=0 ` +
      `multi=${client.multi === null ? -1 : client.multi.length} cmd=${client.lastCommand} user=default resp=${client.protocolVersion}`
    );
  }

  private clientCommand(client: Client, cmd: Command): Reply {
    const sub = cmd[1]!.toUpperCase();
    switch (sub) {
      case 'SETNAME': {
        const name = cmd[2]!;
        if (!isValidClientName(name)) return errors.INVALID_CLIENT_NAME;
        client.name = name;
        return OK;
      }
      case 'GETNAME':
        return client.name === '' ? bulk(null) : bulk(client.name);
      case 'ID':
        return integer(client.id);
      case 'LIST':
        return bulk([...this.clients.values()].map((c) => this.describeClient(c) + '\n').join(''));
      case 'INFO':
        return bulk(this.describeClient(client) + '\n');
      case 'KILL':
        return this.clientKill(client, cmd);
      default:
        return errors.unknownSubcommand('CLIENT', cmd[1]!);
    }
  }

  private clientKill(self: Client, cmd: Command): Reply {
    if (cmd.length === 3) {
      // Old form: CLIENT KILL addr:port
      const target = [...this.clients.values()].find((c) => c.address === cmd[2]);
      if (target === undefined) return errors.NO_SUCH_CLIENT;
      this.freeClient(target, true);
      return OK;
    }
    if ((cmd.length - 2) % 2 !== 0) return errors.SYNTAX;
    let type: string | null = null;
    let id: number | null = null;
    let addr: string | null = null;
    let skipMe = true;
    for (let i = 2; i < cmd.length; i += 2) {
      const key = cmd[i]!.toUpperCase();
      const value = cmd[i + 1]!;
      if (key === 'TYPE') {
        type = value.toLowerCase();
        if (type === 'slave') type = 'replica';
        if (!['normal', 'replica', 'master', 'pubsub'].includes(type)) return error(`ERR Unknown client type '${value}'`);
      } else if (key === 'ID') id = Number(value);
      else if (key === 'ADDR') addr = value;
      else if (key === 'SKIPME') skipMe = value.toLowerCase() === 'yes';
      else return errors.SYNTAX;
    }
    let killed = 0;
    for (const c of [...this.clients.values()]) {
      if (skipMe && c === self) continue;
      if (type !== null && c.kind !== type) continue;
      if (id !== null && c.id !== id) continue;
      if (addr !== null && c.address !== addr) continue;
      this.freeClient(c, true);
      killed++;
    }
    if (type === 'master' && this.replica?.hasMasterClient) {
      this.replica.dropLink('killed');
      killed++;
    }
    return integer(killed);
  }

  // ---- INFO -------------------------------------------------------------------------

  private info(args: readonly string[]): string {
    const ctx = this.ctx;
    // used_memory is an allocator counter in Redis; walking the dataset on every
    // INFO (Sentinels ask every 10 s, every second during failovers) would make
    // long runs quadratic. A per-key proxy is enough for a field nothing acts on.
    const usedMemory = 900 * 1024 + 96 * this.keyspace.size;
    return buildInfo(args, {
      server: () =>
        serverInfoSection({
          processId: ctx.pid,
          runId: this.runId,
          tcpPort: this.config.port,
          serverTimeUsec: ctx.wallClockUs(),
          uptimeSeconds: Math.floor((ctx.wallClockMs() - this.startedWallMs) / 1000),
          hz: this.config.hz,
          configFile: this.hasConfigFile ? `/etc/redis/${CONFIG_FILE}` : '',
        }),
      clients: () =>
        clientsInfoSection({
          connectedClients: [...this.clients.values()].filter((c) => c.replica === null).length + (this.replica?.hasMasterClient ? 1 : 0),
          blockedClients: [...this.clients.values()].filter((c) => c.waiting !== null).length,
        }),
      memory: () => memoryInfoSection({ usedMemory, replicationBacklogBytes: this.ids.backlog?.histlen ?? 0 }),
      persistence: () => this.persistence.infoSection(),
      stats: () =>
        statsInfoSection({
          totalConnectionsReceived: this.stats.totalConnectionsReceived,
          totalCommandsProcessed: this.stats.totalCommandsProcessed,
          syncFull: this.stats.syncFull,
          syncPartialOk: this.stats.syncPartialOk,
          syncPartialErr: this.stats.syncPartialErr,
          expiredKeys: 0,
          keyspaceHits: 0,
          keyspaceMisses: 0,
          pubsubChannels: [...this.channels.values()].filter((s) => s.size > 0).length,
        }),
      replication: () => this.replicationInfo(),
      cpu: () => cpuInfoSection(),
      keyspace: () =>
        keyspaceInfoSection([this.keyspace.size > 0 ? { keys: this.keyspace.size, expires: this.keyspace.volatileKeyCount, avgTtlMs: 0 } : undefined]),
    });
  }

  replicationInfo(): InfoSection {
    const ids = this.ids;
    const backlog = ids.backlog;
    const cfg = this.config;
    return replicationInfoSection({
      replicaOf: this.replica?.infoSide() ?? null,
      replicas: this.master.replicaInfos(),
      ...(cfg.minReplicasToWrite > 0 && cfg.minReplicasMaxLagSeconds > 0 ? { minReplicasGoodCount: this.master.goodReplicas } : {}),
      failoverState: 'no-failover',
      replid: ids.replid,
      replid2: ids.replid2,
      masterReplOffset: ids.masterReplOffset,
      secondReplOffset: ids.secondReplOffset,
      backlogActive: backlog !== null,
      backlogSizeBytes: cfg.replBacklogSizeBytes,
      backlogFirstByteOffset: backlog === null ? 0 : backlog.firstByteOffset,
      backlogHistlenBytes: backlog === null ? 0 : backlog.histlen,
    });
  }

  /** Wall-clock seconds, as Redis's server.unixtime. */
  unixtimeSeconds(): number {
    return Math.floor(this.ctx.wallClockMs() / 1000);
  }

  /** For tests and the world: the config file a fresh data node starts with. */
  static configFileText(config: RedisConfig): string {
    return renderConfigFile(config);
  }
}
