import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** SPARQL Update inserts a triple into the TDB2 dataset, a SPARQL query reads it back. */
export async function check(client: AppClient): Promise<string> {
  const update = 'INSERT DATA { <urn:hop3:app> <urn:hop3:says> "written through Hop3" }';
  await eventually(async () => expectStatus(await client.http("/ds/update", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `update=${encodeURIComponent(update)}` }), [200, 204], "SPARQL update"));
  const query = "SELECT ?said WHERE { <urn:hop3:app> <urn:hop3:says> ?said }";
  const read = expectStatus(await client.http(`/ds/query?query=${encodeURIComponent(query)}`, { headers: { accept: "application/sparql-results+json" } }), 200, "SPARQL query");
  const said = (JSON.parse(read.body) as { results: { bindings: { said?: { value: string } }[] } }).results.bindings[0]?.said?.value;
  if (said !== "written through Hop3") throw new Error(`the query gave ${read.body.slice(0, 300)}`);
  return "SPARQL INSERT DATA into a TDB2 dataset, SELECT reads it back";
}
