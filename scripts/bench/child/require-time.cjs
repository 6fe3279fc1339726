// Child process of the activation benchmark: times one cold require() of the file given in argv[2]
// and prints {"ms": wall, "cpuMs": main-thread CPU}; with --extension, checks that it exports activate().
// 'vscode' resolves to a stand-in (benchmark only: nothing here runs activate()). Node's built-in
// modules that VS Code's extension host has loaded long before any extension are loaded first, so
// neither side pays for them.
'use strict';
const Module = require('node:module');
const { join } = require('node:path');
for (const m of ['node:child_process', 'node:crypto', 'node:events', 'node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:os', 'node:path', 'node:url', 'node:util']) require(m);
const stub = join(__dirname, 'vscode-stub.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
};
require(stub); // loaded before the clock starts, for the bundle and the empty baseline alike
// Main-thread CPU leaves out time spent descheduled on a busy machine (Node >= 23.9).
const cpu = () => {
  const u = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const t0 = performance.now();
const loaded = require(process.argv[2]);
const ms = performance.now() - t0;
const cpuMs = cpu() - c0;
if (process.argv[3] === '--extension' && typeof loaded.activate !== 'function') throw new Error(`${process.argv[2]} exports no activate()`);
process.stdout.write(JSON.stringify({ ms, cpuMs }));
