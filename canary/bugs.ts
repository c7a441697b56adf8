// The canary's planted bugs: one-line regressions of the kind a change to the
// state machines could bring, across Sentinel, replication, persistence and
// clients. The first six are the ones issue 18 measured explore to be blind
// to before the invariants existed. Each must keep applying to the current
// source (plant() refuses a stale one), so a refactor that moves a line makes
// the canary fail loudly until the bug is planted anew.

import type { PlantedBug } from './planted-bug.js';

export const PLANTED_BUGS: readonly PlantedBug[] = [
  {
    id: 'second-vote',
    area: 'sentinel',
    what: 'a Sentinel grants a second vote in the same epoch',
    file: 'src/sentinel/failover.ts',
    find: 'if (master.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {',
    replace: 'if (master.leaderEpoch <= reqEpoch && s.currentEpoch <= reqEpoch) {',
  },
  {
    id: 'lowest-offset',
    area: 'sentinel',
    what: 'replica selection prefers the lowest replication offset',
    file: 'src/sentinel/failover.ts',
    find: 'if (a.slaveReplOffset !== b.slaveReplOffset) return b.slaveReplOffset - a.slaveReplOffset;',
    replace: 'if (a.slaveReplOffset !== b.slaveReplOffset) return a.slaveReplOffset - b.slaveReplOffset;',
  },
  {
    id: 'older-config-epoch',
    area: 'sentinel',
    what: "a Sentinel accepts any other master config epoch from a peer's hello, older ones too",
    file: 'src/sentinel/monitor.ts',
    find: 'if (master.configEpoch < masterConfigEpoch) {',
    replace: 'if (master.configEpoch !== masterConfigEpoch) {',
  },
  {
    id: 'odown-one-opinion',
    area: 'sentinel',
    what: 'ODOWN without quorum: one opinion is enough',
    file: 'src/sentinel/failover.ts',
    find: 'oDown = agreeing >= master.quorum;',
    replace: 'oDown = agreeing >= 1;',
  },
  {
    id: 'psync-unknown-replid',
    area: 'replication',
    what: 'a master continues a PSYNC that names a replication ID it never had',
    file: 'src/redis/replication-master.ts',
    find: 'if (replid !== ids.replid && (replid !== ids.replid2 || offset > ids.secondReplOffset)) {',
    replace: "if (replid === '?' || (replid === ids.replid2 && replid !== ids.replid && offset > ids.secondReplOffset)) {",
  },
  {
    id: 'psync-past-second-offset',
    area: 'replication',
    what: "a master continues its previous history's PSYNC past where that history ended (the demoted master's split-brain writes kept)",
    file: 'src/redis/replication-master.ts',
    find: 'if (replid !== ids.replid && (replid !== ids.replid2 || offset > ids.secondReplOffset)) {',
    replace: 'if (replid !== ids.replid && replid !== ids.replid2) {',
  },
  {
    id: 'min-replicas-off',
    area: 'replication',
    what: 'min-replicas-to-write is never enforced',
    file: 'src/redis/server.ts',
    find: `      this.isMaster &&
      cfg.minReplicasToWrite > 0 &&`,
    replace: `      this.isMaster &&
      cfg.minReplicasToWrite < 0 &&`,
  },
  {
    id: 'rdb-offset-ahead',
    area: 'persistence',
    what: "a replica restarted from its dump.rdb resumes 64 bytes past the offset the file was saved at",
    file: 'src/redis/persistence.ts',
    find: 'this.startupCachedMaster = { replid: info.replid, offset: info.offset };',
    replace: 'this.startupCachedMaster = { replid: info.replid, offset: info.offset + 64 };',
  },
  {
    id: 'client-noreplicas-ok',
    area: 'client',
    what: 'a client records a NOREPLICAS refusal as an acknowledged write',
    file: 'src/client/client.ts',
    find: "if (reply.message.startsWith('READONLY')) this.discovery.invalidate();\n        return finish('fail', op.value, node, reply.message);",
    replace: "if (reply.message.startsWith('READONLY')) this.discovery.invalidate();\n        if (reply.message.startsWith('NOREPLICAS')) return finish('ok', op.value, node);\n        return finish('fail', op.value, node, reply.message);",
  },
];
