import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of sibling packages (the "source" export condition),
// so `vitest` needs no build step; the published builds are exercised by `npm start` and the CLI tests.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
