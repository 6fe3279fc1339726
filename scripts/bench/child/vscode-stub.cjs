// A stand-in for the 'vscode' module, for timing require() only: every property is a callable,
// constructible object whose properties are the same, so top-level uses of the API do not throw.
'use strict';
function make() {
  const cache = new Map();
  return new Proxy(function vscodeStub() {}, {
    get(target, prop) {
      if (typeof prop === 'symbol' || prop === '__esModule' || prop === 'then') return undefined;
      if (prop === 'prototype') return target.prototype;
      if (!cache.has(prop)) cache.set(prop, make());
      return cache.get(prop);
    },
    apply: () => make(),
    construct: () => make(),
  });
}
module.exports = make();
