import { libraryBuild } from "../../tsup.shared";

// The conformance package is private: it builds only its commands (the demo and the suite runner).
export default libraryBuild(["src/demo.ts", "src/conformance-cli.ts"], { format: ["esm"], dts: false });
