/** A value quoted for an error message, shortened so one bad line cannot flood the output. */
export function shown(value: string, maxLength = 60): string {
  return JSON.stringify(value.length > maxLength ? `${value.slice(0, maxLength)}…` : value);
}
