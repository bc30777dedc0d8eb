import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

/** Sets a string key through the web UI's API (stored in the Redis addon), reads it back, and with redis-cli in the app. */
export async function check(client: AppClient): Promise<string> {
  const listed = await eventually(async () => expectStatus(await client.http("/connections"), 200, "GET /connections"));
  const connection = (JSON.parse(listed.body) as { connections: { conId?: string; connectionId?: string }[] }).connections[0];
  const id = connection?.conId ?? connection?.connectionId;
  if (id === undefined) throw new Error(`no Redis connection listed: ${listed.body}`);
  const key = `/apiv2/key/${encodeURIComponent(id)}/hop3:note`;
  expectStatus(await client.http(key, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ stringValue: "written through Hop3", keyType: "string" }) }), 200, "POST the key");
  const read = expectStatus(await client.http(key), 200, "GET the key");
  const value = (JSON.parse(read.body) as { value?: string }).value;
  if (value !== "written through Hop3") throw new Error(`GET the key gave ${read.body}`);
  const cli = await client.hop3(["run", client.app, "--", "sh", "-c", 'redis-cli -s "$REDIS_SOCKET" --user "$REDIS_USER" --pass "$REDIS_PASSWORD" --no-auth-warning get hop3:note']);
  if (cli.stdout.trim() !== "written through Hop3") throw new Error(`redis-cli in the app read ${JSON.stringify(cli.stdout.trim())} (exit ${cli.code}: ${cli.stderr.trim()})`);
  return "sets a key through its API, reads it back; redis-cli in the app finds it in the Redis addon";
}
