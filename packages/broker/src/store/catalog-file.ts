import * as fs from "node:fs";
import * as path from "node:path";
import { StoreError } from "./message-store";
import { describeOsError, osErrorCode } from "./os-error";
import { syncDirectory } from "./journal/segment";

export const CATALOG_FILE = "catalog.json";

/**
 * The saved catalog of `directory`, or undefined when none was ever saved.
 * @throws StoreError naming the file when it cannot be read or is not JSON (never a silent reset: that would
 * drop every durable queue).
 */
export function readCatalogFile(directory: string): unknown {
  const file = path.join(directory, CATALOG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (osErrorCode(error) === "ENOENT") return undefined;
    throw new StoreError(`cannot read catalog ${file}: ${describeOsError(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreError(
      `catalog ${file} is corrupt: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Replaces the catalog atomically: writes a temporary file, fsyncs it and renames it over the old one before
 * returning, so once the call returns even a kill -9 finds the new catalog (an attach that declared a durable
 * subscription must not outlive it). The promise resolves once the directory entry is synced too. A crash
 * leaves either the old catalog or the new one, never a mix. Blocks for one small fsync: entities change
 * rarely.
 * @throws StoreError (synchronously) when the file cannot be written.
 */
export function writeCatalogFile(directory: string, catalog: unknown): Promise<void> {
  const file = path.join(directory, CATALOG_FILE);
  const temporary = `${file}.tmp`;
  try {
    const fd = fs.openSync(temporary, "w", 0o644);
    try {
      fs.writeFileSync(fd, JSON.stringify(catalog, undefined, 2));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    throw new StoreError(`cannot write catalog ${file}: ${describeOsError(error)}`);
  }
  return syncDirectory(directory);
}
