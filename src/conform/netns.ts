// Network namespaces for real runs with partitions: one namespace per box,
// joined by a bridge in a hub namespace of their own, with addresses from a
// free /24 of 198.18.0.0/15 (RFC 2544's range for lab networks, which nothing
// else uses). One veth reaches the host namespace (.1 of it) so the
// controller can watch, like the simulation's probe. A dropping cut is a
// policy rule in the receiving box that blackholes packets from the cut-off
// sender as they arrive: the sender sees nothing, as with a cable cut (its
// connects time out, its TCP backs off). A blackhole *route* at the sender
// would not do: the kernel fails its connects at once with EINVAL and
// retransmits every 500 ms without backoff, which made real discovery rounds
// and the old master's "Connection with replica … lost" after a heal faster
// than any real network. A rejecting cut is a `prohibit` route at the sender
// (refused at once, as a firewall's REJECT). Everything is removed by destroy(): deleting a namespace
// deletes its veths. Needs root and iproute2.

import { execFileSync, spawnSync } from 'node:child_process';

/** A /24 of 198.18.0.0/15 (RFC 2544: for lab networks) that no interface here uses yet. */
function freeSubnet(): string {
  const used = execFileSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
  // Start from the PID so concurrent labs (parallel tests) are unlikely to race for the same one.
  for (let i = 0; i < 256; i++) {
    const third = (process.pid + i) % 256;
    if (!used.includes(` 198.18.${third}.`)) return `198.18.${third}`;
  }
  throw new Error('no free /24 in 198.18.0.0/16 for the lab network');
}

export function netnsAvailable(): string | null {
  if (process.getuid?.() !== 0) return 'partitions on real processes need root (network namespaces)';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'partitions on real processes need iproute2 (`ip netns`)';
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

export class NetnsLab {
  private readonly id = `rs${process.pid}`;
  private readonly boxes = new Map<string, { ns: string; ip: string }>();
  /** Each cut: `ip -n ns <object> add <spec…>` made it; `del` with the same spec removes it. */
  private readonly cuts: { ns: string; object: 'rule' | 'route'; spec: readonly string[] }[] = [];
  private readonly subnet = freeSubnet();
  readonly controllerIp = `${this.subnet}.1`;

  constructor(boxNames: readonly string[]) {
    if (boxNames.length > 200) throw new Error('at most 200 boxes');
    const hub = `${this.id}-hub`;
    try {
      ip('netns', 'add', hub);
      ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', hub, 'link', 'set', 'br0', 'up');
      // The controller's way in, from the host namespace.
      ip('link', 'add', `${this.id}h`, 'type', 'veth', 'peer', 'name', 'host', 'netns', hub);
      ip('addr', 'add', `${this.controllerIp}/24`, 'dev', `${this.id}h`);
      ip('link', 'set', `${this.id}h`, 'up');
      ip('-n', hub, 'link', 'set', 'host', 'master', 'br0', 'up');
      for (const [i, box] of boxNames.entries()) {
        const ns = `${this.id}-${i}`;
        const addr = `${this.subnet}.${i + 2}`;
        ip('netns', 'add', ns);
        ip('-n', hub, 'link', 'add', `b${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        ip('-n', hub, 'link', 'set', `b${i}`, 'master', 'br0', 'up');
        ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        // The local table is looked up first (preference 0), before any rule we
        // add; move it behind the cut rules so that arriving packets can be dropped.
        ip('-n', ns, 'rule', 'add', 'pref', '1000', 'lookup', 'local');
        ip('-n', ns, 'rule', 'del', 'pref', '0');
        this.boxes.set(box, { ns, ip: addr });
      }
    } catch (e) {
      this.destroy();
      throw e;
    }
  }

  ipOf(box: string): string {
    return this.box(box).ip;
  }

  /** The command prefix that runs a program in the box's namespace. */
  exec(box: string): string[] {
    return ['ip', 'netns', 'exec', this.box(box).ns];
  }

  /** Cut traffic from the `from` boxes to the `to` boxes (call twice for both ways). */
  cut(from: readonly string[], to: readonly string[], mode: 'drop' | 'reject'): void {
    for (const a of from) {
      for (const b of to) {
        if (a === b) continue;
        const cut =
          mode === 'drop'
            ? { ns: this.box(b).ns, object: 'rule' as const, spec: ['pref', '100', 'from', this.box(a).ip, 'iif', 'eth0', 'blackhole'] }
            : { ns: this.box(a).ns, object: 'route' as const, spec: ['prohibit', `${this.box(b).ip}/32`] };
        ip('-n', cut.ns, cut.object, 'add', ...cut.spec);
        this.cuts.push(cut);
      }
    }
  }

  healAll(): void {
    for (const c of this.cuts.splice(0)) {
      try {
        ip('-n', c.ns, c.object, 'del', ...c.spec);
      } catch {
        /* already gone */
      }
    }
  }

  destroy(): void {
    for (const ns of [`${this.id}-hub`, ...[...this.boxes.values()].map((b) => b.ns)]) {
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    }
    spawnSync('ip', ['link', 'del', `${this.id}h`], { stdio: 'ignore' });
    this.boxes.clear();
  }

  private box(name: string): { ns: string; ip: string } {
    const b = this.boxes.get(name);
    if (b === undefined) throw new Error(`no namespace for box ${name}`);
    return b;
  }
}
