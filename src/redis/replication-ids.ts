// A server's replication identity (PSYNC2): the current replication ID, the
// previous one with the offset up to which it is valid, the offset of the
// stream, and the backlog. Replicas and sub-replicas carry the top master's
// IDs and offsets.

import type { Rng } from '../sim/rng.js';
import { ReplicationBacklog } from './backlog.js';

export const ZERO_REPLID = '0'.repeat(40);

export class ReplicationIds {
  replid: string;
  replid2 = ZERO_REPLID;
  secondReplOffset = -1;
  masterReplOffset = 0;
  backlog: ReplicationBacklog | null = null;

  constructor(private readonly rng: Rng) {
    this.replid = rng.hex(40);
  }

  changeReplid(): void {
    this.replid = this.rng.hex(40);
  }

  clearReplid2(): void {
    this.replid2 = ZERO_REPLID;
    this.secondReplOffset = -1;
  }

  /** Promotion: the old ID stays valid up to our offset, under a new ID. */
  shiftReplid(): void {
    this.replid2 = this.replid;
    this.secondReplOffset = this.masterReplOffset + 1;
    this.changeReplid();
  }

  createBacklog(sizeBytes: number): ReplicationBacklog {
    this.backlog = new ReplicationBacklog(sizeBytes, this.masterReplOffset);
    return this.backlog;
  }
}
