import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { ContainerRuntimeClient, ImagePullPolicy } from "testcontainers";
import type { Log } from "../../harness/target";

/** The base image scripts/build-base-image.sh imports (Debian bookworm + OpenJDK 17), used when unset. */
export const LOCAL_BASE_IMAGE = "localhost/jms-ts-jre17-base:1";

export interface BrokerImageSpec {
  /** The image repository's last part: `localhost/jms-ts-<broker>:<hash>`. */
  readonly broker: string;
  /** The broker's Dockerfile. */
  readonly dockerfile: string;
  /** Files put at the root of the build context under their own names (tarball, config). */
  readonly files: readonly { readonly path: string; readonly missing: string }[];
  /** Build arguments besides BASE (e.g. the broker's version, which names its tarball). */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** Never pulls: the base image is local (a registry may not be reachable at all). */
const neverPull: ImagePullPolicy = { shouldPull: () => false };

type Dockerode = ContainerRuntimeClient["container"]["dockerode"];

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** A hash of everything the image is built from: Dockerfile, context files (by name and content), base. */
async function contextHash(spec: BrokerImageSpec, base: string): Promise<string> {
  const hash = createHash("sha256");
  const args = Object.entries({ ...spec.buildArgs, BASE: base }).map(([name, value]) => `${name}=${value}\n`);
  for (const arg of args.sort()) hash.update(arg);
  for (const path of [spec.dockerfile, ...spec.files.map((f) => f.path)])
    hash.update(`${basename(path)}\0${await sha256File(path)}\n`);
  return hash.digest("hex").slice(0, 16);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * The broker's image, built once per content: `localhost/jms-ts-<broker>:<hash of the build context>`. Reused
 * when the engine has it; otherwise built with testcontainers from a temporary context holding the Dockerfile
 * and `spec.files`, on `JMS_TS_CONTAINER_BASE` (default the local {@link LOCAL_BASE_IMAGE}). Rejects with one
 * line when an input or the base image is missing, or the build fails.
 */
export async function brokerImage(
  spec: BrokerImageSpec,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  for (const file of [{ path: spec.dockerfile, missing: "the Dockerfile is missing" }, ...spec.files])
    if (!existsSync(file.path)) throw new Error(`${file.path} not found: ${file.missing}`);
  const base = env["JMS_TS_CONTAINER_BASE"] || LOCAL_BASE_IMAGE;
  const image = `localhost/jms-ts-${spec.broker}:${await contextHash(spec, base)}`;

  const { GenericContainer, ImageName, getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(ImageName.fromString(image))) {
    log(`  image ${image} (cached)`);
    return image;
  }
  if (base.startsWith("localhost/") && !(await client.image.exists(ImageName.fromString(base))))
    throw new Error(`base image ${base} is missing: run packages/conformance/scripts/build-base-image.sh`);

  const started = Date.now();
  log(`  building ${image} on ${base}`);
  const context = await mkdtemp(join(tmpdir(), `jms-ts-${spec.broker}-image-`));
  try {
    await copyFile(spec.dockerfile, join(context, "Dockerfile"));
    for (const file of spec.files) await copyFile(file.path, join(context, basename(file.path)));
    await GenericContainer.fromDockerfile(context, "Dockerfile")
      .withBuildArgs({ ...spec.buildArgs, BASE: base })
      .withPullPolicy(neverPull)
      .build(image, { deleteOnExit: false });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`building ${image} failed (${why}); DEBUG=testcontainers:build shows the build log`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  log(`  built ${image} in ${seconds(started)}`);
  await removeOlderTags(client.container.dockerode, image, log);
  return image;
}

/** Removes the broker's images built from older contexts, so that disk use stays bounded; never rejects. */
async function removeOlderTags(dockerode: Dockerode, current: string, log: Log): Promise<void> {
  const repository = current.slice(0, current.lastIndexOf(":"));
  try {
    const images = await dockerode.listImages({ filters: JSON.stringify({ reference: [repository] }) });
    const older = images
      .flatMap((info) => info.RepoTags ?? [])
      .filter((tag) => tag.startsWith(`${repository}:`) && tag !== current);
    for (const tag of older) {
      // Untags; the layers go once no tag and no container uses them (another run's container keeps them).
      await dockerode
        .getImage(tag)
        .remove()
        .then(() => log(`  removed older image ${tag}`))
        .catch(() => undefined);
    }
  } catch {
    // Listing failed: nothing removed, nothing lost.
  }
}
