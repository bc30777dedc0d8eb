/**
 * The loopback port ranges Hop3 keeps for itself (ADR 11, 24): front ports, then instance
 * ports, both below the kernel's ephemeral range (32768-60999 by default), so neither can be
 * some client connection's local port. The network guard closes both ranges to the outside
 * and to other apps by range, whatever is listening there at the moment.
 */
export const frontPortRange = { first: 20000, last: 29999 } as const;

/** Where web instances listen (`PORT`). */
export const instancePortRange = { first: 30000, last: 32767 } as const;
