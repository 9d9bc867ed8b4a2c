import { request } from "node:http";

/** Where scripts/setup-podman.sh serves Podman's Docker-compatible API. */
export const PODMAN_SOCKET = "/run/jms-ts-podman.sock";

const SETUP = `run packages/conformance/scripts/setup-podman.sh and export DOCKER_HOST=unix://${PODMAN_SOCKET} TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1`;

/** GET /_ping on the engine; resolves with why it failed, or undefined when it answered OK. */
function ping(dockerHost: string, timeoutMs: number): Promise<string | undefined> {
  let target: { socketPath: string } | { host: string; port: number };
  try {
    const url = new URL(dockerHost);
    if (url.protocol === "unix:") target = { socketPath: url.pathname };
    else if (url.protocol === "tcp:" || url.protocol === "http:")
      target = { host: url.hostname, port: Number(url.port || 2375) };
    else return Promise.resolve(`unsupported scheme ${url.protocol}`);
  } catch {
    return Promise.resolve("not a URL");
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: "/_ping", method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `/_ping answered HTTP ${res.statusCode}`);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

/**
 * Rejects with one line unless DOCKER_HOST names a container engine that answers now: the container targets
 * never wait on testcontainers' own engine discovery (which can hang or pull images).
 */
export async function ensureContainerEngine(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dockerHost = env["DOCKER_HOST"];
  if (!dockerHost) throw new Error(`no container engine: ${SETUP}`);
  const why = await ping(dockerHost, 5_000);
  if (why) throw new Error(`no container engine at DOCKER_HOST=${dockerHost} (${why}): ${SETUP}`);
}
