import { libraryBuild } from "../../tsup.shared";

// The conformance package is private: it builds only its commands (the demo, the suite runner, jms-perf, the
// side-by-side bench), and the child process of the transaction.killed-before-commit case (dist/tx-kill-child.js).
export default libraryBuild([], {
  entry: {
    demo: "src/demo.ts",
    "conformance-cli": "src/conformance-cli.ts",
    "perf-cli": "src/perf-cli.ts",
    "bench-cli": "src/bench-cli.ts",
    "tx-kill-child": "src/peers/tx-kill-child.ts",
  },
  format: ["esm"],
  dts: false,
});
