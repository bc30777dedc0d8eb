import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { checkAppName, Hop3Error } from "@hop3/contract";
import { parse } from "smol-toml";

/**
 * The app a deploy of `dir` goes to: `--app`, else `[cli] app` of dir/hop3.toml (the original
 * Hop3's client setting), else its `[metadata] id`, else the directory's name. Checked locally
 * so a bad name fails before anything is uploaded.
 */
export async function deployAppName(dir: string, explicit: string | undefined): Promise<string> {
  if (explicit !== undefined) return checkAppName(explicit);
  const fromToml = await tomlAppName(dir);
  const name = fromToml?.name ?? basename(dir);
  try {
    return checkAppName(name);
  } catch (error) {
    if (!(error instanceof Hop3Error)) throw error;
    const origin = fromToml === undefined ? "the directory's name" : `${fromToml.key} in hop3.toml`;
    throw new Hop3Error(error.code, error.message, {
      hint: `${error.hint} The name comes from ${origin}; pass --app NAME to choose another.`,
    });
  }
}

async function tomlAppName(dir: string): Promise<{ name: string; key: string } | undefined> {
  let document: Record<string, unknown>;
  try {
    document = parse(await readFile(join(dir, "hop3.toml"), "utf8"));
  } catch {
    // No hop3.toml, or one the server will reject with a precise message: not ours to report.
    return undefined;
  }
  for (const [table, key] of [["cli", "app"], ["metadata", "id"]] as const) {
    const section = document[table];
    const value = typeof section === "object" && section !== null ? (section as Record<string, unknown>)[key] : undefined;
    if (typeof value === "string" && value !== "") return { name: value, key: `[${table}] ${key}` };
  }
  return undefined;
}
