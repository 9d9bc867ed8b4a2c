import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of sibling packages (the "source" export condition),
// so `vitest` needs no build step; the published builds are exercised by `npm start` and the CLI tests.
// CI sets VITEST_JSON to also write machine-readable results, summed up by scripts/test-summary.mjs.
const jsonFile = process.env["VITEST_JSON"];

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    ...(jsonFile ? { reporters: ["default", "json"], outputFile: { json: jsonFile } } : {}),
  },
});
