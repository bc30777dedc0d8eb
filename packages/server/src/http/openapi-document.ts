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
    // Each operation names its permission (x-hop3-permission, docs/access.md).
    const permissions = new Map<string, string>();
    app.addHook("onRoute", (route) => {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      for (const method of [route.method].flat()) permissions.set(`${method.toLowerCase()} ${path}`, String(route.config?.permission));
    });
    registerApiRoutes(app, deps);
    await app.ready();
    const document = app.swagger() as { paths?: Record<string, Record<string, Record<string, unknown>>> };
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(operations)) {
        const permission = permissions.get(`${method} ${path}`);
        if (permission !== undefined) operation["x-hop3-permission"] = permission;
      }
    }
    return document;
  } finally {
    await app.close();
  }
}
