// A stand-in for the 'vscode' module, for timing require() only. It has every top-level name of the
// real API (read from @types/vscode, before the clock starts), so bundles that copy the module's
// properties (esbuild's __toESM) see them; each is a callable, constructible object whose own
// properties are the same, so top-level uses of the API do not throw.
'use strict';
const { readFileSync } = require('node:fs');

function member() {
  const cache = new Map();
  return new Proxy(function vscodeStub() {}, {
    get(target, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      if (prop === 'prototype') return target.prototype;
      if (!cache.has(prop)) cache.set(prop, member());
      return cache.get(prop);
    },
    apply: () => member(),
    construct: () => member(),
  });
}

const types = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = new Set([...types.matchAll(/^\texport (?:namespace|class|enum|const|let|var|function) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]));
const api = {};
for (const name of names) api[name] = member();
module.exports = api;
