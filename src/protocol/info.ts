// INFO text: rendering sections the way server.c genRedisInfoString does and
// parsing them the way sentinel.c sentinelRefreshInstanceInfo does. Also the
// typed builder for the Replication section (field order and conditions as in
// Redis 7.0/7.2, identical in both).

/** One `field:value` line. */
export type InfoField = readonly [field: string, value: string | number];

export interface InfoSection {
  /** As printed after '#', e.g. "Replication". */
  readonly name: string;
  readonly fields: readonly InfoField[];
}

/** `# Name\r\nfield:value\r\n...` */
export function renderInfoSection(section: InfoSection): string {
  let out = `# ${section.name}\r\n`;
  for (const [field, value] of section.fields) out += `${field}:${String(value)}\r\n`;
  return out;
}

/** Sections separated by one empty line, as INFO with several sections prints them. */
export function renderInfo(sections: readonly InfoSection[]): string {
  let out = '';
  for (let i = 0; i < sections.length; i++) {
    if (i > 0) out += '\r\n';
    out += renderInfoSection(sections[i]!);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parsing

/** A master's `slaveN:ip=...,port=...,state=...,offset=...,lag=...` line. */
export interface InfoReplicaLine {
  /** The N in slaveN. */
  readonly index: number;
  readonly ip: string;
  readonly port: number;
  /** wait_bgsave | send_bulk | online; '' when absent (pre-2.8 format has no such key). */
  readonly state: string;
  readonly offset: number;
  readonly lagSeconds: number;
}

export interface ParsedInfo {
  /** Every `field:value` line, split at the first ':'; later duplicates win. */
  readonly fields: ReadonlyMap<string, string>;
  /** slaveN lines, in the order listed. */
  readonly replicas: readonly InfoReplicaLine[];
}

/**
 * Line-based like Sentinel: lines starting with '#' and empty lines are skipped,
 * lines without ':' are ignored. Sentinel accepts both the new
 * `slave0:ip=..,port=..` and the old `slave0:<ip>,<port>,<state>` forms.
 */
export function parseInfo(text: string): ParsedInfo {
  const fields = new Map<string, string>();
  const replicas: InfoReplicaLine[] = [];
  // One pass over the text, without splitting it: Sentinels parse INFO from
  // every instance every second during a failover, and with a hundred
  // replicas that is most of a run's work.
  const end = text.length;
  let start = 0;
  while (start < end) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = end;
    const lineEnd = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop; // '\r\n' or '\n'
    if (lineEnd > start && text.charCodeAt(start) !== 35 /* '#' */) {
      const colon = text.indexOf(':', start);
      if (colon >= 0 && colon < lineEnd) {
        const field = text.slice(start, colon);
        const value = text.slice(colon + 1, lineEnd);
        fields.set(field, value);
        if (isReplicaField(field)) {
          const replica = parseReplicaLine(field, value);
          if (replica !== null) replicas.push(replica);
        }
      }
    }
    start = stop + 1;
  }
  return { fields, replicas };
}

/** `slave` followed by one or more digits. */
function isReplicaField(field: string): boolean {
  if (field.length < 6 || !field.startsWith('slave')) return false;
  for (let i = 5; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function parseReplicaLine(field: string, value: string): InfoReplicaLine | null {
  const index = Number(field.slice(5));
  if (!value.includes('ip=')) {
    // Old format: <ip>,<port>,<state>
    const parts = value.split(',');
    if (parts.length < 3) return null;
    return { index, ip: parts[0]!, port: atoi(parts[1]!), state: parts[2]!, offset: 0, lagSeconds: 0 };
  }
  let ip: string | undefined;
  let port: string | undefined;
  let state = '';
  let offset = '0';
  let lag = '0';
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const v = pair.slice(eq + 1);
    switch (pair.slice(0, eq)) {
      case 'ip':
        ip = v;
        break;
      case 'port':
        port = v;
        break;
      case 'state':
        state = v;
        break;
      case 'offset':
        offset = v;
        break;
      case 'lag':
        lag = v;
        break;
    }
  }
  if (ip === undefined || port === undefined) return null;
  return { index, ip, port: atoi(port), state, offset: atoi(offset), lagSeconds: atoi(lag) };
}

/** C atoi/strtoll: leading integer prefix, 0 when there is none. */
export function atoi(s: string): number {
  const match = /^\s*[+-]?\d+/.exec(s);
  return match === null ? 0 : Number(match[0]);
}

// ---------------------------------------------------------------------------
// Replication section

/** A replica as its master sees it (one slaveN line; ROLE lists the online ones). */
export interface ReplicaInfo {
  /** replica-announce-ip if set, else the peer address. */
  readonly ip: string;
  /** The port it announced with REPLCONF listening-port. */
  readonly port: number;
  /** WAIT_BGSAVE_START and _END both print as wait_bgsave. */
  readonly state: 'wait_bgsave' | 'send_bulk' | 'online';
  /** Highest offset it acknowledged (REPLCONF ACK). */
  readonly ackOffset: number;
  /** Seconds since its last ACK; printed only for online replicas, else 0. */
  readonly lagSeconds: number;
}

/** The replica-side view, present iff the server is configured as a replica. */
export interface ReplicaSideInfo {
  readonly masterHost: string;
  readonly masterPort: number;
  /** repl_state == CONNECTED. */
  readonly linkUp: boolean;
  /** Seconds since the master client last interacted; -1 when there is no master client. */
  readonly lastIoSecondsAgo: number;
  /** Offsets of the master (or cached master) client; 1 when there is neither, as Redis prints. */
  readonly readReplOffset: number;
  readonly replOffset: number;
  /** Present iff repl_state == TRANSFER (receiving the RDB). */
  readonly transfer?: {
    /** -1 for a diskless ($EOF:) transfer, whose size is unknown. */
    readonly totalBytes: number;
    readonly readBytes: number;
    readonly lastIoSecondsAgo: number;
  };
  /** Seconds since the link went down; -1 if it was never up. Printed only while not linkUp. */
  readonly linkDownSinceSeconds: number;
  readonly priority: number;
  readonly readOnly: boolean;
  readonly announced: boolean;
}

export type FailoverState = 'no-failover' | 'waiting-for-sync' | 'failover-in-progress';

export interface ReplicationInfoInput {
  readonly replicaOf: ReplicaSideInfo | null;
  /** All replica clients, in the master's list order. */
  readonly replicas: readonly ReplicaInfo[];
  /** Present iff min-replicas-to-write and min-replicas-max-lag are both nonzero. */
  readonly minReplicasGoodCount?: number;
  readonly failoverState: FailoverState;
  readonly replid: string;
  readonly replid2: string;
  readonly masterReplOffset: number;
  readonly secondReplOffset: number;
  readonly backlogActive: boolean;
  /** The configured repl-backlog-size, printed even when no backlog exists. */
  readonly backlogSizeBytes: number;
  /** 0 when there is no backlog. */
  readonly backlogFirstByteOffset: number;
  readonly backlogHistlenBytes: number;
}

/** The `# Replication` fields in Redis 7's exact order. */
export function replicationInfoFields(input: ReplicationInfoInput): InfoField[] {
  const fields: InfoField[] = [];
  const replicaSide = input.replicaOf;
  fields.push(['role', replicaSide === null ? 'master' : 'slave']);
  if (replicaSide !== null) {
    const transfer = replicaSide.transfer;
    fields.push(
      ['master_host', replicaSide.masterHost],
      ['master_port', replicaSide.masterPort],
      ['master_link_status', replicaSide.linkUp ? 'up' : 'down'],
      ['master_last_io_seconds_ago', replicaSide.lastIoSecondsAgo],
      ['master_sync_in_progress', transfer === undefined ? 0 : 1],
      ['slave_read_repl_offset', replicaSide.readReplOffset],
      ['slave_repl_offset', replicaSide.replOffset],
    );
    if (transfer !== undefined) {
      const percent = transfer.totalBytes !== 0 ? (transfer.readBytes / transfer.totalBytes) * 100 : 0;
      fields.push(
        ['master_sync_total_bytes', transfer.totalBytes],
        ['master_sync_read_bytes', transfer.readBytes],
        ['master_sync_left_bytes', transfer.totalBytes - transfer.readBytes],
        ['master_sync_perc', percent.toFixed(2)],
        ['master_sync_last_io_seconds_ago', transfer.lastIoSecondsAgo],
      );
    }
    if (!replicaSide.linkUp) fields.push(['master_link_down_since_seconds', replicaSide.linkDownSinceSeconds]);
    fields.push(
      ['slave_priority', replicaSide.priority],
      ['slave_read_only', replicaSide.readOnly ? 1 : 0],
      ['replica_announced', replicaSide.announced ? 1 : 0],
    );
  }
  fields.push(['connected_slaves', input.replicas.length]);
  if (input.minReplicasGoodCount !== undefined) fields.push(['min_slaves_good_slaves', input.minReplicasGoodCount]);
  input.replicas.forEach((replica, index) => {
    const lagSeconds = replica.state === 'online' ? replica.lagSeconds : 0;
    fields.push([
      `slave${index}`,
      `ip=${replica.ip},port=${replica.port},state=${replica.state},offset=${replica.ackOffset},lag=${lagSeconds}`,
    ]);
  });
  fields.push(
    ['master_failover_state', input.failoverState],
    ['master_replid', input.replid],
    ['master_replid2', input.replid2],
    ['master_repl_offset', input.masterReplOffset],
    ['second_repl_offset', input.secondReplOffset],
    ['repl_backlog_active', input.backlogActive ? 1 : 0],
    ['repl_backlog_size', input.backlogSizeBytes],
    ['repl_backlog_first_byte_offset', input.backlogFirstByteOffset],
    ['repl_backlog_histlen', input.backlogHistlenBytes],
  );
  return fields;
}

export function replicationInfoSection(input: ReplicationInfoInput): InfoSection {
  return { name: 'Replication', fields: replicationInfoFields(input) };
}
