/**
 * The nft script that rebuilds a state root's forwarding table whole: front port ->
 * instance ports on 127.0.0.1. A front port with one instance is an entry of the `fronts`
 * map (one rule for all of them); one with several instances gets a rule of its own that
 * spreads new connections over them in turn (`numgen inc mod N`). NAT rules see only the
 * first packet of a connection: the rest follows it in conntrack, on the instance it started on.
 */
export function renderForwardScript(table: string, forwards: ReadonlyMap<number, readonly number[]>): string {
  // Declaring then deleting makes the delete safe when the table does not exist yet.
  const lines = [`table ip ${table} {}`, `delete table ip ${table}`];
  const entries = [...forwards].filter(([, ports]) => ports.length > 0).sort(([a], [b]) => a - b);
  if (entries.length === 0) return `${lines.join("\n")}\n`;
  const singles = entries.filter(([, ports]) => ports.length === 1);
  const balanced = entries.filter(([, ports]) => ports.length > 1);
  lines.push(
    `table ip ${table} {`,
    "  map fronts { type inet_service : inet_service; }",
    "  chain output {",
    "    type nat hook output priority -100; policy accept;",
    "    ip daddr 127.0.0.1 tcp dport @fronts dnat to 127.0.0.1 : tcp dport map @fronts",
    ...balanced.map(([front, ports]) => `    ip daddr 127.0.0.1 tcp dport ${front} dnat to 127.0.0.1 : numgen inc mod ${ports.length} map { ${ports.map((port, i) => `${i} : ${port}`).join(", ")} }`),
    "  }",
    "}",
  );
  if (singles.length > 0) lines.push(`add element ip ${table} fronts { ${singles.map(([front, ports]) => `${front} : ${ports[0]}`).join(", ")} }`);
  return `${lines.join("\n")}\n`;
}
