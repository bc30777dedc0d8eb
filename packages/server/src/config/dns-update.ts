import { Hop3Error } from "@hop3/contract";

/** The `dns-update-*` settings: where RFC 2136 updates for DNS-01 challenges go (ADR 66). */
export interface DnsUpdateSettings {
  readonly "dns-update-server": string;
  readonly "dns-update-zone": string;
  readonly "dns-update-key-file": string;
}

/** The DNS update target, or null when none is set; a partial set is refused, naming what is missing. */
export function dnsUpdateOf(settings: DnsUpdateSettings): { server: string; zone: string; keyFile: string } | null {
  const [server, zone, keyFile] = [settings["dns-update-server"], settings["dns-update-zone"], settings["dns-update-key-file"]];
  if (server === "" && zone === "" && keyFile === "") return null;
  const missing = (["dns-update-server", "dns-update-zone", "dns-update-key-file"] as const).filter((key) => settings[key] === "");
  if (missing.length > 0)
    throw new Hop3Error("SERVER_CONFIG_INVALID", `Server config: ${missing.join(", ")} must be set too: DNS updates need a server, a zone and a TSIG key file.`, {
      hint: "Set all three (docs/domains.md, wildcard domains), or none.",
    });
  return { server, zone: zone.replace(/\.$/, ""), keyFile };
}
