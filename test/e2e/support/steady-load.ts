import { request } from "node:http";

export interface LoadReport {
  readonly requests: number;
  readonly failures: number;
  /** What the failures were, first few. */
  readonly failureSamples: readonly string[];
  /** Distinct bodies seen, in order of first appearance. */
  readonly bodies: readonly string[];
}

/**
 * Sends GET requests through the proxy without pause from `workers` parallel loops, each on a
 * new connection (as independent clients do), until stopped. Bounded by `maxRequests`.
 */
export function steadyLoad(options: { port: number; host: string; workers?: number; maxRequests?: number }): { stop(): Promise<LoadReport> } {
  let running = true;
  let requests = 0;
  let failures = 0;
  const samples: string[] = [];
  const bodies: string[] = [];
  const maxRequests = options.maxRequests ?? 200_000;
  const once = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port: options.port, path: "/", headers: { host: options.host }, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          requests += 1;
          if (res.statusCode !== 200) {
            failures += 1;
            if (samples.length < 5) samples.push(`status ${res.statusCode}: ${body.slice(0, 80)}`);
          } else if (!bodies.includes(body)) bodies.push(body);
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
      req.once("error", (error) => {
        requests += 1;
        failures += 1;
        if (samples.length < 5) samples.push(error.message);
        resolve();
      });
      req.end();
    });
  const loops = Array.from({ length: options.workers ?? 2 }, async () => {
    while (running && requests < maxRequests) await once();
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { requests, failures, failureSamples: samples, bodies };
    },
  };
}
