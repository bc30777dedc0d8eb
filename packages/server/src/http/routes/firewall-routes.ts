import type { FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import { ErrorResponse, FirewallChangeBody, FirewallConfirmBody, FirewallStatus, apiPaths } from "@hop3/contract";
import type { FirewallService } from "../../firewall/firewall-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };

/** `hop3 firewall`: the host firewall's state, changes, and the confirmation that keeps a change. */
export function firewallRoutes(app: FastifyInstance, firewall: Pick<FirewallService, "status" | "change" | "confirm">): void {
  app.get(apiPaths.firewall, {
    config: { permission: "server:read" },
    schema: { tags: ["server"], security: [{ bearer: [] }], summary: "The host firewall: on or off, and the ports it lets in", response: { 200: Type.Ref(FirewallStatus), 401: Type.Ref(ErrorResponse) } },
    handler: () => firewall.status(),
  });
  app.post<{ Body: FirewallChangeBody }>(apiPaths.firewall, {
    config: { permission: "server:write" },
    schema: {
      tags: ["server"],
      security: [{ bearer: [] }],
      summary: "Turn the host firewall on or off, or let a port in or not",
      description:
        "SSH (the ports sshd listens on), HTTP and HTTPS stay open while it is on. A change that closes something (enable, deny) answers with `pending`: " +
        "confirm it with POST /v1/firewall/confirm, from a new connection, before `rollbackAt`, or the earlier rules come back.",
      body: Type.Ref(FirewallChangeBody),
      response: { 200: Type.Ref(FirewallStatus), ...errors },
    },
    handler: (request) => firewall.change(request.body),
  });
  app.post<{ Body: FirewallConfirmBody }>(apiPaths.firewallConfirm, {
    config: { permission: "server:write" },
    schema: {
      tags: ["server"],
      security: [{ bearer: [] }],
      summary: "Keep a firewall change that waits for confirmation",
      body: Type.Ref(FirewallConfirmBody),
      response: { 200: Type.Ref(FirewallStatus), ...errors },
    },
    handler: (request) => firewall.confirm(request.body.token),
  });
}
