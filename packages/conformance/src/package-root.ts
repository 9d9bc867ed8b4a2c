import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The directory of @jms-ts/conformance, found by walking up from this module, so that paths to peers,
 * broker configs and downloads work both from the sources (vitest) and from the bundled dist (CLI).
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@jms-ts/conformance"
    ) {
      return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the @jms-ts/conformance package directory");
    dir = parent;
  }
}

/** A path inside the conformance package. */
export function fromPackage(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
