// What an RDB file holds in the simulation: the dataset snapshot plus the aux
// fields Redis writes that matter to replication (repl-id, repl-offset), so a
// restarted master can offer partial resyncs and a restarted replica can try
// one. Written with Disk.write (temp file, fsync, rename: durable at once).

import type { KeyspaceSnapshot } from './keyspace.js';

export { REDIS_VERSION } from '../protocol/info-sections.js';

export interface RdbFile {
  readonly snapshot: KeyspaceSnapshot;
  /** Present when the saver was a master with a backlog or a replica with a master. */
  readonly replication: { readonly replid: string; readonly offset: number } | null;
  readonly savedAtWallMs: number;
  readonly redisVersion: string;
  /** used_memory at save time, for the "RDB memory usage when created" log line. */
  readonly usedMemoryBytes: number;
}

/** The payload a master sends a replica during a full sync. */
export interface RdbTransfer {
  readonly kind: 'rdb';
  readonly file: RdbFile;
  /** Diskless (`$EOF:<mark>` framing) or from a file on disk (`$<size>`). */
  readonly diskless: boolean;
}

/** A single newline: the keepalive a master sends replicas waiting for their RDB. */
export interface Newline {
  readonly kind: 'newline';
}

export const NEWLINE: Newline = { kind: 'newline' };

export function isRdbTransfer(payload: unknown): payload is RdbTransfer {
  return typeof payload === 'object' && payload !== null && (payload as { kind?: string }).kind === 'rdb';
}

export function isNewline(payload: unknown): payload is Newline {
  return payload === NEWLINE;
}
