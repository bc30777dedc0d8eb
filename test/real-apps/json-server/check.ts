import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** POSTs a note to the REST API, GETs it back by its id. */
export async function check(client: AppClient): Promise<string> {
  const created = await eventually(async () => expectStatus(await client.http("/notes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "written through Hop3" }) }), 201, "POST /notes"));
  const { id } = JSON.parse(created.body) as { id: number | string };
  const read = expectStatus(await client.http(`/notes/${id}`), 200, `GET /notes/${id}`);
  const note = JSON.parse(read.body) as { text?: string };
  if (note.text !== "written through Hop3") throw new Error(`GET /notes/${id} gave ${read.body}`);
  return "POSTs a note, GETs it back by id";
}
