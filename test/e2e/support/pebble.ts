import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTestPort } from "./test-ports.ts";

/** The zone BIND serves with dynamic updates allowed (DNS-01 challenges of wildcard domains). */
export const updatableZone = "example.test";

/**
 * Debian's pebble (a test ACME CA), BIND (`named`, the authoritative server of `example.test`,
 * taking RFC 2136 updates signed with a TSIG key) and pebble-challtestsrv (where BIND forwards
 * every other name: all are 127.0.0.1), on loopback ports, for the HTTPS tests. Nothing leaves
 * the machine. Its listener certificate is made here with openssl; the root it signs
 * certificates with comes from its management API and is trusted by the test client only.
 */
export class Pebble {
  readonly dir: string;
  readonly acmePort: number;
  readonly managementPort: number;
  /** BIND's port: pebble's DNS server, and where the server sends its updates. */
  readonly dnsPort: number;
  /** pebble-challtestsrv's DNS port (UDP), where BIND forwards, and its management port. */
  readonly #stubPort: number;
  readonly #stubManagementPort: number;
  readonly #children: ChildProcess[] = [];
  #log = "";

  /** Lifetime of the certificates it issues (pebble's `certificateValidityPeriod`); absent: pebble's 5 years. */
  readonly #validitySeconds: number | undefined;

  private constructor(dir: string, ports: { acme: number; management: number; dns: number; stub: number; stubManagement: number }, validitySeconds?: number) {
    this.#validitySeconds = validitySeconds;
    this.dir = dir;
    this.acmePort = ports.acme;
    this.managementPort = ports.management;
    this.dnsPort = ports.dns;
    this.#stubPort = ports.stub;
    this.#stubManagementPort = ports.stubManagement;
  }

  /** The DNS server answering every name outside the zone with 127.0.0.1 (`IP:PORT`, the server setting `dns-server`). */
  get dnsServer(): string {
    return `127.0.0.1:${this.#stubPort}`;
  }

  /** From now on the DNS stub answers SERVFAIL for `host`: the name does not resolve, for pebble (through BIND) and for the server. */
  async servfail(host: string): Promise<void> {
    const { request: post } = await import("node:http");
    await new Promise<void>((resolve, reject) => {
      const req = post({ host: "127.0.0.1", port: this.#stubManagementPort, path: "/set-servfail", method: "POST" }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`challtestsrv /set-servfail: ${res.statusCode}`))));
      });
      req.once("error", reject);
      req.end(JSON.stringify({ host }));
    });
  }

  /** The TSIG key allowed to update the zone's TXT records (`tsig-keygen` format). */
  get tsigKeyFile(): string {
    return join(this.dir, "tsig.key");
  }

  /** The server settings that point its DNS-01 updates at BIND. */
  get dnsUpdateEnv(): Record<string, string> {
    return { HOP3_DNS_UPDATE_SERVER: `127.0.0.1:${this.dnsPort}`, HOP3_DNS_UPDATE_ZONE: updatableZone, HOP3_DNS_UPDATE_KEY_FILE: this.tsigKeyFile };
  }

  /** Ports are chosen now; the CA starts with `start()`, once the proxy's ports are known. */
  static async prepare(options: { validitySeconds?: number } = {}): Promise<Pebble> {
    const dir = mkdtempSync(join(tmpdir(), "hop3-pebble-"));
    // The proxy runs as its own account and must read the listener's certificate.
    chmodSync(dir, 0o755);
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=pebble", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    chmodSync(join(dir, "cert.pem"), 0o644);
    writeFileSync(join(dir, "tsig.key"), execFileSync("tsig-keygen", ["-a", "hmac-sha256", "hop3-acme"]), { mode: 0o600 });
    const ports = { acme: await freeTestPort(), management: await freeTestPort(), dns: await freeTestPort(), stub: await freeTestPort(), stubManagement: await freeTestPort() };
    return new Pebble(dir, ports, options.validitySeconds);
  }

  /** The directory URL the server's `acme-ca` points at. */
  get directory(): string {
    return `https://127.0.0.1:${this.acmePort}/dir`;
  }

  /** The listener's certificate, the server's `acme-ca-root`. */
  get listenerCert(): string {
    return join(this.dir, "cert.pem");
  }

  /** Starts the DNS stub and the CA; HTTP-01 and TLS-ALPN-01 are validated on the proxy's ports. */
  async start(httpPort: number, httpsPort: number): Promise<void> {
    const dnsPort = this.#stubPort;
    const config = { pebble: { listenAddress: `127.0.0.1:${this.acmePort}`, managementListenAddress: `127.0.0.1:${this.managementPort}`, certificate: this.listenerCert, privateKey: join(this.dir, "key.pem"), httpPort, tlsPort: httpsPort, ocspResponderURL: "", externalAccountBindingRequired: false, ...(this.#validitySeconds === undefined ? {} : { certificateValidityPeriod: this.#validitySeconds }) } };
    writeFileSync(join(this.dir, "pebble.json"), JSON.stringify(config));
    this.#spawn("pebble-challtestsrv", ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", `127.0.0.1:${dnsPort}`, "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", `127.0.0.1:${this.#stubManagementPort}`]);
    this.#startBind(dnsPort);
    // No random sleeps before validation, and no random nonce rejections: the tests wait for results, not for luck.
    this.#spawn("pebble", ["-config", join(this.dir, "pebble.json"), "-dnsserver", `127.0.0.1:${this.dnsPort}`], { PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0" });
    for (let i = 0; i < 100; i++) {
      if ((await this.#get("/roots/0").catch(() => null)) && this.#bindAnswers()) return;
      await sleep(100);
    }
    throw new Error(`pebble or named did not start:\n${this.#log}`);
  }

  /** Lets the server's daemon account (the only reader) use the TSIG key, as an operator would. */
  giveKeyTo(account: string): void {
    execFileSync("chown", [account, this.tsigKeyFile]);
  }

  // named in the foreground, as root, everything in this directory; no recursion of its own:
  // names outside the zone go to pebble-challtestsrv.
  #startBind(forwardPort: number): void {
    const bind = join(this.dir, "bind");
    mkdirSync(bind);
    // named drops root's capabilities: it reads a copy of its own, not the daemon's file.
    writeFileSync(join(bind, "tsig.key"), readFileSync(this.tsigKeyFile), { mode: 0o600 });
    writeFileSync(join(bind, `${updatableZone}.zone`), `$TTL 60\n@ IN SOA ns.${updatableZone}. hostmaster.${updatableZone}. 1 60 60 600 60\n@ IN NS ns.${updatableZone}.\nns IN A 127.0.0.1\n* IN A 127.0.0.1\n`);
    writeFileSync(
      join(bind, "named.conf"),
      [
        `include "${join(bind, "tsig.key")}";`,
        `options { directory "${bind}"; pid-file "${join(bind, "named.pid")}"; listen-on port ${this.dnsPort} { 127.0.0.1; }; listen-on-v6 { none; }; recursion yes; allow-recursion { 127.0.0.1; }; dnssec-validation no; forward only; forwarders { 127.0.0.1 port ${forwardPort}; }; };`,
        "controls { };",
        `zone "${updatableZone}" { type primary; file "${join(bind, `${updatableZone}.zone`)}"; update-policy { grant hop3-acme zonesub TXT; }; };`,
        "",
      ].join("\n"),
    );
    this.#spawn("named", ["-g", "-u", "root", "-c", join(bind, "named.conf")]);
  }

  #bindAnswers(): boolean {
    try {
      return execFileSync("dig", ["+short", "+time=1", "+tries=1", "-p", String(this.dnsPort), "@127.0.0.1", `ns.${updatableZone}`, "A"], { encoding: "utf8" }).trim() === "127.0.0.1";
    } catch {
      return false;
    }
  }

  /** The root pebble signs certificates with (PEM), for the test client's trust store. */
  async root(): Promise<string> {
    return this.#get("/roots/0");
  }

  get log(): string {
    return this.#log;
  }

  stop(): void {
    for (const child of this.#children) child.kill("SIGTERM");
    rmSync(this.dir, { recursive: true, force: true });
  }

  #spawn(program: string, args: string[], env: Record<string, string> = {}): void {
    const child = spawn(program, args, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => (this.#log += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.#log += chunk.toString()));
    this.#children.push(child);
  }

  #get(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: this.managementPort, path, ca: readFileSync(this.listenerCert) }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`pebble ${path}: ${res.statusCode}`))));
      });
      req.once("error", reject);
      req.end();
    });
  }
}
