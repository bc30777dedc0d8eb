/** `hop3 ARGS` through a fixture's CLI, its stdout, or an error with its output: a bench stops at the first failed step. */
export function mustCli(hop3: { cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> }): (args: string[]) => Promise<string> {
  return async (args) => {
    const result = await hop3.cli(args);
    if (result.code !== 0) throw new Error(`hop3 ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
}
