// Real redis-server and redis-sentinel processes for a scenario: each in a
// temp dir of its own, on 127.0.0.1 ports of its own, with configs written
// from the scenario's settings. Everything it starts is stopped by PID, and
// its temp dirs removed, by stop(): call it in a finally (Ctrl-C included).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, cpSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../scenario/scenario.js';
import type { NetnsLab } from './netns.js';

/** A port the real processes need is in use: conform refuses to start. */
export class PortTakenError extends Error {}

export interface RealBinaries {
  readonly redisServer: string;
  readonly redisSentinel: string;
}

/** redis-server and redis-sentinel from `dir`, or from PATH; null if not found. */
export function findBinaries(dir?: string): RealBinaries | null {
  const find = (name: string): string | null => {
    if (dir !== undefined) return existsSync(join(dir, name)) ? join(dir, name) : null;
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const redisServer = find('redis-server');
  const redisSentinel = find('redis-sentinel');
  return redisServer !== null && redisSentinel !== null ? { redisServer, redisSentinel } : null;
}

export function redisVersion(bin: RealBinaries): string {
  const out = spawnSync(bin.redisServer, ['--version'], { encoding: 'utf8' }).stdout;
  return /v=(\S+)/.exec(out)?.[1] ?? 'unknown';
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

interface RealProcess {
  readonly name: string;
  readonly kind: 'redis' | 'sentinel';
  readonly port: number;
  readonly dir: string;
  child: ChildProcess | null;
}

export class RealCluster {
  readonly root: string;
  private readonly processes = new Map<string, RealProcess>();

  private constructor(
    private readonly bin: RealBinaries,
    readonly scenario: Scenario,
    readonly ports: ReadonlyMap<string, number>,
    /** With partitions: every box in a network namespace of its own. Else all on 127.0.0.1. */
    readonly lab: NetnsLab | null,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'redsim-conform-'));
  }

  /** Ports from `basePort` up, one per data node and Sentinel; refuses if any is taken. */
  static async create(bin: RealBinaries, scenario: Scenario, basePort: number, lab: NetnsLab | null = null): Promise<RealCluster> {
    const names = [...Object.keys(scenario.redis), ...(scenario.sentinel?.names ?? [])];
    const ports = new Map<string, number>();
    for (const [i, name] of names.entries()) {
      const port = basePort + i;
      if (lab === null && !(await portFree(port))) throw new PortTakenError(`port 127.0.0.1:${port} (for ${name}) is taken; pick another with --base-port`);
      ports.set(name, port);
    }
    return new RealCluster(bin, scenario, ports, lab);
  }

  /** The box a process runs on (a process of no box is a box of its own). */
  boxOf(name: string): string {
    return this.scenario.hosts[name] ?? name;
  }

  /** The address a process listens on. */
  host(name: string): string {
    return this.lab === null ? '127.0.0.1' : this.lab.ipOf(this.boxOf(name));
  }

  port(name: string): number {
    const p = this.ports.get(name);
    if (p === undefined) throw new Error(`no real process named ${name}`);
    return p;
  }

  /** `127.0.0.1 7001` or `127.0.0.1:7001` → the node's name. */
  nameOf(port: number): string {
    for (const [name, p] of this.ports) if (p === port) return name;
    return `127.0.0.1:${port}`;
  }

  /** Start (or restart, with the same config and data dir) a process. `wipe` empties its dir first. */
  start(name: string, wipe = false): void {
    let p = this.processes.get(name);
    if (p === undefined) {
      const kind = name in this.scenario.redis ? 'redis' : 'sentinel';
      p = { name, kind, port: this.port(name), dir: join(this.root, name), child: null };
      mkdirSync(p.dir, { recursive: true });
      writeFileSync(join(p.dir, kind === 'redis' ? 'redis.conf' : 'sentinel.conf'), kind === 'redis' ? this.redisConf(name, p.port, p.dir) : this.sentinelConf(name, p.port, p.dir));
      this.processes.set(name, p);
    } else if (wipe) {
      for (const f of ['dump.rdb', 'appendonlydir']) rmSync(join(p.dir, f), { recursive: true, force: true });
    }
    const conf = join(p.dir, p.kind === 'redis' ? 'redis.conf' : 'sentinel.conf');
    const program = p.kind === 'redis' ? this.bin.redisServer : this.bin.redisSentinel;
    // `ip netns exec` execs the program in place: the PID is the server's own, so signals reach it.
    const command = this.lab === null ? [program, conf] : [...this.lab.exec(this.boxOf(name)), program, conf];
    p.child = spawn(command[0]!, command.slice(1), { cwd: p.dir, stdio: 'ignore' });
  }

  signal(name: string, signal: NodeJS.Signals): void {
    const child = this.processes.get(name)?.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(child.pid, signal);
    } catch {
      /* it had already exited (ESRCH): nothing to stop */
    }
  }

  /** Every process's box, for the lab. */
  boxes(): string[] {
    const names = [...Object.keys(this.scenario.redis), ...(this.scenario.sentinel?.names ?? []), ...Object.keys(this.scenario.clients)];
    return [...new Set(names.map((n) => this.boxOf(n)))];
  }

  kill(name: string): void {
    this.signal(name, 'SIGCONT'); // a stopped process must not linger
    this.signal(name, 'SIGKILL');
  }

  /** Kill everything by PID (resuming any stopped one first). */
  stopAll(): void {
    for (const p of this.processes.values()) this.kill(p.name);
  }

  /** Copy the logs and configs to `dir` (the report folder). */
  saveLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const p of this.processes.values()) {
      for (const f of ['redis.log', 'sentinel.log', p.kind === 'redis' ? 'redis.conf' : 'sentinel.conf']) {
        const from = join(p.dir, f);
        if (existsSync(from)) cpSync(from, join(dir, `${p.name}.${f.split('.').pop()}`));
      }
    }
  }

  log(name: string): string {
    const p = this.processes.get(name);
    if (p === undefined) return '';
    const file = join(p.dir, p.kind === 'redis' ? 'redis.log' : 'sentinel.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  removeFiles(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private redisConf(name: string, port: number, dir: string): string {
    const lines = [`port ${port}`, `bind ${this.host(name)}`, `dir ${dir}`, 'logfile redis.log', 'daemonize no', `pidfile ${join(dir, 'redis.pid')}`];
    // In the lab's namespaces nothing is on loopback; the addresses are reachable only inside the lab.
    if (this.lab !== null) lines.push('protected-mode no');
    for (const [key, value] of Object.entries(this.scenario.redis[name]!)) {
      if (key === 'replicaof' || key === 'slaveof') {
        const master = String(value).split(/\s+/)[0]!;
        lines.push(`replicaof ${this.host(master)} ${this.port(master)}`);
      } else lines.push(`${key} ${value === '' ? '""' : String(value)}`);
    }
    return lines.join('\n') + '\n';
  }

  private sentinelConf(name: string, port: number, dir: string): string {
    const s = this.scenario.sentinel!;
    const m = s.monitor;
    const lines = [`port ${port}`, `bind ${this.host(name)}`, `dir ${dir}`, 'logfile sentinel.log', 'daemonize no', `sentinel monitor ${m.name} ${this.host(m.master)} ${this.port(m.master)} ${m.quorum}`];
    if (this.lab !== null) lines.push('protected-mode no');
    for (const [key, value] of Object.entries(s.config)) lines.push(`sentinel ${key} ${m.name} ${String(value)}`);
    return lines.join('\n') + '\n';
  }
}
