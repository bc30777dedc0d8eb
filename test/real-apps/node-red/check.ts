import { eventually, expectStatus, type AppClient } from "../support/app-client.ts";

const flows = [
  { id: "hop3tab", type: "tab", label: "Hop3" },
  { id: "hop3in", type: "http in", z: "hop3tab", url: "/hop3", method: "get", wires: [["hop3tpl"]] },
  { id: "hop3tpl", type: "template", z: "hop3tab", field: "payload", fieldType: "msg", format: "text", syntax: "plain", template: "written through Hop3", wires: [["hop3out"]] },
  { id: "hop3out", type: "http response", z: "hop3tab", statusCode: "", headers: {} },
];

/** Deploys a flow through the admin API (as the editor does), reads it back, calls the endpoint it serves. */
export async function check(client: AppClient): Promise<string> {
  const headers = { "content-type": "application/json", "node-red-deployment-type": "full" };
  await eventually(async () => expectStatus(await client.http("/flows", { method: "POST", headers, body: JSON.stringify(flows) }), [200, 204], "POST /flows"));
  const read = expectStatus(await client.http("/flows"), 200, "GET /flows");
  const ids = (JSON.parse(read.body) as { id: string }[]).map((node) => node.id);
  if (!ids.includes("hop3in")) throw new Error(`GET /flows gave ${read.body.slice(0, 300)}`);
  const served = await eventually(async () => expectStatus(await client.http("/hop3"), 200, "GET /hop3"), 10);
  if (served.body !== "written through Hop3") throw new Error(`GET /hop3 gave ${JSON.stringify(served.body)}`);
  return "deploys an HTTP flow through the admin API, reads the flows back, the flow's endpoint answers";
}
