/**
 * What a benchmark is, and the list `npm run bench` runs. A new one (PDF generation, sync
 * throughput) is a folder under bench/ and one line in BENCHMARKS.
 */
import { blobsBenchmark } from './blobs/blobs-bench';
import { instancesBenchmark } from './instances/instances-bench';
import { officeBodiesBenchmark } from './office-bodies/office-bodies-bench';
import { packageSizeBenchmark } from './package-size/package-size-bench';
import { pdfBenchmark } from './pdf/pdf-bench';
import { periodReportBenchmark } from './period-report/period-report-bench';
import { reportLimitsBenchmark } from './report-limits/report-limits-bench';
import { reportThreadBenchmark } from './report-thread/report-thread-bench';
import { slaBenchmark } from './sla/sla-bench';
import { storeBenchmark } from './store/store-bench';
import { syncBenchmark } from './sync/sync-bench';

export interface BenchReport {
  title: string;
  /** Facts that belong to this run only (browser version, store size, load during the run). */
  facts: Record<string, string>;
  sections: { heading: string; body: string }[];
}

export interface Benchmark {
  name: string;
  description: string;
  /** `progress` goes to stderr so stdout stays the Markdown report. */
  run(progress: (line: string) => void): Promise<BenchReport>;
}

export const BENCHMARKS: readonly Benchmark[] = [storeBenchmark, pdfBenchmark, reportThreadBenchmark, reportLimitsBenchmark, syncBenchmark, officeBodiesBenchmark, slaBenchmark, periodReportBenchmark, packageSizeBenchmark, blobsBenchmark, instancesBenchmark];
