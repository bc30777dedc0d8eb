import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

let validate: ValidateFunction | null = null;

/**
 * Validates a document against the official CycloneDX 1.6 JSON schema, as shipped in
 * @cyclonedx/cyclonedx-library (ADR 32). Returns the schema's complaints; none means valid.
 */
export function cycloneDxProblems(document: unknown): string[] {
  validate ??= compile();
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}

function compile(): ValidateFunction {
  const schemaDir = join(dirname(createRequire(import.meta.url).resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // Formats ajv-formats does not implement: accepted as strings, as the CycloneDX tools do.
  for (const format of ["iri-reference", "idn-email"]) ajv.addFormat(format, true);
  // The BOM schema refers to its neighbours by file name, relative to its own $id: register
  // each under that name, whatever $id it declares.
  for (const name of readdirSync(schemaDir).filter((file) => file.endsWith(".schema.json") && !file.startsWith("bom-"))) {
    const schema = JSON.parse(readFileSync(join(schemaDir, name), "utf8")) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}` });
  }
  const bom = JSON.parse(readFileSync(join(schemaDir, "bom-1.6.SNAPSHOT.schema.json"), "utf8")) as Record<string, unknown>;
  return ajv.compile(bom);
}
