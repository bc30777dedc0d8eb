import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface WaitForPortOptions {
  readonly timeoutMs: number;
  /** Stops waiting early when the process has given up (exited, crash-looping). */
  readonly stillTrying: () => boolean;
  readonly intervalMs?: number;
}

/** Resolves true once something accepts TCP connections on 127.0.0.1:port, false on timeout or give-up. */
export async function waitForPort(port: number, options: WaitForPortOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await accepts(port)) return true;
    if (!options.stillTrying()) return false;
    await sleep(options.intervalMs ?? 100);
  }
  return false;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
