import { setFlagsFromString } from 'node:v8';

const FLAG = /^--(no-)?allocation[-_]site[-_]pretenuring(=|$)/;

/**
 * Whether the operator chose V8's allocation-site pretenuring on node's command line (either way):
 * then the gateway leaves it alone. Node refuses the flag in NODE_OPTIONS, so the command line is
 * the only place it can come from.
 */
export function pretenuringSetByOperator(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((arg) => FLAG.test(arg));
}

/**
 * Turns V8's allocation-site pretenuring off for the process, unless `pretenuring` is asked for or
 * the operator set the flag. V8 decides per allocation site (an object literal: which ones here was
 * not traced, the mapping's and zod's parser's are shared by lists and single reads) that its
 * objects survive, from a spell where most did, and from then on makes them in the old space. A
 * gateway that has read large lists (snapshots off, or lists larger than any snapshot) had such
 * sites decided, and the same sites then make each per-id answer's objects: every request's garbage
 * went to the old space, scavenges promoted 3 MB each and took 11 ms (2 ms on a fresh process), and
 * a Waldur `user(id)` cost 385-416 µs of CPU instead of 200-244, for as long as the process ran (the
 * decision is not revisited). bench/README.md has the figures. Returns what it did.
 */
export function applyPretenuring(
  pretenuring: boolean,
  setFlags: (flags: string) => void = setFlagsFromString,
  setByOperator: boolean = pretenuringSetByOperator(),
): 'operator' | 'on' | 'off' {
  if (setByOperator) return 'operator';
  if (pretenuring) return 'on';
  // Read by V8 each time it weighs the sites' feedback (after a scavenge), so it applies from the next one.
  setFlags('--no-allocation-site-pretenuring');
  return 'off';
}
