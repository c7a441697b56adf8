// The ROLE reply (replication.c roleCommand, sentinel.c sentinelRoleCommand).
// Note the mixed types Redis uses: a master's own offset is an integer but each
// replica's port and offset are bulk strings; a replica's port and offset are
// integers.

import type { ReplicaInfo } from './info.js';
import { array, bulk, bulkArray, integer, type Reply } from './resp.js';

/** Replica-side link state as ROLE names it; every handshake sub-state is "handshake". */
export type ReplicaLinkState = 'none' | 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

export type RoleInput =
  | {
      readonly role: 'master';
      readonly masterReplOffset: number;
      /** All replica clients; ROLE lists only those in state online. */
      readonly replicas: readonly Pick<ReplicaInfo, 'ip' | 'port' | 'state' | 'ackOffset'>[];
    }
  | {
      readonly role: 'slave';
      readonly masterHost: string;
      readonly masterPort: number;
      readonly linkState: ReplicaLinkState;
      /** Processed offset of the master client; -1 when there is no master client. */
      readonly replOffset: number;
    }
  | {
      readonly role: 'sentinel';
      readonly masterNames: readonly string[];
    };

export function roleReply(input: RoleInput): Reply {
  switch (input.role) {
    case 'master': {
      const replicaItems: Reply[] = [];
      for (const replica of input.replicas) {
        if (replica.state !== 'online') continue;
        replicaItems.push(bulkArray([replica.ip, String(replica.port), String(replica.ackOffset)]));
      }
      return array([bulk('master'), integer(input.masterReplOffset), array(replicaItems)]);
    }
    case 'slave':
      return array([
        bulk('slave'),
        bulk(input.masterHost),
        integer(input.masterPort),
        bulk(input.linkState),
        integer(input.replOffset),
      ]);
    case 'sentinel':
      return array([bulk('sentinel'), bulkArray(input.masterNames)]);
  }
}
