import { createServer } from "node:net";

/** Asks the kernel for a free loopback TCP port. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port of the range that nobody listens on and that is not in `taken`, tried from a random
 * place so that several state roots on one machine rarely pick the same one.
 */
export async function findFreePortIn(range: { readonly first: number; readonly last: number }, taken: ReadonlySet<number | null> = new Set()): Promise<number> {
  const size = range.last - range.first + 1;
  const offset = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = range.first + ((offset + i) % size);
    if (!taken.has(port) && (await isFree(port))) return port;
  }
  throw new Error(`No free port left in ${range.first}-${range.last}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
