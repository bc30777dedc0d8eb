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
      let settled = false;
      const settle = (failure: string | null, body?: string) => {
        if (settled) return;
        settled = true;
        requests += 1;
        if (failure !== null) {
          failures += 1;
          if (samples.length < 5) samples.push(failure);
        } else if (body !== undefined && !bodies.includes(body)) bodies.push(body);
        resolve();
      };
      const req = request({ host: "127.0.0.1", port: options.port, path: "/", headers: { host: options.host }, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => settle(res.statusCode === 200 ? null : `status ${res.statusCode}: ${body.slice(0, 80)}`, body));
        // A response cut short ends with "close" (or "error") and no "end".
        res.on("error", (error) => settle(`response cut: ${error.message}`));
        res.on("close", () => settle("response cut short"));
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
      req.once("error", (error) => settle(error.message));
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
