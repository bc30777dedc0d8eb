import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a Gemfile at its root. */
export async function detectRuby(appDir: string): Promise<boolean> {
  return isFile(join(appDir, "Gemfile"));
}
