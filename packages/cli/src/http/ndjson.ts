/** Newline-delimited JSON is read the same way everywhere: the contract's reader. */
export { readNdjson } from "@hop3/contract";
