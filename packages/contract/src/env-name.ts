/** Rules for the names of the environment variables an app's configuration may set. */

const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why an app's configuration may not set the variable `name`, in words; undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!envNamePattern.test(name)) {
    return `${JSON.stringify(name)} is not a valid variable name (letters, digits and "_", not starting with a digit)`;
  }
  if (name === "PORT") return "PORT is assigned by Hop3 to each process and may not be set";
  if (name.startsWith("HOP3_")) return `${name} may not be set: names starting with HOP3_ are reserved for Hop3`;
  return undefined;
}
