import { createRequire } from "node:module";
import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;
/** Fastify's compiler factories, as it calls them: (shared schemas, options) → (route schema) → function. */
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: unknown) => F;
type Validate = ((...args: unknown[]) => unknown) & { readonly errors?: unknown; readonly schemaEnv?: unknown };
type Serialize = (data: unknown) => string;

// Fastify's own compilers (Ajv, fast-json-stringify), resolved from Fastify itself: the very
// copies it would load, without being a dependency of ours.
const fromFastify = createRequire(createRequire(import.meta.url).resolve("fastify"));

/**
 * Fastify's default schema compilers, each route's schema compiled on its first request instead
 * of at start: Ajv and fast-json-stringify are not even loaded by an idle daemon, whose start
 * then holds no generated code for routes nobody calls (docs/adr/0030-daemon-footprint.md).
 * What a request sees is unchanged: the same compilers, options and shared schemas.
 * `eager` compiles every schema at start, as Fastify does (tests use it to catch a bad schema).
 */
export function lazySchemaCompilers(options: { eager?: boolean } = {}): CompilersFactory {
  if (options.eager) return { buildValidator: defaultValidators(), buildSerializer: defaultSerializers() } as CompilersFactory;
  let validators: Factory<Validate> | undefined;
  let serializers: Factory<Serialize> | undefined;
  const buildValidator: Factory<Validate> = (externalSchemas, ajvOptions) => (route) => {
    let validate: Validate | undefined;
    const compiled = (): Validate => (validate ??= (validators ??= defaultValidators())(externalSchemas, ajvOptions)(route));
    const lazy = ((...args: unknown[]) => compiled()(...args)) as Validate;
    // Fastify reads `schemaEnv` (to let Ajv coerce a whole request part) and `errors` on the function.
    Object.defineProperties(lazy, {
      schemaEnv: { get: () => compiled().schemaEnv },
      errors: { get: () => compiled().errors },
    });
    return lazy;
  };
  const buildSerializer: Factory<Serialize> = (externalSchemas, serializerOptions) => (route) => {
    let serialize: Serialize | undefined;
    return (data) => (serialize ??= (serializers ??= defaultSerializers())(externalSchemas, serializerOptions)(route))(data);
  };
  return { buildValidator, buildSerializer } as CompilersFactory;
}

function defaultValidators(): Factory<Validate> {
  return (fromFastify("@fastify/ajv-compiler") as () => Factory<Validate>)();
}

function defaultSerializers(): Factory<Serialize> {
  return (fromFastify("@fastify/fast-json-stringify-compiler") as { SerializerSelector: () => Factory<Serialize> }).SerializerSelector();
}
