/** Collects a body as it streams past, up to a size cap, without holding up the stream. */

export class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte that passed, kept or not. */
  total = 0;

  constructor(private readonly capBytes: number) {}

  add(chunk: Buffer): void {
    this.total += chunk.byteLength;
    if (this.kept >= this.capBytes) return;
    const room = this.capBytes - this.kept;
    const part = chunk.byteLength <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.byteLength;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  bytes(): Uint8Array {
    return this.chunks.length === 1 ? new Uint8Array((this.chunks[0] as Buffer).buffer, (this.chunks[0] as Buffer).byteOffset, (this.chunks[0] as Buffer).byteLength) : new Uint8Array(Buffer.concat(this.chunks));
  }
}

/** Header pairs in wire order with their original casing, from Node's `rawHeaders`. */
export function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}
