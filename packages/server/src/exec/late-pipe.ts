import { Duplex } from "node:stream";

/**
 * A child's pipe that exists before its descriptor does: the privileged parent spawns and
 * then hands the pipe over (ADR 31), while Hop3's exec functions attach their listeners and
 * write input at once. What is written early is held until the pipe arrives; reading follows
 * the pipe's own flow control. It closes once the child's end is closed.
 */
export class LatePipe extends Duplex {
  #socket: Duplex | undefined;
  #pending: { chunk: Buffer; callback: (error?: Error | null) => void }[] = [];
  #finalPending: ((error?: Error | null) => void) | undefined;
  #unref = false;

  constructor() {
    // A pipe the child closed is finished both ways: `close` tells the caller the output ended.
    super({ allowHalfOpen: false });
  }

  /** Connects the pipe once the parent handed it over. */
  attach(socket: (Duplex & { unref?(): void }) | undefined): void {
    if (socket === undefined) {
      // The pipe was gone before it could be handed over: nothing more will come through it.
      this.push(null);
      this.destroy();
      return;
    }
    this.#socket = socket;
    if (this.#unref) socket.unref?.();
    socket.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.once("end", () => this.push(null));
    socket.once("close", () => {
      if (!this.readableEnded) this.push(null);
    });
    // The child stopped reading or is gone: as with a local pipe, the writer learns it through `error`.
    socket.on("error", (error) => this.destroy(error));
    for (const { chunk, callback } of this.#pending.splice(0)) socket.write(chunk, callback);
    if (this.#finalPending) {
      const callback = this.#finalPending;
      this.#finalPending = undefined;
      socket.end(() => callback());
    }
  }

  /** Does not keep the daemon's event loop alive (like a local pipe's `unref`). */
  unref(): this {
    this.#unref = true;
    (this.#socket as { unref?(): void } | undefined)?.unref?.();
    return this;
  }

  override _read(): void {
    this.#socket?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#socket) this.#socket.write(chunk, callback);
    else this.#pending.push({ chunk, callback });
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#socket) this.#socket.end(() => callback());
    else this.#finalPending = callback;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#socket?.destroy();
    for (const { callback: pending } of this.#pending.splice(0)) pending(error ?? new Error("pipe closed"));
    callback(error);
  }
}
