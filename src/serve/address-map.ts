// Simulated addresses (`m1 6379`) and the real ones they are served on
// (`127.0.0.1 30001`). Inside the simulation every node knows the others by
// name; a real client must get real addresses, so replies that name a node
// (GET-MASTER-ADDR-BY-NAME, SENTINEL REPLICAS, +switch-master, ROLE, INFO
// replication) are rewritten on their way out, and commands that name a served
// address (REPLICAOF 127.0.0.1 30002) on their way in.

import type { Command, Reply } from '../protocol/resp.js';

export const SERVE_HOST = '127.0.0.1';

export interface ServedNode {
  /** The simulated process (its name is its host). */
  readonly name: string;
  /** The port it listens on inside the simulation. */
  readonly simPort: number;
  /** The real 127.0.0.1 port. */
  readonly realPort: number;
  readonly kind: 'redis' | 'sentinel';
}

export class AddressMap {
  private readonly toReal = new Map<string, number>();
  private readonly toSim = new Map<number, ServedNode>();
  private readonly pattern: RegExp | null;

  constructor(readonly nodes: readonly ServedNode[]) {
    for (const n of nodes) {
      this.toReal.set(`${n.name}:${n.simPort}`, n.realPort);
      this.toSim.set(n.realPort, n);
    }
    const names = nodes.map((n) => n.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // A name, then a port: `m1 6379`, `m1:6379`, `ip=m1,port=6379`, `master_host:m1\r\nmaster_port:6379`.
    this.pattern = names.length === 0 ? null : new RegExp(`(?<![\\w.-])(${names.join('|')})(:| |,port=|\\r\\nmaster_port:)(\\d+)(?!\\d)`, 'g');
  }

  realPort(name: string, simPort: number): number | undefined {
    return this.toReal.get(`${name}:${simPort}`);
  }

  /** Every simulated `name port` in a text, as the served address. */
  rewriteText(text: string): string {
    if (this.pattern === null) return text;
    return text.replace(this.pattern, (whole, name: string, sep: string, port: string) => {
      const real = this.toReal.get(`${name}:${port}`);
      return real === undefined ? whole : `${SERVE_HOST}${sep}${real}`;
    });
  }

  /** A reply with every simulated address in it replaced by the served one. */
  rewriteReply(reply: Reply): Reply {
    switch (reply.type) {
      case 'bulk': {
        if (reply.value === null) return reply;
        const value = this.rewriteText(reply.value);
        return value === reply.value ? reply : { type: 'bulk', value };
      }
      case 'simple': {
        const value = this.rewriteText(reply.value);
        return value === reply.value ? reply : { type: 'simple', value };
      }
      case 'error':
        return reply;
      case 'integer':
        return reply;
      case 'array': {
        if (reply.items === null) return reply;
        const items = reply.items.map((item) => this.rewriteReply(item));
        // A host and then its port as separate items: ROLE, GET-MASTER-ADDR-BY-NAME,
        // and the ip/port fields of SENTINEL MASTER(S) / REPLICAS / SENTINELS.
        const text = (r: Reply | undefined): string | null => (r?.type === 'bulk' ? r.value : r?.type === 'integer' ? String(r.value) : null);
        for (let i = 0; i + 1 < items.length; i++) {
          const host = text(items[i]);
          if (host === null) continue;
          let portIndex = i + 1;
          // key/value lists: "ip" host ... "port" port
          if (text(items[i - 1]) === 'ip') {
            portIndex = -1;
            for (let j = 0; j + 1 < items.length; j += 2) if (text(items[j]) === 'port') portIndex = j + 1;
            if (portIndex < 0) continue;
          }
          const port = text(items[portIndex]);
          const real = port === null ? undefined : this.toReal.get(`${host}:${port}`);
          if (real === undefined) continue;
          items[i] = { type: 'bulk', value: SERVE_HOST };
          const portItem = items[portIndex]!;
          items[portIndex] = portItem.type === 'integer' ? { type: 'integer', value: real } : { type: 'bulk', value: String(real) };
        }
        return { type: 'array', items };
      }
    }
  }

  /** A command with served addresses (`127.0.0.1 30002`) turned back into simulated ones. */
  rewriteCommand(command: Command): Command {
    let out: string[] | null = null;
    for (let i = 0; i + 1 < command.length; i++) {
      if (command[i] !== SERVE_HOST && command[i] !== 'localhost') continue;
      const node = this.toSim.get(Number(command[i + 1]));
      if (node === undefined) continue;
      out ??= [...command];
      out[i] = node.name;
      out[i + 1] = String(node.simPort);
    }
    return out ?? command;
  }
}
