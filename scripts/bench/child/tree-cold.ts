// Child process of the tree benchmark: the first walk of the keys tree in a fresh process (cold JIT),
// wall-clock and CPU time. --icu-warm: one localeCompare first, leaving out ICU's one-time collation
// setup. --initial: only what the view shows at first, instead of every node expanded.
import { treeKeys, walkTree } from '../tree-fixture';

const keys = treeKeys();
if (process.argv.includes('--icu-warm')) 'a'.localeCompare('b');
const c0 = process.cpuUsage();
const t0 = performance.now();
const nodes = walkTree(keys, !process.argv.includes('--initial'));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, nodes }));
