// Collects positional parameters while a query is assembled from fixed SQL fragments, so no
// value ever reaches SQL as text.
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
