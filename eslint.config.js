import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'lib/db/generated/**',
      'lib/db/generated-postgresql/**',
      'test-results/**',
      'playwright-report/**',
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
    ignores: ['**/*.test.ts'],
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
          patterns: ['**/db/**', '**/transport/**', '**/collector/**'],
        },
      ],
    },
  },
);
