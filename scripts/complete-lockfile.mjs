// npm 11 leaves out of package-lock.json the optional platform packages that the registry it installed
// from does not serve (here: rollup's builds for other platforms), and `npm ci` then refuses the lock
// file as out of sync. This adds the missing entries, with the os/cpu/libc that rollup declares for each,
// so `npm ci` validates the lock and skips them on every platform they are not for.
// Run after any `npm install` that rewrites the lock file: `node scripts/complete-lockfile.mjs`.
// See docs/decisions/0005-lockfile-platform-packages.md.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const nested = `${location}/node_modules/${name}`;
    if (packages[target] || packages[nested]) continue;
    const platform = rollupPlatform(name);
    if (!platform)
      throw new Error(`${name} is missing from the lock file and is not a known platform package`);
    packages[target] = { version, ...platform, license: "MIT", optional: true };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform package entr${added === 1 ? "y" : "ies"}`);

/** `@rollup/rollup-<os>-<cpu>[-<abi>]` → the os, cpu and libc fields rollup publishes for it. */
function rollupPlatform(name) {
  const match = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
  if (!match) return undefined;
  const [, os, cpu, abi] = match;
  const libc =
    abi === "gnu" || abi === "gnueabihf"
      ? ["glibc"]
      : abi === "musl" || abi === "musleabihf"
        ? ["musl"]
        : undefined;
  return { cpu: [cpu === "arm" ? "arm" : cpu], os: [os], ...(libc ? { libc } : {}) };
}
