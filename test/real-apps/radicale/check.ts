import { basic, eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

const event = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hop3//real-apps//EN", "BEGIN:VEVENT", "UID:hop3-real-apps-1", "DTSTAMP:20261203T120000Z", "DTSTART:20261204T090000Z", "SUMMARY:Deployed by Hop3", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");

/** CalDAV: make a calendar, PUT an event in it, GET it back. */
export async function check(client: AppClient): Promise<string> {
  const auth = { authorization: basic("alice", "secret") };
  await eventually(async () => expectStatus(await client.http("/alice/work/", { method: "MKCALENDAR", headers: auth }), 201, "MKCALENDAR /alice/work/"));
  expectStatus(await client.http("/alice/work/event.ics", { method: "PUT", headers: { ...auth, "content-type": "text/calendar" }, body: event }), 201, "PUT event.ics");
  const read = expectStatus(await client.http("/alice/work/event.ics", { headers: auth }), 200, "GET event.ics");
  expectContains(read.body, "SUMMARY:Deployed by Hop3", "the event read back");
  return "CalDAV MKCALENDAR, PUT an event, GET it back";
}
