import type { DeployEvent } from "@hop3/contract";
import { Hop3Error } from "@hop3/contract";
import { readNdjson } from "../http/ndjson.ts";

/**
 * The deploy events of a response body. A connection that breaks mid-stream ends the
 * iteration quietly: the caller decides what a missing terminal event means.
 */
export async function* readDeployEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<DeployEvent, void, undefined> {
  try {
    for await (const value of readNdjson(body)) {
      if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") {
        yield value as DeployEvent;
      }
    }
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
  }
}
