import { Hop3Error } from "@hop3/contract";
import { readAppText } from "../../host/read-app-file.ts";

/** What the node builder reads from package.json. */
export interface NodeManifest {
  readonly scripts: Readonly<Record<string, unknown>>;
  /** `engines.node`, when set. */
  readonly enginesNode: string | null;
  /** `packageManager`, e.g. `pnpm@10.28.1`, when set. */
  readonly packageManager: string | null;
}

/** Reads package.json; a file that is not JSON is a `BUILD_FAILED`. */
export async function readNodeManifest(appDir: string): Promise<NodeManifest> {
  const source = await readAppText(appDir, "package.json");
  let manifest: unknown;
  try {
    if (source === undefined) throw new Error("package.json is missing");
    manifest = JSON.parse(source);
  } catch (error) {
    // The parser's message quotes the file; it is left out in case package.json is a symlink
    // to a file the app's user may not read.
    throw new Hop3Error("BUILD_FAILED", "node: package.json is not a valid JSON file", { cause: error });
  }
  const object = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {});
  const root = object(manifest);
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return { scripts: object(root.scripts), enginesNode: text(object(root.engines).node), packageManager: text(root.packageManager) };
}
