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
 * Replaces the catalog atomically and durably: write a temporary file, fsync it, rename it over the old one,
 * fsync the directory. A crash leaves either the old catalog or the new one, never a mix.
 */
export async function writeCatalogFile(directory: string, catalog: unknown): Promise<void> {
  const file = path.join(directory, CATALOG_FILE);
  const temporary = `${file}.tmp`;
  try {
    const handle = await fs.promises.open(temporary, "w", 0o644);
    try {
      await handle.writeFile(JSON.stringify(catalog, undefined, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
  } catch (error) {
    throw new StoreError(`cannot write catalog ${file}: ${describeOsError(error)}`);
  }
  await syncDirectory(directory);
}
