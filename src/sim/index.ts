export * from './time.js';
export * from './event-queue.js';
export * from './rng.js';
export * from './hash.js';
export * from './trace.js';
export * from './simulation.js';
export * from './history.js';
