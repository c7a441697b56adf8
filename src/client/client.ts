// A client process: it runs a workload at a rate, one operation at a time (a
// Jepsen process), against the master its discovery finds, and records each
// operation in the history: invoke, then ok / fail / info. An error reply is a
// `fail` (Redis did not apply it); a time-out or a broken connection after
// sending is `info` (it may or may not have been applied). READONLY, a lost
// connection or a time-out make it look for the master again. At the end the
// world asks it for the final reads, from the master as found then.

import type { Actor, ActorFactory, ProcessContext, ProcessTimer } from '../net/actor.js';
import type { History, HistoryOp, OpValue } from '../sim/history.js';
import type { Simulation } from '../sim/simulation.js';
import { ClientConnection, type RequestOutcome } from './connection.js';
import { MasterDiscovery, type DiscoverySpec, type DiscoveryResult, type Endpoint } from './discovery.js';
import { completionValue, workload, type Operation, type Workload, type WorkloadType } from './workloads.js';

export interface ClientSpec {
  readonly discovery: DiscoverySpec;
  readonly workload: WorkloadType;
  /** Operations per second this client tries to issue. */
  readonly ratePerSec: number;
  /**
   * open: an operation every period, skipped while the previous one runs.
   * closed: issue, wait for the outcome, then wait what is left of the period
   * (as a script's `while (…) { await op(); await sleep(period - elapsed) }`).
   */
  readonly loop?: 'open' | 'closed';
  /** Each wait is longer by a uniform 0..jitterUs (a real process's timer lateness). */
  readonly jitterUs?: number;
  /** Per-request time-out, µs, from the moment the request is sent. */
  readonly timeoutUs: number;
  /** Time-out for a connect, µs (default: timeoutUs). */
  readonly connectTimeoutUs?: number;
  /** Unique per client: its values do not collide with other clients'. */
  readonly index: number;
  /**
   * After each write, WAIT for this many replicas (with `waitTimeoutMs`); the
   * write counts as acknowledged only if WAIT confirms them, else its outcome
   * is unknown. (The Redis docs: this still does not make Redis strongly consistent.)
   */
  readonly waitReplicas?: number;
  readonly waitTimeoutMs?: number;
}

export class ClientProcess implements Actor {
  private readonly workload: Workload;
  private readonly discovery: MasterDiscovery;
  private readonly connections = new Map<string, ClientConnection>();
  private busy = false;
  private running = true;
  private timer: ProcessTimer | null = null;
  /** Operations skipped because the previous one was still running. */
  skipped = 0;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly spec: ClientSpec,
    private readonly history: History,
    private readonly sim: Simulation,
  ) {
    this.workload = workload(spec.workload, spec.index, ctx.rng);
    this.discovery = new MasterDiscovery(ctx, spec.discovery, spec.timeoutUs, this.connectTimeoutUs);
  }

  start(): void {
    // Clients start out of step with each other.
    this.timer = this.ctx.setTimer(this.ctx.rng.int(this.periodUs) + 1, () => (this.spec.loop === 'closed' ? this.issueClosed() : this.tick()));
  }

  /** 0..jitterUs more, from this client's own stream (none when jitter is 0). */
  private jitter(): number {
    const j = this.spec.jitterUs ?? 0;
    return j > 0 ? this.ctx.rng.int(j + 1) : 0;
  }

  private get connectTimeoutUs(): number {
    return this.spec.connectTimeoutUs ?? this.spec.timeoutUs;
  }

  private get periodUs(): number {
    return Math.max(1, Math.floor(1_000_000 / this.spec.ratePerSec));
  }

  /** Stop issuing operations (the workload phase is over). */
  stop(): void {
    this.running = false;
    this.ctx.cancelTimer(this.timer);
  }

  private tick(): void {
    if (!this.running) return;
    this.timer = this.ctx.setTimer(this.periodUs + this.jitter(), () => this.tick());
    if (this.busy) {
      this.skipped++;
      return;
    }
    this.run(this.workload.next(), () => {});
  }

  /** Closed loop: one operation, then the rest of the period (none if it took longer), then the next. */
  private issueClosed(): void {
    if (!this.running) return;
    this.timer = null;
    const startedUs = this.ctx.monotonicUs();
    this.run(this.workload.next(), () => {
      if (!this.running) return;
      const restUs = Math.max(0, this.periodUs - (this.ctx.monotonicUs() - startedUs));
      this.timer = this.ctx.setTimer(restUs + this.jitter(), () => this.issueClosed());
    });
  }

  /** The final reads, from the master as discovered now; `done` when all are recorded. */
  finalReads(done: () => void): void {
    this.stop();
    const reads = this.workload.finalReads();
    const next = (i: number): void => {
      const op = reads[i];
      if (op === undefined) return done();
      this.discovery.invalidate();
      this.run(op, () => next(i + 1), true);
    };
    next(0);
  }

  private record(op: Operation, type: HistoryOp['type'], value: OpValue, node: string, error?: string): void {
    this.history.record({
      process: this.ctx.name,
      type,
      f: op.f,
      key: op.key,
      value,
      time: this.sim.sinceOriginUs,
      node,
      ...(error !== undefined ? { error } : {}),
    });
  }

  private run(op: Operation, after: () => void, freshDiscovery = false): void {
    this.busy = true;
    this.record(op, 'invoke', op.value, this.discovery.master?.host ?? '');
    const finish = (type: HistoryOp['type'], value: OpValue, node: string, error?: string) => {
      this.record(op, type, value, node, error);
      this.busy = false;
      after();
    };
    const send = (result: DiscoveryResult) => {
      if (!result.ok) return finish('fail', op.value, '', result.error);
      const endpoint = result.endpoint;
      this.connection(endpoint).request(op.command, (outcome) => this.complete(op, endpoint, outcome, finish));
    };
    const readFromReplica = !op.isWrite && op.f !== 'final-read' && this.spec.discovery.kind === 'sentinel' && this.spec.discovery.readFromReplicas;
    if (readFromReplica) this.discovery.discoverReplica(send);
    else if (freshDiscovery || this.discovery.master === null || this.discovery.asksEveryTime) this.discovery.discover(send);
    else send({ ok: true, endpoint: this.discovery.master });
  }

  private complete(
    op: Operation,
    endpoint: Endpoint,
    outcome: RequestOutcome,
    finish: (type: HistoryOp['type'], value: OpValue, node: string, error?: string) => void,
  ): void {
    const node = endpoint.host;
    if (outcome.kind === 'reply') {
      const reply = outcome.reply;
      if (reply.type === 'error') {
        // The server refused it: it did not happen. READONLY means we talk to a
        // replica: the master moved.
        if (reply.message.startsWith('READONLY')) this.discovery.invalidate();
        return finish('fail', op.value, node, reply.message);
      }
      const needed = this.spec.waitReplicas ?? 0;
      if (op.isWrite && needed > 0) {
        const value = completionValue(op, reply);
        this.connection(endpoint).request(['WAIT', String(needed), String(this.spec.waitTimeoutMs ?? 1000)], (waited) => {
          const acked = waited.kind === 'reply' && waited.reply.type === 'integer' ? Number(waited.reply.value) : 0;
          if (acked >= needed) finish('ok', value, node);
          else finish('info', op.value, node, waited.kind === 'reply' ? `WAIT: ${acked} of ${needed} replicas` : 'WAIT: no answer');
        });
        return;
      }
      const pages = op.pages;
      if (pages !== undefined) {
        const next = pages.next(reply);
        if (next !== null) return this.connection(endpoint).request(next, (outcome) => this.complete(op, endpoint, outcome, finish));
        return finish('ok', pages.value(), node);
      }
      return finish('ok', completionValue(op, reply), node);
    }
    this.discovery.invalidate();
    this.dropConnection(endpoint);
    if (outcome.kind === 'not-sent') return finish('fail', op.value, node, outcome.reason);
    return finish('info', op.value, node, outcome.reason);
  }

  private connection(endpoint: Endpoint): ClientConnection {
    const key = `${endpoint.host}:${endpoint.port}`;
    let connection = this.connections.get(key);
    if (connection === undefined || !connection.isOpen) {
      connection = new ClientConnection(
        this.ctx,
        endpoint.host,
        endpoint.port,
        this.spec.timeoutUs,
        (c) => {
          if (this.connections.get(key) === c) this.connections.delete(key);
        },
        this.connectTimeoutUs,
      );
      this.connections.set(key, connection);
    }
    return connection;
  }

  private dropConnection(endpoint: Endpoint): void {
    const key = `${endpoint.host}:${endpoint.port}`;
    this.connections.get(key)?.close();
    this.connections.delete(key);
  }
}

/** The program for a client node, recording into `history`. */
export function clientProcess(spec: ClientSpec, history: History, sim: Simulation, onStart?: (client: ClientProcess) => void): ActorFactory {
  return (ctx) => {
    const client = new ClientProcess(ctx, spec, history, sim);
    onStart?.(client);
    return client;
  };
}
