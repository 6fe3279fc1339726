// Lint: the async and switch rules tsc cannot check, and the layer boundaries as import rules.
// Type-aware: each file is checked with the tsconfig that owns it (host, webview page, tests).
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` options forbidding the vscode module and any path segment named here. */
function forbid(message, ...pathGlobs) {
  return ['error', {
    paths: [{ name: 'vscode', message }],
    patterns: pathGlobs.length ? [{ group: pathGlobs, message }] : [],
  }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.test-run/**', 'out/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ['./tsconfig.json', './src/webview/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', {
        considerDefaultExhaustiveForUnions: true,
        requireDefaultForNonUnion: false,
      }],
    },
  },
  {
    // Pure layers: run under plain Node and in the page, so never the editor API or its adapters.
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/builder/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid('Pure code: no vscode API here; take what you need as a parameter.',
        '**/vscode/**', '**/extension', '**/webview/**'),
    },
  },
  {
    // The page is a browser bundle: it talks to the host only through src/protocol.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid('The webview talks to the host only through src/protocol/protocol.',
        '**/vscode/**', '**/extension', '**/builder/**'),
    },
  },
);
