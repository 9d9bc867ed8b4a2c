import { defineConfig } from "tsup";

// The conformance package is private: it builds only the runnable demo behind `npm start`.
export default defineConfig({
  entry: ["src/demo.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
});
