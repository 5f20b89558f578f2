/**
 * `npm run calendar:generate`: writes assets/calendars/cn-mainland.json, the Chinese mainland's
 * public holidays (放假) and make-up working days (调休上班), for the SLA clock.
 *
 * Taken from the `chinese-days` package and cross-checked day by day against `holiday-calendar`;
 * where the two disagree the script stops: a wrong holiday moves every working-day deadline.
 * Both are then held against the State Council's notices, copied by hand below (OFFICIAL), so a
 * package update that changes a past year is caught too. A year neither package has (2027 at the
 * time of writing: no notice was in either) is left out, and the clock falls back to Monday–Friday
 * for it and says so.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CalendarDataSchema } from '../src-shared/sla/calendar-schema';
import type { CalendarData, CalendarYear } from '../src-shared/sla/types';

/** Years generated: seed 001 runs from July 2024, the other contracts through 2026; 2027 if published. */
const YEARS = [2024, 2025, 2026, 2027];
const OUT = path.resolve('assets/calendars/cn-mainland.json');
const MODULES = path.resolve('node_modules');

/**
 * The notices, as published (国务院办公厅关于 20xx 年部分节假日安排的通知): holiday blocks as
 * inclusive ranges and the make-up working days. Checked by hand against the notice texts.
 */
const OFFICIAL: Record<number, { notice: string; off: [string, string][]; work: string[] }> = {
  2024: {
    notice: '国办发明电〔2023〕7号',
    off: [['2024-01-01', '2024-01-01'], ['2024-02-10', '2024-02-17'], ['2024-04-04', '2024-04-06'], ['2024-05-01', '2024-05-05'], ['2024-06-10', '2024-06-10'], ['2024-09-15', '2024-09-17'], ['2024-10-01', '2024-10-07']],
    work: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    notice: '国办发明电〔2024〕12号',
    off: [['2025-01-01', '2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'], ['2025-05-01', '2025-05-05'], ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08']],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    notice: '国办发明电〔2025〕7号',
    off: [['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'], ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'], ['2026-10-01', '2026-10-07']],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

interface Sets {
  holidays: Set<string>;
  workdays: Set<string>;
}

async function json(file: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(MODULES, file), 'utf8')) as unknown;
}

async function version(pkg: string): Promise<string> {
  return ((await json(`${pkg}/package.json`)) as { version: string }).version;
}

/** chinese-days: one object of every year, `{ holidays: {date: label}, workdays: {date: label} }`. */
async function fromChineseDays(): Promise<Map<number, Sets>> {
  const data = (await json('chinese-days/dist/chinese-days.json')) as { holidays: Record<string, string>; workdays: Record<string, string> };
  const out = new Map<number, Sets>();
  const year = (y: number): Sets => out.get(y) ?? out.set(y, { holidays: new Set(), workdays: new Set() }).get(y)!;
  for (const day of Object.keys(data.holidays)) year(Number(day.slice(0, 4))).holidays.add(day);
  for (const day of Object.keys(data.workdays)) year(Number(day.slice(0, 4))).workdays.add(day);
  return out;
}

/** holiday-calendar: data/CN/<year>.json with `public_holiday` and `transfer_workday` dates. */
async function fromHolidayCalendar(y: number): Promise<Sets | undefined> {
  let data: { dates: { date: string; type: string }[] };
  try {
    data = (await json(`holiday-calendar/data/CN/${y}.json`)) as typeof data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const sets: Sets = { holidays: new Set(), workdays: new Set() };
  for (const d of data.dates) {
    if (d.type === 'public_holiday') sets.holidays.add(d.date);
    else if (d.type === 'transfer_workday') sets.workdays.add(d.date);
    else throw new Error(`holiday-calendar ${y}: unknown day type "${d.type}" on ${d.date}`);
  }
  return sets;
}

function expand([from, to]: [string, string]): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Days in one set and not the other, both ways, as one line each; empty when they agree. */
function differences(what: string, a: Set<string>, aName: string, b: Set<string>, bName: string): string[] {
  const onlyA = [...a].filter((d) => !b.has(d)).sort();
  const onlyB = [...b].filter((d) => !a.has(d)).sort();
  const out: string[] = [];
  if (onlyA.length > 0) out.push(`${what} only in ${aName}: ${onlyA.join(', ')}`);
  if (onlyB.length > 0) out.push(`${what} only in ${bName}: ${onlyB.join(', ')}`);
  return out;
}

async function main(): Promise<void> {
  const chineseDays = await fromChineseDays();
  const [cdVersion, hcVersion] = [await version('chinese-days'), await version('holiday-calendar')];
  const problems: string[] = [];
  const years: Record<string, CalendarYear> = {};
  const checked: string[] = [];
  const left: string[] = [];
  for (const y of YEARS) {
    const cd = chineseDays.get(y);
    const hc = await fromHolidayCalendar(y);
    if (!cd && !hc) {
      left.push(`${y} (in neither package)`);
      continue;
    }
    if (!cd || !hc) {
      problems.push(`${y}: only ${cd ? 'chinese-days' : 'holiday-calendar'} has it; one source is not enough`);
      continue;
    }
    for (const list of ['holidays', 'workdays'] as const) {
      problems.push(...differences(`${y} ${list}`, cd[list], `chinese-days@${cdVersion}`, hc[list], `holiday-calendar@${hcVersion}`));
    }
    const official = OFFICIAL[y];
    if (!official) {
      problems.push(`${y}: the packages have it but OFFICIAL has no notice copied for it; check the notice by hand and add it`);
      continue;
    }
    problems.push(...differences(`${y} holidays`, cd.holidays, 'chinese-days', new Set(official.off.flatMap(expand)), official.notice));
    problems.push(...differences(`${y} workdays`, cd.workdays, 'chinese-days', new Set(official.work), official.notice));
    years[String(y)] = { holidays: [...cd.holidays].sort(), workdays: [...cd.workdays].sort() };
    checked.push(`${y} (${official.notice})`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`✗ ${p}`);
    throw new Error(`${problems.length} disagreement(s): cn-mainland.json not written`);
  }
  const calendar: CalendarData = CalendarDataSchema.parse({
    id: 'cn-mainland',
    name: { zh: '中国大陆法定节假日与调休', en: 'Mainland China public holidays and make-up workdays' },
    source:
      `chinese-days@${cdVersion}, cross-checked day by day with holiday-calendar@${hcVersion}; ` +
      `checked against the State Council notices (国务院办公厅关于部分节假日安排的通知): ${checked.join(', ')}. ` +
      `Not included: ${left.join(', ') || 'none'}; such a year is counted Monday–Friday.`,
    generatedAt: new Date().toISOString(),
    years,
  } satisfies CalendarData);
  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, `${JSON.stringify(calendar, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(years).join(', ')}; left out: ${left.join(', ') || 'none'}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
