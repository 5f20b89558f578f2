/**
 * The device side of the sync benchmark, in its own process so its peak memory is its own:
 * enrolls with the office, fills a fake-indexeddb store with signed reports (not timed), then
 * times the real sync engine draining the outbox through the real main-process handlers.
 * Prints one JSON line on stdout. Usage: run-device.ts <officeUrl> <code> <reports> <photoBytes>
 */
import { openDevice } from '../../tests/sync/helpers/device';
import { seedSignedReports } from '../../tests/sync/helpers/signed-reports';
import type { DeviceResult } from '../sync/device-result';


async function main(): Promise<void> {
  const [officeUrl, code, countText, photoText] = process.argv.slice(2);
  if (!officeUrl || !code) throw new Error('usage: run-device.ts <officeUrl> <code> <reports> <photoBytes>');
  const count = Number(countText ?? 1000);
  const device = await openDevice();
  try {
    await device.enroll(officeUrl, code);
    const seeding = performance.now();
      await seedSignedReports(device.db, device.repos, { count, material: await device.material(), photosPerReport: 1, photoBytes: Number(photoText ?? 96_000), dataDir: device.dataDir });
    const seedSeconds = (performance.now() - seeding) / 1000;

    let blobBytes = 0;
    let envelopeBytes = 0;
    const engine = device.engine({
      ...(process.env.SYNC_BENCH_CONCURRENCY ? { concurrency: Number(process.env.SYNC_BENCH_CONCURRENCY) } : {}),
      wrap: (t) => ({
        missingBlobs: (list) => t.missingBlobs(list),
        putBlob: async (blob) => {
          await t.putBlob(blob);
          blobBytes += blob.size;
        },
        pushReport: async (envelope) => {
          envelopeBytes += JSON.stringify(envelope).length;
          return t.pushReport(envelope);
        },
      }),
    });
    const rssBeforeSync = process.memoryUsage().rss;
    let peakRssDuringSync = rssBeforeSync;
    const sampler = setInterval(() => (peakRssDuringSync = Math.max(peakRssDuringSync, process.memoryUsage().rss)), 50);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await engine.syncNow('manual');
    const syncSeconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    engine.stop();
    const out: DeviceResult = {
      reports: count,
      synced: result.synced,
      blobBytes,
      envelopeBytes,
      seedSeconds,
      syncSeconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssDuringSync,
      rssBeforeSync,
      peakRssOverall: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await device.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
