import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a package.json at its root. */
export async function detectNode(appDir: string): Promise<boolean> {
  return isFile(join(appDir, "package.json"));
}
