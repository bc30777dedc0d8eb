import { gzipSync } from "node:zlib";
import { eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

/** Uploads a package the way twine does (multipart, :action=file_upload), lists it, downloads it. */
export async function check(client: AppClient): Promise<string> {
  const file = gzipSync(Buffer.from("hop3 real-apps corpus package\n"));
  const boundary = "hop3boundary7d1f";
  const part = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part(":action", "file_upload") + part("name", "hop3-demo") + part("version", "0.1.0")),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="content"; filename="hop3_demo-0.1.0.tar.gz"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  await eventually(async () => expectStatus(await client.http("/"), 200, "GET /"));
  expectStatus(await client.http("/", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body }), 200, "upload");
  const index = expectStatus(await client.http("/simple/hop3-demo/"), 200, "GET /simple/hop3-demo/");
  expectContains(index.body, "hop3_demo-0.1.0.tar.gz", "the simple index");
  const download = expectStatus(await client.http("/packages/hop3_demo-0.1.0.tar.gz"), 200, "download");
  if (!download.raw.equals(file)) throw new Error("the downloaded package differs from the uploaded one");
  return "uploads an sdist (twine's multipart form), finds it in /simple/, downloads it";
}
