import { eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

/** WebDAV: MKCOL a folder, PUT a file in it, GET it back and find it in a PROPFIND listing. */
export async function check(client: AppClient): Promise<string> {
  await eventually(async () => expectStatus(await client.http("/notes/", { method: "MKCOL" }), [201, 405], "MKCOL /notes/"));
  expectStatus(await client.http("/notes/hello.txt", { method: "PUT", headers: { "content-type": "text/plain" }, body: "written through Hop3\n" }), [201, 204], "PUT hello.txt");
  const read = expectStatus(await client.http("/notes/hello.txt"), 200, "GET hello.txt");
  if (read.body !== "written through Hop3\n") throw new Error(`GET hello.txt gave ${JSON.stringify(read.body)}`);
  const listing = expectStatus(await client.http("/notes/", { method: "PROPFIND", headers: { depth: "1" } }), 207, "PROPFIND /notes/");
  expectContains(listing.body, "hello.txt", "the PROPFIND listing");
  return "WebDAV MKCOL, PUT a file, GET it back, PROPFIND lists it";
}
