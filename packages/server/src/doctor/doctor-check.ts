/** The result of one `hop3-server doctor` check: what was looked at, what was found, how to fix it. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: "ok" | "warn" | "fail";
  readonly detail: string;
  /** What to do about a warning or a failure; absent when the check passed. */
  readonly fix?: string;
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: "ok", detail });
export const warn = (name: string, detail: string, fix: string): DoctorCheck => ({ name, status: "warn", detail, fix });
export const fail = (name: string, detail: string, fix: string): DoctorCheck => ({ name, status: "fail", detail, fix });
