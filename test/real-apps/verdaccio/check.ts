import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** Adds a user (npm adduser), publishes a package with its token (npm publish's request), fetches its metadata and tarball. */
export async function check(client: AppClient): Promise<string> {
  const json = { "content-type": "application/json" };
  const user = await eventually(async () =>
    expectStatus(await client.http("/-/user/org.couchdb.user:alice", { method: "PUT", headers: json, body: JSON.stringify({ name: "alice", password: "s3cret-enough" }) }), 201, "npm adduser"),
  );
  const { token } = JSON.parse(user.body) as { token: string };
  const tarball = gzipSync(Buffer.from("hop3 real-apps corpus package\n"));
  const shasum = createHash("sha1").update(tarball).digest("hex");
  const manifest = { name: "hop3-demo", version: "1.0.0", description: "published through Hop3", dist: { shasum, tarball: `${client.url}/hop3-demo/-/hop3-demo-1.0.0.tgz` } };
  const publish = {
    _id: "hop3-demo",
    name: "hop3-demo",
    "dist-tags": { latest: "1.0.0" },
    versions: { "1.0.0": manifest },
    _attachments: { "hop3-demo-1.0.0.tgz": { content_type: "application/octet-stream", data: tarball.toString("base64"), length: tarball.length } },
  };
  expectStatus(await client.http("/hop3-demo", { method: "PUT", headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(publish) }), 201, "npm publish");
  const meta = expectStatus(await client.http("/hop3-demo"), 200, "GET /hop3-demo");
  const description = (JSON.parse(meta.body) as { versions: Record<string, { description?: string }> }).versions["1.0.0"]?.description;
  if (description !== "published through Hop3") throw new Error(`GET /hop3-demo gave ${meta.body.slice(0, 300)}`);
  const fetched = expectStatus(await client.http("/hop3-demo/-/hop3-demo-1.0.0.tgz"), 200, "GET the tarball");
  if (!fetched.raw.equals(tarball)) throw new Error("the tarball fetched differs from the one published");
  return "adds a user, publishes a package with its token, fetches its metadata and tarball";
}
