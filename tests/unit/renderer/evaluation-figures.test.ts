/**
 * The device's 附件1 figures (features/period/EvaluationPanel.tsx), rendered to markup: a record
 * without its written-report time is said beside the hour count, not only in the gaps below, so a
 * bare 0 never reads as "nothing late"; the English grade line has an English colon.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import { contractWindows } from '../../../src-shared/period/windows';
import type { PeriodData } from '../../../src-renderer/features/period/use-period';
import { CALENDAR, cn, contractOf, inspection, pf, serviceRecord } from '../period-fixtures';

type Panel = typeof import('../../../src-renderer/features/period/EvaluationPanel');
const storage = new Map<string, string>();

/** The panel in a language: the UI reads its language from localStorage when it loads, as in the browser. */
async function panelIn(locale: 'zh-CN' | 'en'): Promise<Panel> {
  storage.set('xunjian.locale', locale);
  vi.resetModules();
  return import('../../../src-renderer/features/period/EvaluationPanel');
}

beforeAll(() => {
  globalThis.localStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) } as Storage;
});

const contract = contractOf('004');
const q = contractWindows(contract, 'quarter')[0]!;
const day = q.start;
const services = [serviceRecord('r1', contract, { levelId: 'fatal', reported: `${day} 08:00`, responded: `${day} 10:00`, resolved: `${day} 12:00` })];
const inspections = [inspection('i1', contract, { completed: `${day} 16:00`, state: 'signed', reportNumber: 'XJ-1', verdicts: [pf('department', 'pass'), pf('it_office', 'fail')] })];
const result = evaluateAnnex004({ contract, inspections, services, calendar: CALENDAR, window: q, asOf: cn(`${day} 18:00`) });
const data = { contract } as PeriodData;
const text = (panel: Panel): string => renderToStaticMarkup(createElement(panel.EvaluationFigures, { result, data })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('EvaluationFigures', () => {
  it('says how many records the hour count could not judge', async () => {
    expect(result.late.responses + result.late.resolutions).toBe(0);
    expect(text(await panelIn('zh-CN'))).toContain('另有 1 条记录缺书面报告时间，未计入。');
  });

  it('in English: an English colon and no plural guessed from a count', async () => {
    const t = text(await panelIn('en'));
    expect(t).toContain('Grade for the period: ');
    expect(t).not.toContain('：');
    expect(t).toContain('late responses: 0 · late handling: 0');
    expect(t).toContain('1 more record(s) lack the written-report time and are not counted.');
  });
});
