// SENTINEL <subcommand>: what clients, operators and other Sentinels ask.
// The replies' shapes live in reports.ts; the state changes happen here.

import * as errors from '../protocol/errors.js';
import { compileGlob } from '../protocol/glob.js';
import { NULL_ARRAY, OK, array, bulk, bulkArray, error, integer, type Command, type Reply } from '../protocol/resp.js';
import { abortFailover, currentMasterAddress, resetMaster, selectSlave, startFailover, voteLeader } from './failover.js';
import {
  applySentinelDebug,
  applySentinelSet,
  ckquorumReply,
  debugReply,
  instanceReply,
  mastersReply,
  replicasReply,
  sentinelConfigGet,
  sentinelConfigSet,
  SENTINEL_CONFIG_USAGE_ERROR,
} from './reports.js';
import type { Sentinel } from './sentinel.js';

const NO_SUCH_MASTER = error('ERR No such master with that name');

export function sentinelCommand(s: Sentinel, cmd: Command): Reply {
  const sub = cmd[1]!.toLowerCase();
  const now = s.now;
  const master = () => s.masters.get(cmd[2] ?? '');
  switch (sub) {
    case 'masters':
      return mastersReply([...s.masters.values()], now);
    case 'master': {
      const m = master();
      return m === undefined ? NO_SUCH_MASTER : instanceReply(m, now);
    }
    case 'replicas':
    case 'slaves': {
      const m = master();
      return m === undefined ? NO_SUCH_MASTER : replicasReply(m, now);
    }
    case 'sentinels': {
      const m = master();
      return m === undefined ? NO_SUCH_MASTER : array([...m.sentinels.values()].map((si) => instanceReply(si, now)));
    }
    case 'get-master-addr-by-name': {
      const m = master();
      if (m === undefined) return NULL_ARRAY;
      const address = currentMasterAddress(m);
      return bulkArray([address.host, String(address.port)]);
    }
    case 'is-master-down-by-addr': {
      const m = s.masterByAddress(cmd[2]!, Number(cmd[3]));
      const reqEpoch = Number(cmd[4]);
      const runId = cmd[5]!;
      const isDown = !s.tilt && m !== undefined && m.flags.sDown;
      let leader: string | null = null;
      if (m !== undefined && runId !== '*') leader = voteLeader(s, m, reqEpoch, runId);
      return array([integer(isDown ? 1 : 0), bulk(leader ?? '*'), integer(leader !== null && m !== undefined ? m.leaderEpoch : 0)]);
    }
    case 'failover': {
      const m = master();
      if (m === undefined) return NO_SUCH_MASTER;
      if (m.flags.failoverInProgress) return error('INPROG Failover already in progress');
      if (selectSlave(s, m) === null) return error('NOGOODSLAVE No suitable replica to promote');
      s.log('warning', `Executing user requested FAILOVER of '${m.name}'`);
      startFailover(s, m);
      m.flags.forceFailover = true;
      return OK;
    }
    case 'ckquorum': {
      const m = master();
      return m === undefined ? NO_SUCH_MASTER : ckquorumReply(m);
    }
    case 'reset': {
      const matches = compileGlob(cmd[2]!);
      let count = 0;
      for (const m of s.masters.values()) {
        if (!matches(m.name)) continue;
        if (m.flags.failoverInProgress && m.failoverState !== 'none') abortFailover(s, m);
        resetMaster(s, m, false, true);
        count++;
      }
      return integer(count);
    }
    case 'set': {
      const m = master();
      if (m === undefined) return NO_SUCH_MASTER;
      const result = applySentinelSet(m, cmd.slice(3), s.config.denyScriptsReconfig);
      for (const [option, shown] of result.applied) s.event('warning', '+set', m, `${option} ${shown}`);
      if (result.applied.length > 0) s.flushConfig();
      return result.error ?? OK;
    }
    case 'monitor': {
      const [name, host, portText, quorumText] = cmd.slice(2) as [string, string, string, string];
      const quorum = Number(quorumText);
      const port = Number(portText);
      if (!/^-?\d+$/.test(quorumText)) return error('ERR Invalid quorum');
      if (quorum <= 0) return error('ERR Quorum must be 1 or greater.');
      if (!/^\d+$/.test(portText) || port > 65535) return error('ERR Invalid port');
      if (s.masters.has(name)) return error('ERR Duplicate master name.');
      const m = s.newInstance('master', name, host, port, null, now);
      m.quorum = quorum;
      m.downAfterMs = s.timing.defaultDownAfterMs;
      m.failoverTimeoutMs = s.timing.defaultFailoverTimeoutMs;
      s.masters.set(name, m);
      s.flushConfig();
      s.event('warning', '+monitor', m, `quorum ${quorum}`);
      return OK;
    }
    case 'remove': {
      const m = master();
      if (m === undefined) return NO_SUCH_MASTER;
      s.event('warning', '-monitor', m);
      resetMaster(s, m, false, false);
      s.masters.delete(m.name);
      s.flushConfig();
      return OK;
    }
    case 'myid':
      return bulk(s.myid);
    case 'flushconfig':
      s.flushConfig();
      return OK;
    case 'config': {
      const op = (cmd[2] ?? '').toLowerCase();
      if (op === 'get') return sentinelConfigGet(s.config, cmd.slice(3));
      if (op === 'set') {
        const result = sentinelConfigSet(s.config, cmd.slice(3));
        if (result.applied) s.flushConfig();
        if (result.dropConnections) {
          for (const m of s.masters.values()) for (const si of m.sentinels.values()) si.link.close();
        }
        return result.reply;
      }
      return error(SENTINEL_CONFIG_USAGE_ERROR);
    }
    case 'debug':
      if (cmd.length === 2) return debugReply(s.timing);
      return applySentinelDebug(s.timing, cmd.slice(2));
    case 'info-cache': {
      const names = cmd.length > 2 ? cmd.slice(2) : [...s.masters.keys()];
      const items: Reply[] = [];
      for (const name of names) {
        const m = s.masters.get(name);
        if (m === undefined) continue;
        const infos = [m, ...m.replicas.values()].map((ri) => array([integer(ri.infoRefresh === 0 ? 0 : now - ri.infoRefresh), bulk(ri.info)]));
        items.push(bulk(name), array(infos));
      }
      return array(items);
    }
    case 'pending-scripts':
      return array([]);
    case 'simulate-failure': {
      for (const flag of cmd.slice(2).map((f) => f.toLowerCase())) {
        if (flag === 'crash-after-election') s.simulateFailure.crashAfterElection = true;
        else if (flag === 'crash-after-promotion') s.simulateFailure.crashAfterPromotion = true;
        else if (flag === 'help') return bulkArray(['crash-after-election', 'crash-after-promotion']);
        else return errors.SYNTAX;
      }
      return OK;
    }
    default:
      return errors.unknownSubcommand('SENTINEL', cmd[1]!);
  }
}
