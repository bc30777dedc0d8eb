/** The user pressed Ctrl-C where the CLI was listening for it: exit 130, print nothing more. */
export class Interrupted extends Error {
  constructor() {
    super("Interrupted");
    this.name = "Interrupted";
  }
}
