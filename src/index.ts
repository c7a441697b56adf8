// The public library API: `import { ... } from 'redsim'`. The CLI uses the same.

export * from './sim/index.js';
export * from './net/index.js';
export { buildMesh, buildFaultyMesh, type Mesh, type MeshOptions } from './demo/heartbeat-mesh.js';
