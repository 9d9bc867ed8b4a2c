#!/usr/bin/env node
// The jms-broker command. A checked-in shim, so npm can link the command at install time, before the
// TypeScript is built; it loads the built CLI.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error(
    "jms-broker: the broker is not built yet; run `npm run build` in the jms-ts repository first",
  );
  process.exit(1);
}
await import(cli.href);
