export * from './resp.js';
export * from './errors.js';
export * from './int64.js';
export * from './info.js';
export * from './role.js';
