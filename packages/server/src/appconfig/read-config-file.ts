import { lstat, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { readAppText } from "../host/read-app-file.ts";

/** Larger files are refused rather than read: no app needs a megabyte of configuration. */
const maxBytes = 1024 * 1024;

/**
 * Reads the configuration file `name` of the app whose directory's real path is `appRoot`, or
 * returns undefined when there is none. The app's files come from a user's push, so a symbolic
 * link out of the app (`Procfile -> /etc/shadow`) is refused: the daemon must not read, and
 * echo in error messages, files the app's owner cannot.
 */
export async function readConfigFile(appRoot: string, name: string): Promise<string | undefined> {
  const path = join(appRoot, name);
  const fail = (problem: string): never => {
    throw new Hop3Error("APP_CONFIG_INVALID", `${name} ${problem}`);
  };
  try {
    await lstat(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }

  let target: string;
  try {
    target = await realpath(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ELOOP") fail("is a symbolic link to nothing");
    throw error;
  }
  if (!target.startsWith(appRoot + sep)) fail("is a symbolic link pointing outside the app's directory");
  const info = await stat(target);
  if (!info.isFile()) fail("is not a regular file");
  if (info.size > maxBytes) fail(`is ${info.size} bytes long; configuration files are limited to ${maxBytes} bytes`);
  // The checks above give the precise messages; the read itself is the one that cannot be raced.
  return readAppText(appRoot, name, maxBytes);
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}
