// Child process of the activation benchmark: times one cold require() of the file given in argv[2]
// and prints {"ms": ...}. 'vscode' resolves to a stand-in (benchmark only: nothing here runs activate()).
'use strict';
const Module = require('node:module');
const { join } = require('node:path');
const stub = join(__dirname, 'vscode-stub.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
};
require(stub); // loaded before the clock starts, for the bundle and the empty baseline alike
const t0 = performance.now();
const loaded = require(process.argv[2]);
const ms = performance.now() - t0;
if (typeof loaded.activate !== 'function') throw new Error(`${process.argv[2]} exports no activate()`);
process.stdout.write(JSON.stringify({ ms }));
