import { processIo } from "./process-io.ts";
import { runCli } from "./run-cli.ts";

export { runCli } from "./run-cli.ts";

// The entry point of `hop3` (see bin/hop3). Importing this module runs nothing.
if (import.meta.main) {
  // Ctrl-C (during a deploy, say) stops at once with the conventional status; the server
  // sees the upload or event stream close.
  process.on("SIGINT", () => process.exit(130));
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
