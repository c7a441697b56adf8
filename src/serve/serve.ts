// `redsim serve`: a scenario's cluster run in real time (or `speed` times
// faster), every simulated redis-server and redis-sentinel on its own
// 127.0.0.1 port, so real client libraries can talk to it. Between real
// events the simulation runs up to the wall clock's time; a real event (a
// connect, bytes, a close) first brings the simulation up to now, then acts
// in it. The run is therefore not deterministic: real clients decide when
// things happen. Everything they do is recorded in the history, and the
// checkers judge the run when it stops.

import { createServer, type Server, type Socket as RealSocket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { encodeReply, type Reply } from '../protocol/resp.js';
import { encodeReplyResp3, type Resp3Shape } from '../protocol/resp3.js';
import type { Scenario } from '../scenario/scenario.js';
import { REDSIM_COMMAND, type Simulation } from '../scenario/simulate.js';
import type { CloseReason } from '../net/actor.js';
import { connectRefusedNow } from '../net/socket.js';
import { AddressMap, SERVE_HOST, type ServedNode } from './address-map.js';
import type { GatewayConnection } from './gateway.js';
import { CommandReader } from './resp-reader.js';
import { startControlServer } from './control.js';
import { messageRecorder, type CapturedMessages } from '../report/build.js';
import type { MessageTap } from '../net/index.js';
import { checkClientBox, openSession, ServeError, sessionNodes } from './session.js';

export interface ServeOptions {
  /** Simulated seconds per real second (default 1). */
  readonly speed?: number;
  /** The first real port; nodes get consecutive ports in scenario order, then the control port. */
  readonly basePort?: number;
  /** The box real clients sit on (partitions of that box cut them off too); default a box of their own. */
  readonly clientBox?: string;
  readonly seed?: number;
  /** Overrides the scenario's duration (µs of simulated time); Infinity runs until stopped. */
  readonly durationUs?: number;
  /** The HTTP control port (default: the port below `basePort`); null serves none. */
  readonly controlPort?: number | null;
  /** Told of faults applied and of the run's end. */
  readonly log?: (line: string) => void;
}

export interface ServeHandle {
  /** Every served node, with its real port. */
  readonly nodes: readonly ServedNode[];
  /** The HTTP control port (GET /status, POST /fault, POST /stop), or null. */
  readonly controlPort: number | null;
  /** Simulated time since t=0, ms. */
  nowMs(): number;
  /** The messages for the report's message view: every real client's, and the cluster's own up to a cap. */
  messages(): CapturedMessages;
  /** Apply a fault now (a scenario fault step; `at` counts from now). Returns what it does; throws a ScenarioError on bad input. */
  fault(text: string): string;
  /** Resolves when the run has ended (its duration passed, or `stop`). */
  readonly ended: Promise<void>;
  /** Stop serving, do the final reads, run the checkers. */
  stop(): Promise<Simulation>;
}

export { ServeError };

const TICK_MS = 2;
/** As `redsim run` keeps. */
const MESSAGES_KEPT = 200_000;

export async function startServe(scenario: Scenario, options: ServeOptions = {}): Promise<ServeHandle> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new ServeError(`--speed must be a positive number, not ${speed}`);
  const basePort = options.basePort ?? 30001;
  const durationUs = options.durationUs ?? scenario.durationUs;
  if (options.clientBox !== undefined) checkClientBox(scenario, options.clientBox);
  const nodes: ServedNode[] = sessionNodes(scenario).map((n, i) => ({ ...n, realPort: basePort + i }));
  const controlPort = options.controlPort === undefined ? basePort - 1 : options.controlPort;
  if (controlPort !== null && (controlPort < 1 || controlPort > 65535 || nodes.some((n) => n.realPort === controlPort))) {
    throw new ServeError(`control port ${controlPort} is not usable: choose a port outside ${basePort}-${basePort + nodes.length - 1}`);
  }
  const listeners = await listenAll(nodes);
  let control: HttpServer | null = null;
  if (controlPort !== null) {
    try {
      control = await startControlServer(controlPort, {
        status: () => ({
          scenario: scenario.name,
          speed,
          nowMs: sim.sinceOriginUs / 1000,
          controlPort,
          nodes: nodes.map((n) => ({ name: n.name, kind: n.kind, host: SERVE_HOST, port: n.realPort })),
          faults: applied,
        }),
        fault: (text) => fault(text),
        stop: () => endRun(),
      });
    } catch (e) {
      await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
      const taken = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
      throw new ServeError(taken ? `control port ${controlPort} is taken: choose another --control-port (or --base-port)` : `cannot listen on ${SERVE_HOST}:${controlPort}: ${(e as Error).message}`);
    }
  }
  /** A node whose listener is closed because a connect would be refused now; reopening is under way when `reopening`. */
  const refusing = nodes.map(() => ({ closed: false, reopening: false }));

  // Real clients' traffic and the cluster's own are kept apart, so hours of
  // Sentinel chatter cannot push the real clients' messages out of the report.
  const clientMessages = messageRecorder(MESSAGES_KEPT / 2);
  const clusterMessages = messageRecorder(MESSAGES_KEPT / 2);
  let gatewayNameForTap = '';
  const messageTap: MessageTap = (from, to, sentUs, arrivedUs, payload, bytes, dropped) =>
    (from === gatewayNameForTap || to === gatewayNameForTap ? clientMessages : clusterMessages).tap(from, to, sentUs, arrivedUs, payload, bytes, dropped);
  const session = openSession(scenario, {
    messageTap, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.clientBox !== undefined ? { clientBox: options.clientBox } : {}), durationUs });
  const { gateway, gatewayName, applied } = session;
  gatewayNameForTap = gatewayName;
  const { sim, net } = session.run.cluster;
  const t0 = sim.originUs;
  const address = new AddressMap(nodes);

  // Real time drives simulated time.
  const wallStart = performance.now();
  const simStart = sim.nowUs;
  let running = true;
  let endRun: () => void = () => {};
  const ended = new Promise<void>((resolve) => (endRun = resolve));
  const advance = () => {
    if (!running) return;
    const target = Math.min(simStart + (performance.now() - wallStart) * 1000 * speed, t0 + durationUs);
    if (target > sim.nowUs) sim.runUntil(target);
    syncListeners();
    if (sim.sinceOriginUs >= durationUs) {
      options.log?.(`the scenario's ${durationUs / 1e6} s are over`);
      endRun();
    }
  };
  const ticker = setInterval(advance, TICK_MS);

  // Real connections.
  const realSockets = new Set<RealSocket>();
  const gatewayConnections = new Set<GatewayConnection>();
  let nextConnection = 1;
  const onConnection = (node: ServedNode) => (real: RealSocket) => {
    if (!running) return void real.destroy();
    advance();
    realSockets.add(real);
    real.setNoDelay(true);
    const reader = new CommandReader();
    const conn = gateway.connect(
      nextConnection++,
      node.name,
      node.simPort,
      {
        reply: (reply: Reply, resp3Shape: Resp3Shape | null) => {
          if (real.destroyed) return;
          const served = address.rewriteReply(reply);
          real.write(resp3Shape === null ? encodeReply(served) : encodeReplyResp3(served, resp3Shape));
        },
        closed: (reason: CloseReason) => {
          gatewayConnections.delete(conn);
          if (real.destroyed) return;
          if (reason === 'eof') real.end();
          else real.resetAndDestroy();
        },
      },
      node.kind,
    );
    gatewayConnections.add(conn);
    real.on('data', (chunk: Buffer) => {
      advance();
      const { commands, error } = reader.push(chunk);
      for (const command of commands) conn.send(address.rewriteCommand(command));
      if (error !== null) {
        real.end(`-ERR ${error}\r\n`);
        conn.close();
      }
    });
    const gone = () => {
      realSockets.delete(real);
      if (!running) return;
      advance();
      conn.close();
      gatewayConnections.delete(conn);
    };
    real.on('close', gone);
    real.on('error', () => real.destroy());
  };
  nodes.forEach((node, i) => listeners[i]!.on('connection', onConnection(node)));

  // A REJECT cut between the clients' box and a node, or a node not listening
  // (crashed, restarting), refuses connects: its real listener is closed
  // meanwhile, so a real client's connect gets ECONNREFUSED from the kernel as
  // it would from a real box. Connections already open are not touched.
  // Simplification: a connect across a DROP cut (or to a powered-off box)
  // completes at the real TCP level, as a listening socket cannot ignore a
  // SYN, and then stays silent; a client sees its command time-out rather
  // than its connect time-out.
  function syncListeners(): void {
    const from = net.process(gatewayName);
    nodes.forEach((node, i) => {
      const state = refusing[i]!;
      if (state.reopening) return;
      const refused = connectRefusedNow(from, net.process(node.name), node.simPort);
      if (refused && !state.closed) {
        state.closed = true;
        listeners[i]!.close();
      } else if (!refused && state.closed) {
        state.reopening = true;
        const server = createServer({ noDelay: true });
        server.on('connection', onConnection(node));
        server.once('error', (e: Error) => {
          state.reopening = false;
          options.log?.(`cannot listen again on ${SERVE_HOST}:${node.realPort} for ${node.name}: ${e.message}`);
        });
        server.listen(node.realPort, SERVE_HOST, () => {
          state.reopening = false;
          state.closed = false;
          listeners[i] = server;
          if (!running) server.close();
        });
      }
    });
  }

  const fault = (text: string): string => {
    advance();
    const what = session.fault(text);
    options.log?.(`t=${(sim.sinceOriginUs / 1e6).toFixed(1)}s: ${what}`);
    return what;
  };

  let stopped: Promise<Simulation> | null = null;
  const stop = (): Promise<Simulation> => {
    stopped ??= (async () => {
      advance();
      running = false;
      clearInterval(ticker);
      endRun();
      for (const conn of [...gatewayConnections]) conn.close();
      for (const real of realSockets) real.destroy();
      if (control !== null) {
        control.closeAllConnections();
        await new Promise<void>((resolve) => control!.close(() => resolve()));
      }
      await Promise.all(listeners.map((l) => new Promise<void>((resolve) => (l.listening ? l.close(() => resolve()) : resolve()))));
      return session.finish({ speed, replay: `${REDSIM_COMMAND} serve ${scenario.file} --seed ${session.run.seed}${speed !== 1 ? ` --speed ${speed}` : ''}` });
    })();
    return stopped;
  };

  const messages = (): CapturedMessages => ({
    arrows: [...clientMessages.captured.arrows, ...clusterMessages.captured.arrows],
    truncated: clientMessages.captured.truncated || clusterMessages.captured.truncated,
  });
  return { nodes, controlPort, nowMs: () => sim.sinceOriginUs / 1000, messages, fault, ended, stop };
}

/** Listen on every node's port; a taken port closes the others and fails with one line. */
async function listenAll(nodes: readonly ServedNode[]): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const node of nodes) {
      const server = createServer({ noDelay: true });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => reject(new ServeError(e.code === 'EADDRINUSE' ? `port ${node.realPort} (for ${node.name}) is taken: choose another --base-port` : `cannot listen on ${SERVE_HOST}:${node.realPort}: ${e.message}`)));
        server.listen(node.realPort, SERVE_HOST, () => resolve());
      });
      servers.push(server);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    throw e;
  }
  return servers;
}
