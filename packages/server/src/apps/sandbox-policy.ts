import { totalmem } from "node:os";
import { Hop3Error } from "@hop3/contract";
import { parseByteSize } from "../core/byte-size.ts";
import type { ServerConfig } from "../config/server-config.ts";
import type { SandboxPolicy } from "./app-sandbox.ts";

/**
 * The sandbox settings from the server config and what the host allows (`problem` is null
 * when bubblewrap works). `sandbox = "required"` on a host that cannot run it stops the start.
 */
export function sandboxPolicy(config: ServerConfig, problem: string | null, totalMemory = totalmem()): SandboxPolicy {
  if (config.sandbox === "required" && problem !== null) {
    throw new Hop3Error("SANDBOX_UNAVAILABLE", `Server config: sandbox = "required", but the sandbox cannot run on this host: ${problem}.`);
  }
  const count = (value: number) => (value === 0 ? null : value);
  const build = config["build-memory"] === "auto" ? Math.floor((totalMemory * 3) / 4) : sizeOrNull(config["build-memory"]);
  return {
    enabled: config.sandbox !== "off" && problem === null,
    build: { memoryBytes: build, maxProcesses: count(config["max-processes"]), openFiles: count(config["open-files"]), cpus: null },
    run: { memoryBytes: sizeOrNull(config["app-memory"]), maxProcesses: count(config["max-processes"]), openFiles: count(config["open-files"]), cpus: null },
    buildMemorySource: config["build-memory"] === "auto" ? "server setting build-memory = auto, 3/4 of the RAM" : "server setting build-memory",
    runMemorySource: "server setting app-memory",
  };
}

function sizeOrNull(value: string): number | null {
  return value === "none" ? null : parseByteSize(value);
}
