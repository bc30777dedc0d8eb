import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** True when the app has a composer.json, or an index.php at its root or in public/. */
export async function detectPhp(appDir: string): Promise<boolean> {
  for (const file of ["composer.json", "index.php", "public/index.php"]) if (await isFile(join(appDir, file))) return true;
  return false;
}
