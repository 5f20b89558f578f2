/** One loadDashboard on a kept bench office (BENCH_DATA), for `node --cpu-prof`. */
import { loadDashboard } from '../../src-server/dashboard/data';
import { startTestOffice } from '../../tests/server/helpers/office';

const office = await startTestOffice({ now: () => new Date('2026-06-15T02:00:00.000Z'), dataDir: process.env.BENCH_DATA! });
await loadDashboard(office.ctx, {});
const t0 = performance.now();
await loadDashboard(office.ctx, {});
console.log(`${(performance.now() - t0).toFixed(0)} ms`);
await office.close();
