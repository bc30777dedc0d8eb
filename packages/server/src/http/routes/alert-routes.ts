import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddAlertChannelBody, AlertChannel, AlertChannelAdded, AlertChannels, AlertList, AlertTestResult, ErrorResponse, SilenceBody, alertPaths } from "@hop3/contract";
import type { AlertService } from "../../alerts/alert-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse) };
const secured = { tags: ["alerts"], security: [{ bearer: [] }] };
const ChannelParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Alerts, their notice channels, test notices and silences (docs/monitoring.md). */
export function alertRoutes(app: FastifyInstance, service: AlertService): void {
  for (const schema of [AlertList, AlertChannel, AlertChannels, AddAlertChannelBody, AlertChannelAdded, AlertTestResult, SilenceBody]) app.addSchema(schema);
  app.get(alertPaths.alerts, {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "Firing and recently resolved alerts, silences in force, and each web app's uptime state", response: { 200: Type.Ref(AlertList), ...errors } },
    handler: async () => service.list(),
  });
  app.get(alertPaths.channels, {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "Where alert notices go (without secrets)", response: { 200: Type.Ref(AlertChannels), ...errors } },
    handler: async () => ({ channels: service.channels() }),
  });
  app.post<{ Body: AddAlertChannelBody }>(alertPaths.channels, {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Add a webhook (JSON, HMAC-SHA256 signed; its secret is shown once) or e-mail (SMTP, STARTTLS) channel", body: Type.Ref(AddAlertChannelBody), response: { 200: Type.Ref(AlertChannelAdded), ...errors } },
    handler: async (request) => service.addChannel(request.body),
  });
  app.delete<{ Params: Static<typeof ChannelParams> }>("/v1/alerts/channels/:id", {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Remove an alert channel", params: ChannelParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      service.removeChannel(request.params.id);
      return reply.status(204).send();
    },
  });
  app.post(alertPaths.test, {
    config: { permission: "server:write" },
    schema: { ...secured, summary: "Send a test notice to every channel now (one attempt each) and report each delivery", response: { 200: Type.Ref(AlertTestResult), ...errors } },
    handler: async () => service.test(),
  });
  app.post<{ Body: SilenceBody }>(alertPaths.silences, {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Hold back the notices of an app's (or every) new alert for a while; they are still recorded",
      body: Type.Ref(SilenceBody),
      response: { 200: Type.Object({ scope: Type.String(), until: Type.String({ format: "date-time" }) }), ...errors },
    },
    handler: async (request) => service.silence(request.body),
  });
}
