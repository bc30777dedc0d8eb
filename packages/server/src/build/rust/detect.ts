import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a Cargo.toml at its root. */
export async function detectRust(appDir: string): Promise<boolean> {
  return isFile(join(appDir, "Cargo.toml"));
}
