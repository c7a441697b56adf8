export * from './actor.js';
export * from './clock.js';
export * from './disk.js';
export * from './host.js';
export * from './latency.js';
export * from './link.js';
export * from './network.js';
export * from './process.js';
export type { MessageTap } from './socket.js';
