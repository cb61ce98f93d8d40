/** Jest runs the TypeScript sources through swc (no per-file type check); `tsc --noEmit` type-checks once. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
