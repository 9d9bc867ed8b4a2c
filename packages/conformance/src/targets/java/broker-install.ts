import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A broker's binary tarball from Maven Central, as `scripts/install-java-brokers.sh` puts it in `.brokers/dist/`. */
export interface BrokerDistribution {
  /** `qpid-broker-j`: also the folder of its config files under `packages/conformance/brokers/`. */
  readonly name: string;
  readonly version: string;
  /** File name in `.brokers/dist/`, e.g. `apache-qpid-broker-j-10.1.0-bin.tar.gz`. */
  readonly tarball: string;
  /** Leading path components of the tarball's entries dropped on unpacking (`qpid-broker/10.1.0/` = 2). */
  readonly stripComponents: number;
  /** A file, relative to the unpacked home, that exists only once unpacking has finished. */
  readonly marker: string;
  /** Tarball members left out (tar `--exclude` patterns, matched before stripping). */
  readonly exclude?: readonly string[];
}

export const INSTALL_SCRIPT = "packages/conformance/scripts/install-java-brokers.sh";

/**
 * `packages/conformance`, found from this module's location so it works from `src/` (tests, tsx) and from
 * the bundled `dist/` alike: the nearest ancestor holding `brokers/pom.xml`.
 */
export function conformanceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "brokers", "pom.xml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find packages/conformance/brokers/pom.xml");
    dir = parent;
  }
}

/** A checked-in config file of a broker: `packages/conformance/brokers/<name>/<file>`. */
export function brokerConfigFile(name: string, file: string): string {
  return join(conformanceRoot(), "brokers", name, file);
}

/** The downloaded tarball of a distribution (it may not exist). */
export function tarballPath(dist: BrokerDistribution): string {
  return join(conformanceRoot(), ".brokers", "dist", dist.tarball);
}

function untar(tarball: string, into: string, dist: BrokerDistribution): Promise<void> {
  const excludes = (dist.exclude ?? []).map((pattern) => `--exclude=${pattern}`);
  return new Promise((resolve, reject) =>
    execFile(
      "tar",
      ["-xzf", tarball, "-C", into, `--strip-components=${dist.stripComponents}`, ...excludes],
      { timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const why = stderr.trim().split("\n").pop() || error.message;
        reject(new Error(`cannot unpack ${tarball}: ${why}`));
      },
    ),
  );
}

/**
 * The broker's home, `packages/conformance/.brokers/<name>-<version>/`, unpacked from its tarball on first
 * use. Rejects with `<name> <version> is not installed: run <script>` when the tarball is missing.
 */
export async function brokerHome(dist: BrokerDistribution, log: (line: string) => void): Promise<string> {
  const brokers = join(conformanceRoot(), ".brokers");
  const home = join(brokers, `${dist.name}-${dist.version}`);
  if (existsSync(join(home, dist.marker))) return home;
  const tarball = tarballPath(dist);
  if (!existsSync(tarball))
    throw new Error(`${dist.name} ${dist.version} is not installed: run ${INSTALL_SCRIPT}`);
  await mkdir(brokers, { recursive: true });
  log(`unpacking ${dist.tarball} into ${home}`);
  // Unpack beside the final place and rename, so a half-unpacked home is never mistaken for a whole one.
  const staging = await mkdtemp(join(brokers, `.unpack-${dist.name}-`));
  try {
    await untar(tarball, staging, dist);
    if (!existsSync(join(staging, dist.marker)))
      throw new Error(`${tarball} holds no ${dist.marker}: not a ${dist.name} distribution`);
    if (!existsSync(join(home, dist.marker))) await rm(home, { recursive: true, force: true });
    await rename(staging, home).catch((error: unknown) => {
      // Another run unpacked it at the same moment: use theirs.
      if (!existsSync(join(home, dist.marker))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return home;
}
