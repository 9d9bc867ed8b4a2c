// The rhea 3.0.5 modules the patches reach into. rhea has no `exports` map, so its lib files load by
// path; each patch checks that what it replaces is there and fails loudly if rhea changed.
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

export interface RheaDelivery {
  id: number;
  settled: boolean;
  state?: unknown;
  link: { is_receiver(): boolean; session: { output(frame: unknown): void } };
}

export interface RheaModules {
  message: { decode(buffer: Buffer): unknown; are_outcomes_equivalent(a: unknown, b: unknown): boolean };
  frames: {
    disposition(fields: Record<string, unknown>): unknown;
    amqp_frame(channel: unknown, performative: unknown, payload: unknown): unknown;
    write_frame(frame: unknown): Buffer;
    read_frame(buffer: Buffer): unknown;
    transfer(fields: Record<string, unknown>): unknown;
  };
  errors: { ProtocolError: new (message: string) => Error };
  types: {
    Writer: new (buffer?: Buffer) => {
      buffer: Buffer;
      position: number;
      write_uint(value: number, width: number): void;
      write(value: unknown): void;
    };
  };
  log: { frames: { enabled: boolean } };
  transport: {
    prototype: { peek_size(buffer: Buffer): number | undefined; write(socket: unknown): unknown };
  };
  link: { Sender: { prototype: Record<string, unknown> } };
  connection: { prototype: object };
  container: {
    create_connection(options?: object): { create_session(): { incoming: object; outgoing: object } };
  };
}

export function rheaModules(): RheaModules {
  return {
    message: load("rhea/lib/message.js") as RheaModules["message"],
    frames: load("rhea/lib/frames.js") as RheaModules["frames"],
    errors: load("rhea/lib/errors.js") as RheaModules["errors"],
    types: load("rhea/lib/types.js") as RheaModules["types"],
    log: load("rhea/lib/log.js") as RheaModules["log"],
    transport: load("rhea/lib/transport.js") as RheaModules["transport"],
    link: load("rhea/lib/link.js") as RheaModules["link"],
    connection: load("rhea/lib/connection.js") as RheaModules["connection"],
    container: load("rhea") as RheaModules["container"],
  };
}

/** Throws when a patch target is missing: a different rhea version must not be patched blindly. */
export function requireFunction(owner: object, name: string, where: string): void {
  if (typeof (owner as Record<string, unknown>)[name] !== "function") {
    throw new Error(
      `@jms-ts/rhea-patches: rhea's ${where}.${name} is missing; this package supports rhea 3.0.5 only`,
    );
  }
}

const INSTALLED = Symbol.for("jms-ts.rhea-patches");

/** Runs `install` once per patched object, however many copies of this package are loaded. */
export function once(target: object, key: string, install: () => void): void {
  const marks = ((target as Record<symbol, Set<string>>)[INSTALLED] ??= new Set());
  if (marks.has(key)) return;
  install();
  marks.add(key);
}

/** Whether `once` has installed any patch on `target`. */
export function hasPatches(target: object): boolean {
  const marks = (target as Record<symbol, Set<string> | undefined>)[INSTALLED];
  return marks !== undefined && marks.size > 0;
}
