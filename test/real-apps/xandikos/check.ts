import { eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

const card = ["BEGIN:VCARD", "VERSION:3.0", "UID:hop3-real-apps-alice", "FN:Alice Hop3", "N:Hop3;Alice;;;", "EMAIL:alice@example.org", "END:VCARD", ""].join("\r\n");

/** CardDAV: PUTs a contact in the default address book (a git repository), GETs it back. */
export async function check(client: AppClient): Promise<string> {
  await eventually(async () => expectStatus(await client.http("/user/contacts/addressbook/", { method: "PROPFIND", headers: { depth: "0" } }), 207, "PROPFIND the address book"));
  expectStatus(await client.http("/user/contacts/addressbook/alice.vcf", { method: "PUT", headers: { "content-type": "text/vcard" }, body: card }), [201, 204], "PUT alice.vcf");
  const read = expectStatus(await client.http("/user/contacts/addressbook/alice.vcf"), 200, "GET alice.vcf");
  expectContains(read.body, "FN:Alice Hop3", "the contact read back");
  return "CardDAV PUTs a contact, GETs it back";
}
