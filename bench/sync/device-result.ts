/** What the device process of the sync benchmark reports (one JSON line on stdout). */
export interface DeviceResult {
  reports: number;
  synced: number;
  /** Bytes of every blob the engine uploaded (photos, signatures, PDFs not already at the office). */
  blobBytes: number;
  envelopeBytes: number;
  seedSeconds: number;
  syncSeconds: number;
  cpuSeconds: number;
  /** Resident set sampled every 50 ms while syncing: the peak, and where it started. */
  peakRssDuringSync: number;
  rssBeforeSync: number;
  /** The process's peak over its whole life, seeding included (process.resourceUsage().maxRSS). */
  peakRssOverall: number;
}
