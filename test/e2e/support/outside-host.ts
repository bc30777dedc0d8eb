import { execFileSync, spawn, type ChildProcess } from "node:child_process";

const systemEnv = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" };

/** How a TCP connection attempt ended. */
export type ConnectOutcome = "connected" | "refused" | "timeout" | "unreachable" | `error: ${string}`;

// Tries a TCP connection (or, with a Host, an HTTP GET) and prints how it ended. A 3 s connect
// timeout stands for "dropped": the outcome is asserted, never the time it took.
const probeScript = `
import errno, socket, sys
host, port, http_host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
s.settimeout(3)
try:
    s.connect((host, port))
except socket.timeout:
    print("timeout"); sys.exit(0)
except OSError as e:
    print({errno.ECONNREFUSED: "refused", errno.EHOSTUNREACH: "unreachable", errno.ENETUNREACH: "unreachable"}.get(e.errno, "error: " + str(e.strerror))); sys.exit(0)
if http_host:
    s.settimeout(10)
    s.sendall(("GET / HTTP/1.0\\r\\nHost: " + http_host + "\\r\\n\\r\\n").encode())
    print("connected " + s.recv(64).decode(errors="replace").split("\\r\\n")[0])
else:
    print("connected")
`;

/**
 * A network namespace standing for another machine: a veth pair between it and the host,
 * with /30 addresses private to the pair (10.200.N.1 on the host side, .2 inside). Traffic
 * never leaves the machine. `close()` deletes the namespace (and with it the pair).
 */
export class OutsideHost {
  readonly name: string;
  readonly hostAddress: string;
  readonly address: string;
  readonly #hostSide: string;
  readonly #children: ChildProcess[] = [];

  constructor(tag: string) {
    const n = 1 + (process.pid % 250);
    this.name = `h3-${tag}-${process.pid}`;
    this.#hostSide = `h3${tag.slice(0, 4)}${process.pid % 100000}`;
    this.hostAddress = `10.200.${n}.1`;
    this.address = `10.200.${n}.2`;
  }

  create(): void {
    const ip = (...args: string[]) => execFileSync("ip", args, { env: systemEnv, stdio: "pipe" });
    ip("netns", "add", this.name);
    ip("link", "add", this.#hostSide, "type", "veth", "peer", "name", "eth0", "netns", this.name);
    ip("addr", "add", `${this.hostAddress}/30`, "dev", this.#hostSide);
    ip("link", "set", this.#hostSide, "up");
    ip("netns", "exec", this.name, "ip", "addr", "add", `${this.address}/30`, "dev", "eth0");
    ip("netns", "exec", this.name, "ip", "link", "set", "eth0", "up");
    ip("netns", "exec", this.name, "ip", "link", "set", "lo", "up");
  }

  /** From outside: a TCP connection to the host's side of the pair (an HTTP GET with `httpHost`). */
  connectToHost(port: number, httpHost = ""): ConnectOutcome | `connected ${string}` {
    const out = execFileSync("ip", ["netns", "exec", this.name, "/usr/bin/python3", "-c", probeScript, this.hostAddress, String(port), httpHost], { env: systemEnv, encoding: "utf8" });
    return out.trim() as ConnectOutcome;
  }

  /** A TCP listener inside the namespace (stands for a server elsewhere on the internet); resolves once it listens. */
  async listen(port: number): Promise<void> {
    const child = spawn("ip", ["netns", "exec", this.name, "/usr/bin/python3", "-c", "import socket,sys\ns=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', int(sys.argv[1]))); s.listen(8); print('ready', flush=True)\nwhile True: s.accept()[0].close()", String(port)], { env: systemEnv, stdio: ["ignore", "pipe", "inherit"] });
    this.#children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`listener in ${this.name} exited (${code})`)));
      child.stdout?.once("data", () => resolve());
    });
  }

  close(): void {
    for (const child of this.#children) child.kill("SIGKILL");
    try {
      execFileSync("ip", ["netns", "delete", this.name], { env: systemEnv, stdio: "ignore" });
    } catch {
      // Not created.
    }
    try {
      execFileSync("ip", ["link", "delete", this.#hostSide], { env: systemEnv, stdio: "ignore" });
    } catch {
      // Gone with the namespace.
    }
  }
}
