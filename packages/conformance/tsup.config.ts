import { libraryBuild } from "../../tsup.shared";

// The conformance package is private: it builds only the runnable demo behind `npm start`.
export default libraryBuild(["src/demo.ts"], { format: ["esm"], dts: false });
