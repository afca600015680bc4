// Node/V8 flags for a process that runs the collector (`npm start`, `npm run collect`: package.json
// passes them; node-flags.test.ts keeps the two in step and checks this Node accepts them).
//
// The collector keeps ~170 MB of live JS heap at 5,000 targets (ssh2's state of every open connection,
// the inventory, the last observations), and each cycle makes a few hundred MB of short-lived garbage.
// V8 lets the old generation grow to several times what survived the last full GC before it collects
// again (a factor it picks between 1.1 and 4 from its GC and allocation speeds), so between cycles a
// 5,000-target collector sat at 1,070 MB RSS although a GC brings it to 850 MB. A fixed factor of 1.6
// collects sooner: 680 MB between cycles, peak 720 MB instead of 1,140, at the same CPU per cycle
// (bench:collector-memory, docs/performance.md "Where a collector's memory goes"). 1.3 saved another
// 60 MB for more CPU; `--optimize-for-size` halved RSS but tripled the CPU of a cycle.
export const COLLECTOR_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=60'];
