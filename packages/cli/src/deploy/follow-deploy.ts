import type { Readable } from "node:stream";
import { Hop3Error, readDeployEvents, type DeployEvent } from "@hop3/contract";
import { errorFromBody } from "../http/api-error.ts";

/**
 * Follows a deploy (or rollback) event stream to its end: reports every event but the last as
 * progress (`failed` included), resolves with the `succeeded` event, throws the `failed` one as an error.
 */
export async function followDeploy(
  response: Readable,
  progress: (event: DeployEvent) => void,
  app: string,
): Promise<Extract<DeployEvent, { type: "succeeded" }>> {
  try {
    for await (const event of readDeployEvents(response)) {
      if (event.type === "succeeded") return event;
      // The failure is reported too (printed by `--json`; text mode renders it as the error).
      progress(event);
      if (event.type === "failed") throw errorFromBody(event.error);
    }
  } finally {
    response.destroy();
  }
  throw new Hop3Error("SERVER_UNREACHABLE", "The server closed the connection before the deploy finished.", {
    hint: `Run \`hop3 apps:info ${app}\` to see which release is serving.`,
  });
}
