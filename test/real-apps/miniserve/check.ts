import { eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

/** Uploads a file with the page's upload form, finds it in the listing, downloads it. */
export async function check(client: AppClient): Promise<string> {
  const boundary = "hop3boundary3c9a";
  const body = `--${boundary}\r\ncontent-disposition: form-data; name="file_to_upload"; filename="hop3-note.txt"\r\ncontent-type: text/plain\r\n\r\nwritten through Hop3\n\r\n--${boundary}--\r\n`;
  await eventually(async () => expectStatus(await client.http("/"), 200, "GET /"));
  expectStatus(await client.http("/upload?path=/", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}`, referer: `${client.url}/` }, body }), [200, 303], "upload");
  expectContains(expectStatus(await client.http("/"), 200, "GET / after the upload").body, "hop3-note.txt", "the listing");
  const read = expectStatus(await client.http("/hop3-note.txt"), 200, "GET /hop3-note.txt");
  if (read.body !== "written through Hop3\n") throw new Error(`GET /hop3-note.txt gave ${JSON.stringify(read.body)}`);
  return "uploads a file with its form, lists it, downloads it";
}
