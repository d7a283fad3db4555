/** Every benchmark `npm run bench` knows, in the order RESULTS.md lists them. */
import type { Bench } from './bench-section.ts';
import { killBench } from './crash/kill-bench.ts';
import { decodeBench } from './decode/decode-bench.ts';
import { proxyBench } from './proxy/proxy-bench.ts';
import { replayBench } from './replay/replay-bench.ts';
import { storageBench } from './storage/storage-bench.ts';
import { timelineBench } from './timeline/timeline-bench.ts';
import { uiBench } from './ui/ui-bench.ts';

export const benches: readonly Bench[] = [decodeBench, storageBench, proxyBench, timelineBench, replayBench, uiBench, killBench];
