import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ErrorResponse, runProtocol } from "@hop3/contract";
import type { OneOffCommands } from "../../operations/one-off-commands.ts";
import { runUpgrades } from "../run-upgrade.ts";

const description = `Runs a one-off command in the app's current release: its directory, its environment and config vars, as its user.
The request carries no body: it asks for an HTTP Upgrade (\`Connection: Upgrade\`, \`Upgrade: ${runProtocol}\`), and after the
\`101 Switching Protocols\` answer both sides exchange frames (one type byte, a 32-bit big-endian length, the payload):
the client sends a start frame (JSON: argv, tty, size), then stdin, stdin-end and resize frames; the server sends stdout and
stderr frames, and ends with an exit frame (JSON: exitCode, signal) or an error frame (JSON error body). Closing the connection
kills the command. See docs/adr/0015-one-off-commands.md.`;

/** `POST /v1/apps/:app/run`: the upgrade to the hop3-run/1 protocol (`hop3 run`). */
export function runRoutes(app: FastifyInstance, commands: OneOffCommands): void {
  const upgrade = runUpgrades(app);
  app.post<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/run", {
    config: { permission: "app:deploy" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "Run a one-off command in an app's environment, with its input and output streamed (HTTP Upgrade)",
      description,
      params: AppParams,
      headers: Type.Object({
        connection: Type.String({ description: "Upgrade" }),
        upgrade: Type.String({ description: runProtocol }),
      }),
      response: {
        101: Type.Null({ description: `Switching to ${runProtocol}: frames follow` }),
        400: Type.Ref(ErrorResponse),
        401: Type.Ref(ErrorResponse),
        404: Type.Ref(ErrorResponse),
        409: Type.Ref(ErrorResponse),
      },
    },
    handler: async (request, reply) => {
      const appName = request.params.app;
      upgrade(request, reply, {
        hint: "Use `hop3 run APP -- CMD`.",
        check: () => {
          commands.check(appName);
          request.log.info({ app: appName }, "one-off command session");
        },
        start: (start) => commands.start(appName, { argv: start.argv, terminal: start.tty ? (start.size ?? { columns: 80, rows: 24 }) : undefined }),
      });
    },
  });
}
