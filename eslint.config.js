// Lint: typescript-eslint's recommended rules, plus the determinism rules from
// ARCHITECTURE.md enforced mechanically in every layer that runs inside a
// simulation (no host time, no host randomness, no host timers, no async).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const simulationLayers = [
  'src/sim/**',
  'src/net/**',
  'src/protocol/**',
  'src/redis/**',
  'src/sentinel/**',
  'src/client/**',
  'src/faults/**',
  'src/check/**',
  'src/world/**',
  'src/world.ts',
  'src/demo/**',
];

const hostTime = 'Simulations read time from the process clock or the kernel (determinism).';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: simulationLayers,
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: hostTime },
        { name: 'setInterval', message: hostTime },
        { name: 'setImmediate', message: hostTime },
        { name: 'queueMicrotask', message: hostTime },
        { name: 'performance', message: hostTime },
        { name: 'Promise', message: 'No promises inside a simulation: callbacks run on the kernel agenda.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a named stream: sim.rng.stream(name).' },
        { object: 'Date', property: 'now', message: hostTime },
        { object: 'process', property: 'hrtime', message: hostTime },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: hostTime },
        { selector: 'FunctionDeclaration[async=true], ArrowFunctionExpression[async=true], FunctionExpression[async=true]', message: 'No async inside a simulation.' },
        { selector: 'AwaitExpression', message: 'No await inside a simulation.' },
      ],
    },
  },
);
