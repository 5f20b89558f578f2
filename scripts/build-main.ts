/** `npm run build:main`: every main-process bundle into dist-main/ (see main-bundles.ts). */
import { buildMainBundle, MAIN_BUNDLES } from './main-bundles';

for (const name of Object.keys(MAIN_BUNDLES) as (keyof typeof MAIN_BUNDLES)[]) await buildMainBundle(name, 'dist-main');
