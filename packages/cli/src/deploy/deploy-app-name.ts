import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { checkAppName, Hop3Error } from "@hop3/contract";
import { parse } from "smol-toml";

/**
 * The app a deploy of `dir` goes to: `--app`, else `[metadata] id` of dir/hop3.toml, else the
 * directory's name. Checked locally so a bad name fails before anything is uploaded.
 */
export async function deployAppName(dir: string, explicit: string | undefined): Promise<string> {
  if (explicit !== undefined) return checkAppName(explicit);
  const fromToml = await metadataId(dir);
  const name = fromToml ?? basename(dir);
  try {
    return checkAppName(name);
  } catch (error) {
    if (!(error instanceof Hop3Error)) throw error;
    const origin = fromToml === undefined ? "the directory's name" : "[metadata] id in hop3.toml";
    throw new Hop3Error(error.code, error.message, {
      hint: `${error.hint} The name comes from ${origin}; pass --app NAME to choose another.`,
    });
  }
}

async function metadataId(dir: string): Promise<string | undefined> {
  let document: Record<string, unknown>;
  try {
    document = parse(await readFile(join(dir, "hop3.toml"), "utf8"));
  } catch {
    // No hop3.toml, or one the server will reject with a precise message: not ours to report.
    return undefined;
  }
  const metadata = document.metadata;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const id = (metadata as Record<string, unknown>).id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
