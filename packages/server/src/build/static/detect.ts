import { join } from "node:path";
import type { AppConfig } from "../../core/app-config.ts";
import { isDirectory, isFile } from "../file-probe.ts";

/** Where a static site's files are, relative to the app: the config's, else where index.html is. */
export async function findStaticRoot(appDir: string, config: AppConfig): Promise<string | null> {
  if (config.staticRoot !== null) return config.staticRoot;
  if (config.staticDir !== null && (await isDirectory(join(appDir, config.staticDir)))) return config.staticDir;
  if (await isFile(join(appDir, "index.html"))) return ".";
  if (await isFile(join(appDir, "public", "index.html"))) return "public";
  return null;
}

/** True when the config names a static root, or index.html is at the root or in public/. */
export async function detectStatic(appDir: string, config: AppConfig): Promise<boolean> {
  return (await findStaticRoot(appDir, config)) !== null;
}
