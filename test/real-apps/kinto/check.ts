import { basic, eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** Creates an account, a bucket, a collection and a record (stored in PostgreSQL), reads the record back. */
export async function check(client: AppClient): Promise<string> {
  const json = { "content-type": "application/json" };
  await eventually(async () => expectStatus(await client.http("/v1/accounts/alice", { method: "PUT", headers: json, body: JSON.stringify({ data: { password: "s3cret-enough" } }) }), 201, "PUT /v1/accounts/alice"));
  const auth = { ...json, authorization: basic("alice", "s3cret-enough") };
  expectStatus(await client.http("/v1/buckets/notes", { method: "PUT", headers: auth, body: "{}" }), 201, "PUT bucket");
  expectStatus(await client.http("/v1/buckets/notes/collections/todo", { method: "PUT", headers: auth, body: "{}" }), 201, "PUT collection");
  const created = expectStatus(await client.http("/v1/buckets/notes/collections/todo/records", { method: "POST", headers: auth, body: JSON.stringify({ data: { text: "written through Hop3" } }) }), 201, "POST record");
  const { id } = (JSON.parse(created.body) as { data: { id: string } }).data;
  const read = expectStatus(await client.http(`/v1/buckets/notes/collections/todo/records/${id}`, { headers: auth }), 200, "GET record");
  const { text } = (JSON.parse(read.body) as { data: { text?: string } }).data;
  if (text !== "written through Hop3") throw new Error(`GET record gave ${read.body}`);
  const tables = await client.hop3(["run", client.app, "--", "psql", "-tAc", "select count(*) from objects where resource_name = 'record'"]);
  if (tables.stdout.trim() !== "1") throw new Error(`psql in the app found ${JSON.stringify(tables.stdout.trim())} records in PostgreSQL (${tables.stderr.trim()})`);
  return "account, bucket, collection, POSTs a record, GETs it back; psql in the app finds it in PostgreSQL";
}
