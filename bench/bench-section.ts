/** The shape each benchmark returns; `bench/run.ts` renders them into RESULTS.md. */

export interface BenchRow {
  /** What was measured, e.g. "JSON decode, 64 KB bodies". */
  readonly metric: string;
  /** The measured value, already rounded for reading. */
  readonly value: number;
  readonly unit: string;
  /** Baseline measured in the same run, same unit, when the metric is a comparison. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** The aim from DESIGN.md or the issue, as text (e.g. "≥ 20 MB/s", "≥ 0.8× raw"). */
  readonly aim?: string;
  /** Whether the aim was met; omitted when there is no aim. */
  readonly met?: boolean;
}

export interface BenchSection {
  /** Short name used on the command line: `npm run bench -- decode`. */
  readonly name: string;
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** How it was measured: sizes, counts, repetitions, what the baseline is. */
  readonly method: string;
}

export interface Bench {
  readonly name: string;
  run(): Promise<BenchSection>;
}

/** Median of a non-empty list of samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new Error('median of no samples');
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
