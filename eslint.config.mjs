// Lint configuration (flat config). Choices are explained in CONTRIBUTING.md, section "Lint".
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['build/**', 'dist/**', 'docs/**', 'node_modules/**', 'coverage/**', 'api/**', 'lib/check/api-fields.generated.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'max-len': ['error', {
        code: 150,
        ignoreUrls: true,
        ignoreStrings: true,
        ignoreTemplateLiterals: true,
        ignoreRegExpLiterals: true,
      }],
      '@typescript-eslint/no-explicit-any': 'error',
      // A named props interface that only extends another (`WorkerTierProps extends DeploymentTierProps`) is the
      // cdk8s-plus idiom: the name can grow fields later without a breaking change.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Plain Node scripts (CommonJS): require() is how they load modules.
    files: ['scripts/**/*.js', '**/*.cjs', 'jest.config.js', 'bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and benchmarks load modules on purpose at run time: a fresh copy in jest.isolateModules, a file the
    // test just wrote, a module whose load time or load order is what is measured.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read synthesized manifests as untyped JSON (`doc.spec.template.spec.containers[0]`); typing every
    // path would add casts, not safety, and a wrong path fails the test anyway.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
