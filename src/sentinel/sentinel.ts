// The Sentinel actor: one redis-sentinel process. It reads sentinel.conf from
// its own disk (and rewrites it there, so a restarted Sentinel comes back with
// what it knew), runs its timer at the real randomised 10–19 Hz cadence, and
// learns everything through commands over the network: PING, INFO, Pub/Sub
// hellos, SENTINEL is-master-down-by-addr, and the SLAVEOF transactions it
// sends. Monitoring lives in monitor.ts, agreement and failover in failover.ts.
//
// Simplifications: no notification or client-reconfig scripts; no
// rename-command; no TLS; links to other Sentinels are per master (Redis shares
// one link per Sentinel across masters).

import { startupBanner } from '../protocol/startup-banner.js';
import type { Actor, ActorFactory, ProcessContext, ProcessTimer, Socket } from '../net/actor.js';
import { validateCommand } from '../protocol/commands-table.js';
import * as errors from '../protocol/errors.js';
import { compileGlob } from '../protocol/glob.js';
import type { LogLevel } from '../protocol/log-line.js';
import { helloReply, isValidClientName, parseHello } from '../protocol/hello.js';
import { OK, PONG, array, bulk, bulkArray, error, integer, replyBytes, type Command, type Reply } from '../protocol/resp.js';
import { renderSentinelConfig, parseSentinelConfig, defaultSentinelConfig, masterConfigFromInstance, type SentinelConfig } from './config.js';
import { SentinelInstance } from './instance.js';
import { InstanceLink } from './link.js';
import { defaultSentinelTiming, type SentinelTiming } from './timing.js';
import * as failover from './failover.js';
import * as monitor from './monitor.js';
import { sentinelCommand } from './commands.js';

export const SENTINEL_CONFIG_FILE = 'sentinel.conf';
export const HELLO_CHANNEL = '__sentinel__:hello';

/** sentinel.conf rewrite with fsync: uniform 1.5-2.5 ms (measured, see flushConfig). */
const CONFIG_FSYNC_MIN_US = 1_500;
const CONFIG_FSYNC_SPREAD_US = 1_000;

/** The program for a Sentinel node: `net.addProcess('s1', sentinelServer())`. */
export function sentinelServer(): ActorFactory {
  return (ctx) => new Sentinel(ctx);
}

/** A client connected to this Sentinel (application clients, peers sending hellos and votes). */
interface SentinelClient {
  readonly id: number;
  readonly socket: Socket;
  name: string;
  readonly channels: Set<string>;
  /** RESP version chosen with HELLO. */
  protocolVersion: 2 | 3;
  readonly patterns: Set<string>;
}

export class Sentinel implements Actor {
  config: SentinelConfig;
  myid: string;
  currentEpoch: number;
  readonly masters = new Map<string, SentinelInstance>();
  readonly timing: SentinelTiming = defaultSentinelTiming();
  tilt = false;
  tiltStartTime = 0;
  private previousTime: number;
  private timer: ProcessTimer | null = null;
  private readonly clients = new Map<number, SentinelClient>();
  private nextClientId = 1;
  simulateFailure = { crashAfterElection: false, crashAfterPromotion: false };
  private readonly startedWallMs: number;

  constructor(readonly ctx: ProcessContext) {
    const text = ctx.disk.read<string>(SENTINEL_CONFIG_FILE);
    this.config = text === undefined ? defaultSentinelConfig() : parseSentinelConfig(text);
    this.myid = this.config.myid ?? '';
    this.currentEpoch = this.config.currentEpoch;
    this.previousTime = ctx.wallClockMs();
    this.startedWallMs = this.previousTime;
  }

  get now(): number {
    return this.ctx.wallClockMs();
  }

  get port(): number {
    return this.config.port;
  }

  /** The address we announce in hellos: announce-ip, else our own name (our address here). */
  get announceIp(): string {
    return this.config.announceIp || this.ctx.name;
  }

  get announcePort(): number {
    return this.config.announcePort || this.config.port;
  }

  // ---- startup ----------------------------------------------------------------------

  start(): void {
    // redis-sentinel needs its config file; it always has one here.
    for (const line of startupBanner(this.ctx.pid, true, 'sentinel', this.config.port)) {
      this.ctx.emit('log', { pid: this.ctx.pid, role: line.early ? 'C' : 'X', level: line.level, wallMs: this.now, text: line.text });
    }
    const generated = this.myid === '';
    if (generated) this.myid = this.ctx.rng.hex(40);
    const startupLines: (() => void)[] = [];
    const now = this.now;
    for (const m of this.config.masters) {
      const master = this.newInstance('master', m.name, m.host, m.port, null, now);
      master.quorum = m.quorum;
      master.downAfterMs = m.downAfterMs;
      master.failoverTimeoutMs = m.failoverTimeoutMs;
      master.parallelSyncs = m.parallelSyncs;
      master.authPass = m.authPass;
      master.authUser = m.authUser;
      master.masterRebootDownAfterPeriodMs = m.masterRebootDownAfterPeriodMs;
      master.configEpoch = m.configEpoch;
      master.leaderEpoch = m.leaderEpoch;
      this.masters.set(m.name, master);
      for (const r of m.knownReplicas) monitor.addReplica(this, master, r.host, r.port, false);
      for (const s of m.knownSentinels) {
        const si = this.newInstance('sentinel', s.runId, s.host, s.port, master, now);
        si.runId = s.runId;
        master.sentinels.set(s.runId, si);
      }
      startupLines.push(() => {
        this.event('warning', '+monitor', master, `quorum ${master.quorum}`);
        this.ctx.emit('sentinel.config-epoch', { master: master.name, configEpoch: master.configEpoch });
      });
    }
    // As redis-sentinel: a new ID is saved first, then announced, then the masters.
    if (generated) this.flushConfig();
    this.log('warning', `Sentinel ID is ${this.myid}`);
    for (const line of startupLines) line();
    this.ctx.listen(this.config.port, (socket) => this.accept(socket));
    // sentinelTimer runs from serverCron, whose first call comes 1 ms after start.
    this.timer = this.ctx.setTimer(1000, () => this.tick());
  }

  newInstance(type: SentinelInstance['type'], name: string, host: string, port: number, master: SentinelInstance | null, now: number): SentinelInstance {
    const link = new InstanceLink(this.ctx, type !== 'sentinel', now);
    return new SentinelInstance(type, name, host, port, master, now, link);
  }

  // ---- the timer ------------------------------------------------------------------------

  private scheduleTimer(): void {
    // Re-randomised every tick: 10 + rand(0..9) Hz, so Sentinels drift apart
    // and rarely ask for votes at the same instant.
    const hz = 10 + this.ctx.rng.int(10);
    this.timer = this.ctx.setTimer(Math.floor(1000 / hz) * 1000, () => this.tick());
  }

  private tick(): void {
    // sentinelTimer queues its commands with hiredis; they are written when the
    // event loop resumes, after any sentinel.conf fsync the tick did.
    this.ctx.batchWrites(() => this.tickBody());
    this.scheduleTimer();
  }

  private tickBody(): void {
    this.checkTilt();
    let switchTo: SentinelInstance | null = null;
    for (const master of this.masters.values()) {
      this.handleInstance(master);
      for (const replica of [...master.replicas.values()]) this.handleInstance(replica);
      for (const sentinel of [...master.sentinels.values()]) this.handleInstance(sentinel);
      if (master.failoverState === 'update_config') switchTo = master;
    }
    if (switchTo !== null) failover.switchToPromotedSlave(this, switchTo);
  }

  private checkTilt(): void {
    const now = this.now;
    const delta = now - this.previousTime;
    if (delta < 0 || delta > this.timing.tiltTriggerMs) {
      this.tilt = true;
      this.tiltStartTime = now;
      this.event('warning', '+tilt', null, '#tilt mode entered');
    }
    this.previousTime = now;
  }

  private handleInstance(ri: SentinelInstance): void {
    // The monitoring half always runs, also in TILT.
    monitor.reconnectInstance(this, ri);
    monitor.sendPeriodicCommands(this, ri);
    // The acting half does not.
    if (this.tilt) {
      if (this.now - this.tiltStartTime < this.timing.tiltPeriodMs) return;
      this.tilt = false;
      this.event('warning', '-tilt', null, '#tilt mode exited');
    }
    failover.checkSubjectivelyDown(this, ri);
    if (ri.type === 'master') {
      failover.checkObjectivelyDown(this, ri);
      if (failover.startFailoverIfNeeded(this, ri)) failover.askMasterStateToOtherSentinels(this, ri, true);
      failover.failoverStateMachine(this, ri);
      failover.askMasterStateToOtherSentinels(this, ri, false);
    }
  }

  // ---- events and logs --------------------------------------------------------------------

  log(level: LogLevel, text: string): void {
    this.ctx.emit('log', { pid: this.ctx.pid, role: 'X', level, wallMs: this.now, text });
  }

  /**
   * An event: logged as `<type> <message>` and published on our own Pub/Sub
   * channel named after it (clients follow `+switch-master` there). With an
   * instance, the message starts with its description.
   */
  event(level: LogLevel, type: string, ri: SentinelInstance | null, extra = ''): void {
    const message = ri === null ? extra : extra === '' ? ri.describe() : `${ri.describe()} ${extra}`;
    this.ctx.emit('sentinel.event', {
      pid: this.ctx.pid,
      role: 'X',
      level,
      wallMs: this.now,
      name: type,
      text: `${type} ${message}`,
      master: ri === null ? null : (ri.master ?? ri).name,
      epoch: this.currentEpoch,
    });
    if (level !== 'debug') this.publishEvent(type, message);
  }

  // ---- persistence ----------------------------------------------------------------------------

  /** CONFIG REWRITE of sentinel.conf, from what we know now. */
  flushConfig(): void {
    const config: SentinelConfig = {
      ...this.config,
      myid: this.myid,
      currentEpoch: this.currentEpoch,
      masters: [...this.masters.values()].map(masterConfigFromInstance),
    };
    this.config = config;
    this.ctx.disk.write(SENTINEL_CONFIG_FILE, renderSentinelConfig(config, { defaultDownAfterMs: this.timing.defaultDownAfterMs, defaultFailoverTimeoutMs: this.timing.defaultFailoverTimeoutMs }));
    // rewriteConfig fsyncs the file (and its directory) before it returns: the
    // whole Sentinel waits, and its queued replies and requests leave after.
    // Real 7.0.15 logs show ~2 ms per flush (+new-epoch to +vote-for-leader, one
    // flush apart, on the CI machine); that is the window in which two Sentinels
    // can start a failover in the same epoch.
    this.ctx.blockFor(CONFIG_FSYNC_MIN_US + this.ctx.rng.int(CONFIG_FSYNC_SPREAD_US));
    this.log('notice', 'Sentinel new configuration saved on disk');
  }

  /** Adopt a larger epoch seen in a hello or a vote request. */
  adoptEpoch(epoch: number): void {
    if (epoch <= this.currentEpoch) return;
    this.currentEpoch = epoch;
    this.flushConfig();
    this.event('warning', '+new-epoch', null, String(epoch));
  }

  masterByAddress(host: string, port: number): SentinelInstance | undefined {
    for (const m of this.masters.values()) if (m.host === host && m.port === port) return m;
    return undefined;
  }

  /** SENTINEL SIMULATE-FAILURE: exit as redis-sentinel does (exit code 99). */
  crashForSimulatedFailure(): void {
    this.log('warning', 'Sentinel CRASH because of SENTINEL simulate-failure');
    if (this.timer) this.ctx.cancelTimer(this.timer);
    this.ctx.exit();
  }

  // ---- the command server ----------------------------------------------------------------------

  private accept(socket: Socket) {
    const client: SentinelClient = { id: this.nextClientId++, socket, name: '', channels: new Set(), patterns: new Set(), protocolVersion: 2 };
    this.clients.set(client.id, client);
    return {
      onData: (_s: Socket, payload: unknown) => {
        if (Array.isArray(payload)) this.processCommand(client, payload as Command);
      },
      onClose: () => this.clients.delete(client.id),
    };
  }

  private reply(client: SentinelClient, reply: Reply): void {
    client.socket.send(reply, replyBytes(reply));
  }

  private processCommand(client: SentinelClient, cmd: Command): void {
    const check = validateCommand(cmd, 'sentinel');
    if (!check.ok) return this.reply(client, check.error);
    const name = (check.spec.parentName ?? check.spec.name).toUpperCase();
    const subscribed = client.channels.size + client.patterns.size > 0 && client.protocolVersion === 2;
    if (subscribed && !['SUBSCRIBE', 'UNSUBSCRIBE', 'PSUBSCRIBE', 'PUNSUBSCRIBE', 'PING', 'QUIT', 'RESET'].includes(name)) {
      return this.reply(client, errors.notAllowedInPubSubContext(check.spec.fullName));
    }
    switch (name) {
      case 'PING':
        return this.reply(client, subscribed ? bulkArray(['pong', cmd[1] ?? '']) : cmd.length > 1 ? bulk(cmd[1]!) : PONG);
      case 'SENTINEL':
        return this.reply(client, sentinelCommand(this, cmd));
      case 'INFO':
        return this.reply(client, bulk(monitor.infoText(this, cmd.slice(1), this.startedWallMs, this.clients.size)));
      case 'ROLE':
        return this.reply(client, array([bulk('sentinel'), bulkArray([...this.masters.keys()])]));
      case 'PUBLISH':
        if (cmd[1] !== HELLO_CHANNEL) return this.reply(client, error('ERR Only HELLO messages are accepted by Sentinel instances.'));
        monitor.processHelloMessage(this, cmd[2]!, null);
        return this.reply(client, integer(1));
      case 'SUBSCRIBE':
      case 'PSUBSCRIBE': {
        const isPattern = name === 'PSUBSCRIBE';
        for (const channel of cmd.slice(1)) {
          (isPattern ? client.patterns : client.channels).add(channel);
          this.reply(client, array([bulk(isPattern ? 'psubscribe' : 'subscribe'), bulk(channel), integer(client.channels.size + client.patterns.size)]));
        }
        return;
      }
      case 'UNSUBSCRIBE':
      case 'PUNSUBSCRIBE': {
        const isPattern = name === 'PUNSUBSCRIBE';
        const set = isPattern ? client.patterns : client.channels;
        const targets = cmd.length > 1 ? cmd.slice(1) : [...set];
        for (const channel of targets) {
          set.delete(channel);
          this.reply(client, array([bulk(isPattern ? 'punsubscribe' : 'unsubscribe'), bulk(channel), integer(client.channels.size + client.patterns.size)]));
        }
        return;
      }
      case 'CLIENT': {
        const sub = cmd[1]!.toUpperCase();
        if (sub === 'SETNAME') {
          client.name = cmd[2]!;
          return this.reply(client, OK);
        }
        if (sub === 'GETNAME') return this.reply(client, client.name === '' ? bulk(null) : bulk(client.name));
        if (sub === 'ID') return this.reply(client, integer(client.id));
        if (sub === 'KILL') return this.reply(client, OK);
        return this.reply(client, errors.unknownSubcommand('CLIENT', cmd[1]!));
      }
      case 'AUTH':
        return this.reply(client, errors.AUTH_WITHOUT_PASSWORD_CONFIGURED);
      case 'HELLO': {
        // Sentinel has no requirepass in our model: the default user is `nopass`.
        const request = parseHello(cmd);
        if ('type' in request) return this.reply(client, request);
        if (request.auth !== null && request.auth.user !== 'default') return this.reply(client, errors.WRONGPASS);
        if (request.clientName !== null) {
          if (!isValidClientName(request.clientName)) return this.reply(client, errors.INVALID_CLIENT_NAME);
          client.name = request.clientName;
        }
        if (request.protocolVersion !== null) client.protocolVersion = request.protocolVersion;
        return this.reply(client, helloReply({ protocolVersion: client.protocolVersion, clientId: client.id, mode: 'sentinel' }));
      }
      case 'SHUTDOWN':
        this.log('warning', 'User requested shutdown...');
        this.flushConfig();
        this.log('warning', 'Sentinel is now ready to exit, bye bye...');
        if (this.timer) this.ctx.cancelTimer(this.timer);
        this.ctx.exit();
        return;
      default:
        return this.reply(client, error(`ERR '${check.spec.fullName}' is not supported by redsim's Sentinel yet`));
    }
  }

  private publishEvent(channel: string, message: string): void {
    const push = array([bulk('message'), bulk(channel), bulk(message)]);
    for (const client of this.clients.values()) {
      if (client.channels.has(channel)) this.reply(client, push);
      for (const pattern of client.patterns) {
        if (compileGlob(pattern)(channel)) this.reply(client, array([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]));
      }
    }
  }
}
