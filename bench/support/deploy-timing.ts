import { setTimeout as sleep } from "node:timers/promises";
import type { Hop3Fixture } from "../../test/e2e/support/hop3-fixture.ts";

/** Polls until `get` answers 200, or throws after the timeout. */
export async function untilOk(get: () => Promise<{ status: number }>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await get().catch(() => ({ status: 0 }))).status === 200) return;
    await sleep(20);
  }
  throw new Error("no 200 before the timeout");
}

/** Seconds from `hop3 deploy` to the first 200 through the proxy. */
export async function deploySeconds(hop3: Hop3Fixture, app: string, dir: string): Promise<number> {
  const started = performance.now();
  const result = await hop3.cli(["deploy", "--app", app, dir]);
  if (result.code !== 0) throw new Error(`deploy of ${app} failed:\n${result.stdout}\n${result.stderr}`);
  await untilOk(() => hop3.viaProxy(app));
  return (performance.now() - started) / 1000;
}
