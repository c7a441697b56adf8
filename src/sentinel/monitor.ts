// The monitoring half of a Sentinel: keeping links up, the periodic PING,
// INFO and hello, what replies mean, acting on what instances report in INFO
// (discovering replicas, promotion progress, +convert-to-slave,
// +fix-slave-config, reconfiguration progress) and hellos from other Sentinels
// (discovery, epochs, +config-update-from / +switch-master).

import type { CloseReason } from '../net/actor.js';
import { parseInfo, renderInfo, type InfoSection } from '../protocol/info.js';
import { clientsInfoSection, cpuInfoSection, serverInfoSection, statsInfoSection } from '../protocol/info-sections.js';
import type { Reply } from '../protocol/resp.js';
import { currentMasterAddress, resetMasterAndChangeAddress } from './failover.js';
import type { SentinelInstance } from './instance.js';
import { sentinelInfoSection } from './reports.js';
import { HELLO_CHANNEL, type Sentinel } from './sentinel.js';

const MAX_PENDING_COMMANDS = 100;

const REASON_TEXT: Record<CloseReason, string> = {
  refused: 'Connection refused',
  timeout: 'Connection timed out',
  reset: 'Connection reset by peer',
  eof: 'Server closed the connection',
  unresolved: 'Name or service not known',
};

// ---- links ---------------------------------------------------------------------------

export function reconnectInstance(s: Sentinel, ri: SentinelInstance): void {
  const link = ri.link;
  if (!link.disconnected || ri.port === 0) return;
  const now = s.now;
  if (now - link.lastReconnTime < s.timing.pingPeriodMs) return;
  link.lastReconnTime = now;
  const auth = authCommand(s, ri);
  const id8 = s.myid.slice(0, 8);
  const started = link.connect(ri.host, ri.port, {
    onCommandOpen: () => {},
    onPubSubOpen: () => {},
    onPubSubMessage: (reply) => receivePubSub(s, ri, reply),
    onError: (which, reason) =>
      s.event('debug', which === 'cmd' ? '-cmd-link-reconnection' : '-pubsub-link-reconnection', ri, `#${REASON_TEXT[reason]}`),
  });
  if (started.cmd) {
    if (auth) link.command(auth);
    link.command(['CLIENT', 'SETNAME', `sentinel-${id8}-cmd`]);
    // Send a PING as soon as we connect.
    sendPing(s, ri);
  }
  if (started.pubsub) {
    if (auth) link.pubsubCommand(auth);
    link.pubsubCommand(['CLIENT', 'SETNAME', `sentinel-${id8}-pubsub`]);
    link.pubsubCommand(['SUBSCRIBE', HELLO_CHANNEL]);
  }
}

function authCommand(s: Sentinel, ri: SentinelInstance): string[] | null {
  if (ri.type === 'sentinel') {
    if (s.config.sentinelPass === '') return null;
    return s.config.sentinelUser ? ['AUTH', s.config.sentinelUser, s.config.sentinelPass] : ['AUTH', s.config.sentinelPass];
  }
  const master = ri.master ?? ri;
  if (master.authPass === '') return null;
  return master.authUser ? ['AUTH', master.authUser, master.authPass] : ['AUTH', master.authPass];
}

// ---- periodic commands ------------------------------------------------------------------

export function sendPeriodicCommands(s: Sentinel, ri: SentinelInstance): void {
  const link = ri.link;
  if (link.disconnected) return;
  // Too many commands without replies: the instance is slow or gone; don't pile up more.
  if (link.pendingCommands >= MAX_PENDING_COMMANDS) return;
  const now = s.now;
  const timing = s.timing;
  const master = ri.master;
  const infoPeriod =
    ri.type === 'slave' && master !== null && (master.flags.oDown || master.flags.failoverInProgress || ri.masterLinkDownTimeMs !== 0)
      ? 1000
      : timing.infoPeriodMs;
  const pingPeriod = Math.min(ri.downAfterMs, timing.pingPeriodMs);
  if (ri.type !== 'sentinel' && (ri.infoRefresh === 0 || now - ri.infoRefresh > infoPeriod)) {
    link.command(['INFO'], (reply) => {
      if (reply !== null && reply.type === 'bulk' && reply.value !== null) refreshFromInfo(s, ri, reply.value);
    });
  }
  if (now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2) sendPing(s, ri);
  if (now - ri.lastPubTime > timing.publishPeriodMs) sendHello(s, ri);
}

export function sendPing(s: Sentinel, ri: SentinelInstance): void {
  const link = ri.link;
  const sent = link.command(['PING'], (reply) => onPingReply(s, ri, reply));
  if (!sent) return;
  link.lastPingTime = s.now;
  // Measure from the first PING still without an answer.
  if (link.actPingTime === 0) link.actPingTime = link.lastPingTime;
}

function onPingReply(s: Sentinel, ri: SentinelInstance, reply: Reply | null): void {
  if (reply === null) return;
  const link = ri.link;
  const text = reply.type === 'simple' ? reply.value : reply.type === 'error' ? reply.message : '';
  if (reply.type === 'simple' || reply.type === 'error') {
    if (text.startsWith('PONG') || text.startsWith('LOADING') || text.startsWith('MASTERDOWN')) {
      link.lastAvailTime = s.now;
      link.actPingTime = 0;
      if (text.startsWith('PONG')) ri.flags.masterReboot = false;
    }
  }
  link.lastPongTime = s.now;
}

/** `ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch` */
export function sendHello(s: Sentinel, ri: SentinelInstance): boolean {
  if (ri.link.disconnected) return false;
  const master = ri.master ?? ri;
  const address = currentMasterAddress(master);
  const payload = [s.announceIp, s.announcePort, s.myid, s.currentEpoch, master.name, address.host, address.port, master.configEpoch].join(',');
  return ri.link.command(['PUBLISH', HELLO_CHANNEL, payload], (reply) => {
    if (reply !== null && reply.type !== 'error') ri.lastPubTime = s.now;
  });
}

/** After a promotion: everyone hears the new configuration at the next tick. */
export function forceHelloUpdate(s: Sentinel, master: SentinelInstance): void {
  const past = s.now - s.timing.publishPeriodMs - 1;
  master.lastPubTime = past;
  for (const r of master.replicas.values()) r.lastPubTime = past;
  for (const si of master.sentinels.values()) si.lastPubTime = past;
}

function receivePubSub(s: Sentinel, ri: SentinelInstance, reply: Reply): void {
  if (reply.type !== 'array' || reply.items === null || reply.items.length !== 3) return;
  const [kind, channel, message] = reply.items;
  if (kind?.type !== 'bulk' || kind.value !== 'message') return;
  if (channel?.type !== 'bulk' || channel.value !== HELLO_CHANNEL) return;
  if (message?.type === 'bulk' && message.value !== null) processHelloMessage(s, message.value, ri);
}

// ---- hellos ----------------------------------------------------------------------------------

/** A hello, heard on an instance's Pub/Sub channel (`from`) or PUBLISHed to us directly (null). */
export function processHelloMessage(s: Sentinel, hello: string, _from: SentinelInstance | null): void {
  const token = hello.split(',');
  if (token.length !== 8) return;
  const [ip, portText, runId, epochText, masterName, masterIp, masterPortText, masterEpochText] = token as [string, string, string, string, string, string, string, string];
  if (runId === s.myid) return;
  const master = s.masters.get(masterName);
  if (master === undefined) return;
  const port = Number(portText);
  const now = s.now;
  let si: SentinelInstance | undefined;
  for (const x of master.sentinels.values()) {
    if (x.host === ip && x.port === port && x.runId === runId) {
      si = x;
      break;
    }
  }
  if (si === undefined) {
    // A known run id at a new address, or a new run id at a known address.
    const moved = master.sentinels.get(runId);
    if (moved !== undefined) {
      moved.link.close();
      master.sentinels.delete(runId);
      s.event('notice', '+sentinel-address-switch', master, `ip ${ip} port ${port} for ${runId}`);
    }
    for (const other of [...master.sentinels.values()]) {
      if (other.host === ip && other.port === port && other.runId !== runId) {
        s.event('notice', '+sentinel-invalid-addr', other);
        other.link.close();
        master.sentinels.delete(other.name);
      }
    }
    si = s.newInstance('sentinel', runId, ip, port, master, now);
    si.runId = runId;
    master.sentinels.set(runId, si);
    if (moved === undefined) s.event('notice', '+sentinel', si);
    s.flushConfig();
  }
  s.adoptEpoch(Number(epochText));
  const masterConfigEpoch = Number(masterEpochText);
  if (master.configEpoch < masterConfigEpoch) {
    master.configEpoch = masterConfigEpoch;
    s.ctx.emit('sentinel.config-epoch', { master: master.name, configEpoch: master.configEpoch });
    const masterPort = Number(masterPortText);
    if (masterIp !== master.host || masterPort !== master.port) {
      s.event('warning', '+config-update-from', si);
      s.event('warning', '+switch-master', null, `${master.name} ${master.host} ${master.port} ${masterIp} ${masterPort}`);
      resetMasterAndChangeAddress(s, master, masterIp, masterPort);
    } else {
      s.flushConfig();
    }
  }
  si.lastHelloTime = now;
}

// ---- INFO --------------------------------------------------------------------------------------

export function addReplica(s: Sentinel, master: SentinelInstance, host: string, port: number, announce: boolean): SentinelInstance {
  const name = `${host}:${port}`;
  const replica = s.newInstance('slave', name, host, port, master, s.now);
  master.replicas.set(name, replica);
  if (announce) s.event('notice', '+slave', replica);
  return replica;
}

function masterLooksSane(s: Sentinel, master: SentinelInstance): boolean {
  return (
    master.type === 'master' &&
    master.roleReported === 'master' &&
    !master.flags.sDown &&
    !master.flags.oDown &&
    s.now - master.infoRefresh < s.timing.infoPeriodMs * 2
  );
}

/** No SDOWN or ODOWN onset within the last `ms`. */
function noDownFor(s: Sentinel, ri: SentinelInstance, ms: number): boolean {
  const mostRecent = Math.max(ri.sDownSinceTime, ri.oDownSinceTime);
  return mostRecent === 0 || s.now - mostRecent > ms;
}

/** The SLAVEOF transaction Sentinel sends; replies are ignored, INFO shows the effect. */
export function sendSlaveOf(ri: SentinelInstance, target: { host: string; port: number } | null): boolean {
  const link = ri.link;
  if (link.disconnected) return false;
  link.command(['MULTI']);
  link.command(target === null ? ['SLAVEOF', 'NO', 'ONE'] : ['SLAVEOF', target.host, String(target.port)]);
  link.command(['CONFIG', 'REWRITE']);
  link.command(['CLIENT', 'KILL', 'TYPE', 'normal']);
  link.command(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
  link.command(['EXEC']);
  return true;
}

export function refreshFromInfo(s: Sentinel, ri: SentinelInstance, text: string): void {
  const info = parseInfo(text);
  const field = (name: string) => info.fields.get(name);
  const now = s.now;
  ri.info = text;
  ri.masterLinkDownTimeMs = 0;
  const runId = field('run_id');
  if (runId !== undefined) {
    if (ri.runId === null) ri.runId = runId;
    else if (ri.runId !== runId) {
      s.event('notice', '+reboot', ri);
      ri.runId = runId;
      if (ri.type === 'master' && ri.masterRebootDownAfterPeriodMs > 0) {
        ri.flags.masterReboot = true;
        ri.masterRebootSinceTime = now;
      }
    }
  }
  if (ri.type === 'master') {
    for (const replica of info.replicas) {
      if (!ri.replicas.has(`${replica.ip}:${replica.port}`)) {
        addReplica(s, ri, replica.ip, replica.port, true);
        s.flushConfig();
      }
    }
  }
  const linkDown = field('master_link_down_since_seconds');
  if (linkDown !== undefined) ri.masterLinkDownTimeMs = Number(linkDown) * 1000;
  const roleText = field('role');
  const role: 'master' | 'slave' | null = roleText === 'master' ? 'master' : roleText === 'slave' ? 'slave' : null;
  if (role === 'slave') {
    const host = field('master_host') ?? null;
    const port = Number(field('master_port') ?? 0);
    if (host !== ri.slaveMasterHost || port !== ri.slaveMasterPort) {
      ri.slaveMasterHost = host;
      ri.slaveMasterPort = port;
      ri.slaveConfChangeTime = now;
    }
    ri.slaveMasterLinkUp = field('master_link_status') === 'up';
    const priority = field('slave_priority');
    if (priority !== undefined) ri.slavePriority = Number(priority);
    const offset = field('slave_repl_offset');
    if (offset !== undefined) ri.slaveReplOffset = Number(offset);
    const announced = field('replica_announced');
    if (announced !== undefined) ri.replicaAnnounced = announced === '1';
  }
  ri.infoRefresh = now;
  if (role === null) return;

  if (role !== ri.roleReported) {
    ri.roleReportedTime = now;
    ri.roleReported = role;
    if (role === 'slave') ri.slaveConfChangeTime = now;
    const consistent = (role === 'master' && ri.type === 'master') || (role === 'slave' && ri.type === 'slave');
    s.event('verbose', consistent ? '+role-change' : '-role-change', ri, `new reported role is ${role}`);
  }

  // Everything after this point acts on the report: not in TILT.
  if (s.tilt) return;
  const master = ri.master;
  if (ri.type !== 'slave' || master === null) return;

  if (role === 'master') {
    if (ri.flags.promoted && master.flags.failoverInProgress && master.failoverState === 'wait_promotion') {
      // Our failover worked: this replica is the new master.
      master.configEpoch = master.failoverEpoch;
      s.ctx.emit('sentinel.config-epoch', { master: master.name, configEpoch: master.configEpoch });
      master.failoverState = 'reconf_slaves';
      master.failoverStateChangeTime = now;
      s.flushConfig();
      s.event('warning', '+promoted-slave', ri);
      if (s.simulateFailure.crashAfterPromotion) return s.crashForSimulatedFailure();
      s.event('warning', '+failover-state-reconf-slaves', master);
      forceHelloUpdate(s, master);
    } else {
      // A master among our replicas (say the old master, back): make it replicate ours.
      const waitMs = s.timing.publishPeriodMs * 4;
      if (!ri.flags.promoted && masterLooksSane(s, master) && noDownFor(s, ri, waitMs) && now - ri.roleReportedTime > waitMs) {
        if (sendSlaveOf(ri, { host: master.host, port: master.port })) s.event('notice', '+convert-to-slave', ri);
      }
    }
  }

  if (role === 'slave' && (ri.slaveMasterPort !== master.port || ri.slaveMasterHost !== master.host)) {
    // A replica following the wrong master.
    const waitMs = master.failoverTimeoutMs;
    if (masterLooksSane(s, master) && noDownFor(s, ri, waitMs) && now - ri.slaveConfChangeTime > waitMs) {
      if (sendSlaveOf(ri, { host: master.host, port: master.port })) s.event('notice', '+fix-slave-config', ri);
    }
  }

  if (role === 'slave' && (ri.flags.reconfSent || ri.flags.reconfInprog)) {
    const promoted = master.promoted;
    if (ri.flags.reconfSent && promoted !== null && ri.slaveMasterHost === promoted.host && ri.slaveMasterPort === promoted.port) {
      ri.flags.reconfSent = false;
      ri.flags.reconfInprog = true;
      s.event('notice', '+slave-reconf-inprog', ri);
    }
    if (ri.flags.reconfInprog && ri.slaveMasterLinkUp) {
      ri.flags.reconfInprog = false;
      ri.flags.reconfDone = true;
      s.event('notice', '+slave-reconf-done', ri);
    }
  }
}

// ---- INFO of the Sentinel itself ------------------------------------------------------------------

/** Sentinel's INFO has five sections: server, clients, cpu, stats, sentinel. */
const SENTINEL_INFO_SECTIONS = ['server', 'clients', 'cpu', 'stats', 'sentinel'] as const;

export function infoText(s: Sentinel, args: readonly string[], startedWallMs: number, connectedClients: number): string {
  const ctx = s.ctx;
  const wanted = args.map((a) => a.toLowerCase());
  const all = wanted.length === 0 || wanted.some((w) => w === 'default' || w === 'all' || w === 'everything');
  const sections: InfoSection[] = [];
  for (const name of SENTINEL_INFO_SECTIONS) {
    if (!all && !wanted.includes(name)) continue;
    if (name === 'server') {
      sections.push(
        serverInfoSection({
          mode: 'sentinel',
          processId: ctx.pid,
          runId: s.myid,
          tcpPort: s.port,
          serverTimeUsec: ctx.wallClockUs(),
          uptimeSeconds: Math.floor((ctx.wallClockMs() - startedWallMs) / 1000),
          hz: 10,
          configFile: '/etc/redis/sentinel.conf',
        }),
      );
    } else if (name === 'clients') sections.push(clientsInfoSection({ connectedClients }));
    else if (name === 'cpu') sections.push(cpuInfoSection());
    else if (name === 'stats') {
      sections.push(
        statsInfoSection({
          totalConnectionsReceived: 0,
          totalCommandsProcessed: 0,
          syncFull: 0,
          syncPartialOk: 0,
          syncPartialErr: 0,
          expiredKeys: 0,
          keyspaceHits: 0,
          keyspaceMisses: 0,
          pubsubChannels: 0,
        }),
      );
    } else {
      sections.push(
        sentinelInfoSection({
          masters: [...s.masters.values()],
          tilt: s.tilt,
          tiltSinceSeconds: s.tilt ? Math.floor((s.now - s.tiltStartTime) / 1000) : -1,
        }),
      );
    }
  }
  return renderInfo(sections);
}
