import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** PUTs a tiddler through the server's API (as the browser does), GETs it back. */
export async function check(client: AppClient): Promise<string> {
  const headers = { "content-type": "application/json", "x-requested-with": "TiddlyWiki" };
  const tiddler = { title: "Hop3 note", text: "written through Hop3", tags: "hop3" };
  await eventually(async () => expectStatus(await client.http("/recipes/default/tiddlers/Hop3%20note", { method: "PUT", headers, body: JSON.stringify(tiddler) }), 204, "PUT the tiddler"));
  const read = expectStatus(await client.http("/recipes/default/tiddlers/Hop3%20note"), 200, "GET the tiddler");
  const got = JSON.parse(read.body) as { text?: string };
  if (got.text !== "written through Hop3") throw new Error(`GET the tiddler gave ${read.body}`);
  return "PUTs a tiddler through its HTTP API, GETs it back";
}
