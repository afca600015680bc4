import tseslint from 'typescript-eslint';

// Test helpers live under test/ (test/support/, test/lab/); code that ships never imports them.
const TEST_CODE = {
  group: ['**/test/**', '@/test/**', '**/e2e/**', '@/e2e/**'],
  message:
    'test helpers are for tests only: shipped code (lib/, app/, scripts) must not import test/ or e2e/',
};
const APP_IN_TESTS =
  'tests call route handlers through lib/http/endpoints/ (the route files re-export them), not app/';
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/*.int.test.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'lib/db/generated/**',
      'lib/db/generated-postgresql/**',
      'test-results/**',
      'playwright-report/**',
      'bench/out/**',
      'next-env.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The pure stages import nothing that does I/O.
    files: ['lib/checks/**/*.ts', 'lib/model/**/*.ts', 'lib/probe/parse*.ts', 'lib/probe/domain-xml.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'child_process',
            'net',
            'ssh2',
            'node:fs',
            'node:child_process',
            'node:net',
            'node:http',
          ],
          patterns: [{ group: ['**/db/**', '**/transport/**', '**/collector/**'] }, TEST_CODE],
        },
      ],
    },
  },
  {
    // Developer tools (the test runner, migration authoring, fuzzing) may start the test lab and services.
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'scripts/**/*.ts', 'proxy.ts'],
    ignores: [
      ...TESTS,
      'lib/checks/**',
      'lib/model/**',
      'lib/probe/parse*.ts',
      'lib/probe/domain-xml.ts',
      'scripts/test*.ts',
      'scripts/new-migration.ts',
      'scripts/fuzz.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [TEST_CODE] }] },
  },
  {
    // Tests reach the HTTP layer through lib/http/endpoints (which the route files re-export) or a real
    // server, never by importing app/.
    files: [...TESTS, 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/app/**', '**/app/**'], message: APP_IN_TESTS }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/(^@\\/app\\/|(^|\\/)app\\/)/]', message: APP_IN_TESTS },
      ],
    },
  },
);
