import Fastify from "fastify";
import swagger from "@fastify/swagger";
import { registerApiRoutes, type HttpApiDeps } from "./api-routes.ts";
import { lazySchemaCompilers } from "./lazy-schema-compilers.ts";

/**
 * The OpenAPI description of the API, made on demand: the routes are registered on a
 * throwaway Fastify app with @fastify/swagger, described, and let go. The served app then
 * neither loads the plugin nor keeps its copy of every route (docs/adr/0030-daemon-footprint.md).
 */
export async function openApiDocument(deps: HttpApiDeps): Promise<unknown> {
  // Nothing is compiled: the app never answers a request.
  const app = Fastify({ logger: false, schemaController: { compilersFactory: lazySchemaCompilers() } });
  try {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: { title: "Hop3 API", version: deps.version, description: "Deploy and run apps on your own server." },
        components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
    });
    registerApiRoutes(app, deps);
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
