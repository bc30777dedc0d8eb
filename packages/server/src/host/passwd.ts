import { readFileSync } from "node:fs";

/** One account of /etc/passwd, the fields Hop3 reads. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** The host's accounts, read at each call: accounts come and go. */
export function readPasswd(text: string = readFileSync("/etc/passwd", "utf8")): PasswdEntry[] {
  return text.split("\n").flatMap((line) => {
    const [name, , uid, gid, , home] = line.split(":");
    if (!name || home === undefined || !/^\d+$/.test(uid ?? "") || !/^\d+$/.test(gid ?? "")) return [];
    return [{ name, uid: Number(uid), gid: Number(gid), home }];
  });
}

export function accountNamed(name: string): PasswdEntry | null {
  return readPasswd().find((entry) => entry.name === name) ?? null;
}

export function accountOf(uid: number): PasswdEntry | null {
  return readPasswd().find((entry) => entry.uid === uid) ?? null;
}
