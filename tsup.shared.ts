import { defineConfig, type Options } from "tsup";

/** The build of every publishable package: ESM + CJS + `.d.ts` for Node 20+, from the given entries. */
export function libraryBuild(entry: string[], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    ...overrides,
  });
}
