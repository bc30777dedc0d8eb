import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a Maven pom.xml at its root. */
export async function detectJava(appDir: string): Promise<boolean> {
  return isFile(join(appDir, "pom.xml"));
}
