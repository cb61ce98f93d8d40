/** Jest runs the TypeScript sources through swc (no per-file type check); `tsc --noEmit` type-checks once. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // kubernetes-models (and is-cidr, which it uses) ship ES modules only; Node requires them natively, Jest needs them as CommonJS.
    '/node_modules/(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
  // Their package exports declare only the "import" condition, which Jest's CommonJS resolver skips.
  moduleNameMapper: {
    '^@kubernetes-models/(base|validate)$': '<rootDir>/node_modules/@kubernetes-models/$1/dist/index.js',
    '^@kubernetes-models/validate/runtime/(.*)$': '<rootDir>/node_modules/@kubernetes-models/validate/dist/runtime/$1',
    '^@kubernetes-models/apimachinery/(.*)$': '<rootDir>/node_modules/@kubernetes-models/apimachinery/$1',
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
