/** `${NAME}` replaced by the variable's value; an unset variable becomes empty, as in a shell. A bare `$` stays. */
export function interpolate(template: string, env: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => env[name] ?? "");
}
