import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fail, ok, warn, type DoctorCheck } from "./doctor-check.ts";

/** Programs that keep the clock in step with time servers (their names as /proc/PID/comm gives them, cut at 15 characters). */
const timeServices = ["chronyd", "ntpd", "ntpsec", "openntpd", "systemd-timesyn", "timesyncd", "ptp4l", "phc2sys"];

/** No Hop3 was made before this: a clock before it is plainly wrong. */
const earliestPlausible = Date.UTC(2026, 0, 1);

/** Where to look: /proc for running programs, systemd-timesyncd's flag file, and the time now. */
export interface ClockProbe {
  readonly now: Date;
  readonly procDir: string;
  readonly timesyncFlag: string;
}

const hostProbe = (): ClockProbe => ({ now: new Date(), procDir: "/proc", timesyncFlag: "/run/systemd/timesync/synchronized" });

/**
 * The clock: certificates (ACME refuses a client whose time is off, and a certificate is "not
 * yet valid" on a host behind), token expiry and log times depend on it. Fails on a clock set
 * before Hop3 existed; warns when nothing keeps it in step.
 */
export function checkClock(probe: ClockProbe = hostProbe()): DoctorCheck {
  const now = probe.now.toISOString();
  if (probe.now.getTime() < earliestPlausible) {
    return fail("clock", `the clock says ${now}, before this version of Hop3 was made: certificates will be refused`, "set the time (`date -s`), then install a time service (`apt-get install chrony`)");
  }
  if (existsSync(probe.timesyncFlag)) return ok("clock", `${now}, synchronised by systemd-timesyncd`);
  const running = runningTimeService(probe.procDir);
  if (running) return ok("clock", `${now}, kept in step by ${running}`);
  return warn("clock", `${now}, but no time service runs (${timeServices.slice(0, 3).join(", ")}…): the clock may drift, and certificates and token expiry depend on it`, "apt-get install chrony (or enable systemd-timesyncd)");
}

function runningTimeService(procDir: string): string | null {
  let pids: string[];
  try {
    pids = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const name = readFileSync(`${procDir}/${pid}/comm`, "utf8").trim();
      if (timeServices.includes(name)) return name;
    } catch {
      // Gone since the listing.
    }
  }
  return null;
}
