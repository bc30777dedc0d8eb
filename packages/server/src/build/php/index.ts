import type { Builder } from "../builder.ts";
import { buildPhp } from "./build.ts";
import { detectPhp } from "./detect.ts";

/** PHP: Composer from vendored dependencies, served by the app's own PHP-FPM behind the proxy. */
export const phpBuilder: Builder = {
  name: "php",
  lookedFor: ["composer.json, index.php or public/index.php (php)"],
  detect: (appDir) => detectPhp(appDir),
  build: buildPhp,
};
