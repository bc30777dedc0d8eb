import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppMetrics, AppParams, ErrorResponse, MetricsQuery, prometheusContentType, prometheusPath } from "@hop3/contract";

export interface MetricsRoutesDeps {
  /** An app's current figures and history (`since` as given, default 1h). */
  app(name: string, since: string | undefined): AppMetrics;
  /** Every figure of the last sample in Prometheus' text format. */
  exposition(): string;
  /** The filesystem holding the state root at the last sample (the web UI's server page); null before one. */
  host?(): { readonly diskUsedBytes: number; readonly diskTotalBytes: number } | null;
}

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse) };

/** `GET /v1/apps/:app/metrics` (`hop3 metrics`) and `GET /metrics` for Prometheus (docs/monitoring.md). */
export function metricsRoutes(app: FastifyInstance, deps: MetricsRoutesDeps): void {
  app.get<{ Params: Static<typeof AppParams>; Querystring: MetricsQuery }>("/v1/apps/:app/metrics", {
    config: { permission: "app:read" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "An app's instances' CPU and working-set memory, its disk use, and their history (1-minute points for 24 h, 1-hour for 30 days)",
      params: AppParams,
      querystring: MetricsQuery,
      response: { 200: Type.Ref(AppMetrics), ...errors },
    },
    handler: async (request) => deps.app(request.params.app, request.query.since),
  });
  app.get(prometheusPath, {
    config: { permission: "metrics:read" },
    schema: {
      tags: ["server"],
      security: [{ bearer: [] }],
      summary: "Every app's and the host's last sampled figures in Prometheus' text exposition format (labels app, process, instance)",
      response: { 200: { description: "Prometheus text format 0.0.4", content: { [prometheusContentType]: { schema: Type.String() } } }, 401: Type.Ref(ErrorResponse) },
    },
    handler: async (_request, reply) => reply.status(200).header("content-type", prometheusContentType).header("cache-control", "no-store").send(deps.exposition()),
  });
}
