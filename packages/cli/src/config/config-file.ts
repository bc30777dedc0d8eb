import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { Hop3Error } from "@hop3/contract";

/** What `hop3 login` saves. */
export interface StoredConfig {
  url?: string;
  token?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_CONFIG_HOME/hop3/config.json`, by default `~/.config/hop3/config.json`. */
export function configFilePath(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config");
  return join(base, "hop3", "config.json");
}

/** Reads the config file; undefined when there is none. */
export async function readConfigFile(path: string): Promise<StoredConfig | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Hop3Error("CLI_NOT_CONFIGURED", `Cannot read ${path}: ${(error as Error).message}.`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Hop3Error("CLI_NOT_CONFIGURED", `${path} is not a JSON object.`, {
      hint: "Run `hop3 login --url URL --token TOKEN` to write it again.",
    });
  }
  const { url, token } = value as Record<string, unknown>;
  return { url: typeof url === "string" ? url : undefined, token: typeof token === "string" ? token : undefined };
}

/** Writes the config file readable by its owner only (the token is a secret). */
export async function writeConfigFile(path: string, config: StoredConfig): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  // Write then rename, so a crash never leaves half a file, and the secret is never world-readable.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
