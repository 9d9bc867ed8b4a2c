// process.memoryUsage() once full collections stop shrinking the heap (finalizers and weak references need
// more than one pass). Needs node --expose-gc; shared by memory-bench.mjs and its broker child.
export function settledUsage() {
  let before = Infinity;
  for (let i = 0; i < 10; i++) {
    globalThis.gc();
    const now = process.memoryUsage().heapUsed;
    if (now >= before) break;
    before = now;
  }
  return process.memoryUsage();
}
