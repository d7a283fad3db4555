/** Every benchmark `npm run bench` knows, in the order RESULTS.md lists them. */
import type { Bench } from './bench-section.ts';

export const benches: readonly Bench[] = [];
