/** The libuv handle under a Node socket (the `_handle` Node's own child_process code uses). */
interface ReadingHandle {
  reading?: boolean;
  readStop?(): number;
}

/**
 * Stops a child's pipe socket from reading, in the tick it was made: Node's sockets start
 * reading as soon as they exist, and what they read is theirs. A pipe the parent hands to the
 * daemon must keep every byte (and its end of file) for the daemon's copy.
 */
export function neverRead(stream: unknown): void {
  const handle = (stream as { _handle?: ReadingHandle | null } | null)?._handle;
  if (!handle || typeof handle.readStop !== "function") return;
  handle.reading = false;
  handle.readStop();
}
