/** Upstream calls made for one GraphQL request, for `extensions.upstream` and for tests. */
export class UpstreamStats {
  calls = 0;
  readonly bySource: Record<string, number> = {};

  record(source: string): void {
    this.calls++;
    this.bySource[source] = (this.bySource[source] ?? 0) + 1;
  }

  toJSON(): { calls: number; bySource: Record<string, number> } {
    return { calls: this.calls, bySource: { ...this.bySource } };
  }
}
