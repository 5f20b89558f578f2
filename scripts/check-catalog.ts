/** `npm run catalog:check`: validates assets/catalog (and assets/calendars beside it) and prints every problem with file and path. */
import path from 'node:path';
import { loadCatalog } from '../src-main/catalog/load-catalog';

const root = path.resolve(process.argv[2] ?? 'assets/catalog');
const catalog = await loadCatalog(root);
const items = catalog.templates.reduce((n, t) => n + t.sections.reduce((m, s) => m + s.items.length, 0), 0);
const ids = new Set(catalog.templates.map((t) => t.id)).size;
console.log(`${ids} templates (${catalog.templates.length} versions, ${items} items), ${catalog.hospitals.length} hospital files, calendars: ${catalog.calendars.map((c) => `${c.id} (${Object.keys(c.years).join(', ')})`).join('; ') || 'none'}`);
for (const p of catalog.problems) console.log(`✗ ${p.file} ${p.path || '(file)'}: ${p.detail}`);
process.exitCode = catalog.problems.length === 0 ? 0 : 1;
