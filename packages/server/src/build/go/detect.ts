import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a go.mod at its root. */
export async function detectGo(appDir: string): Promise<boolean> {
  return isFile(join(appDir, "go.mod"));
}
