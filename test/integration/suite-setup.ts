// Creates the mocha instance of the in-VS Code suite before any test file loads, so the statically
// imported test files (bundled by esbuild) register their describe/it blocks on it. Imported first by
// index.ts. Mocha 12 is an ES module: depending on the loader, `import Mocha` yields the class or its
// module namespace, hence the unwrapping below.
import MochaImport from 'mocha';

type MochaClass = typeof MochaImport;

function mochaClass(): MochaClass {
  const loaded = MochaImport as unknown;
  if (typeof loaded === 'function') return loaded as MochaClass;
  const namespace = loaded as { Mocha?: MochaClass; default?: MochaClass };
  const found = namespace.Mocha ?? namespace.default;
  if (typeof found !== 'function') throw new Error('Could not load mocha: no Mocha class in the module');
  return found;
}

export const Mocha = mochaClass();

export const mocha = new Mocha({
  ui: 'bdd',
  color: false,
  timeout: Number(process.env.OPENAI_CONNECTOR_TEST_TIMEOUT ?? 30_000),
  ...(process.env.OPENAI_CONNECTOR_TEST_GREP ? { grep: process.env.OPENAI_CONNECTOR_TEST_GREP } : {}),
});

// Defines describe/it/before/after/... on globalThis for the test files that follow.
mocha.suite.emit('pre-require', globalThis, 'openai-connector-integration-suite', mocha);
