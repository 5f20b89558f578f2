import { describe, expect, it } from 'vitest';
import type { Asset, FaultLevel } from '../../src-shared/catalog/reference';
import { Item, type Severity, type Template } from '../../src-shared/catalog/schema';
import { missingEvidence, outcomeOf, suggestFaultLevel, type AnswerEvidence, type AnswerValue } from '../../src-shared/domain/answer';
import { formatRange, parseReading } from '../../src-shared/domain/reading';
import { buildSteps, progressOf, resumeIndex, templateKey, type Step, type Target } from '../../src-shared/domain/steps';

// ---------- helpers ----------

const text = (s: string) => ({ zh: s, en: s });

/** A parsed item (defaults applied), from just what a test cares about. */
function item(id: string, kind: Item['kind'], extra: Record<string, unknown> = {}): Item {
  const byKind: Record<Item['kind'], Record<string, unknown>> = {
    check: {},
    number: { unit: '%', normal: { min: 20, max: 80 }, bounds: { min: 0, max: 100 } },
    text: {},
    choice: { options: [{ id: 'ok', label: text('ok') }, { id: 'broken', label: text('broken'), fail: true }] },
    photo: {},
  };
  return Item.parse({ id, kind, label: text(id), guidance: text(id), ...byKind[kind], ...extra });
}

/** A template built directly (the catalog's 10-item minimum would only bloat these tests). */
function template(id: string, kind: 'system' | 'hardware', sections: Record<string, Item[]>, version = 1): Template {
  return {
    id,
    version,
    kind,
    ...(kind === 'hardware' ? { hardwareType: 'room_screen' as const } : {}),
    name: text(id),
    sources: ['003'],
    sections: Object.entries(sections).map(([sid, items]) => ({ id: sid, title: text(sid), items })),
  };
}

function asset(id: string, campusId: string, departmentId: string, room: string): Asset {
  return {
    id,
    contractId: 'c',
    hardwareType: 'room_screen',
    templateId: 'screen',
    assetTag: id.toUpperCase(),
    name: text(id),
    model: 'm',
    campusId,
    departmentId,
    room,
  };
}

function level(id: string, severity: Severity): FaultLevel {
  return { id, severity, name: text(id), description: text(id), kinds: ['fault'], proposeFrom: 'start', onSiteBy: 'arrival', quotes: [], alsoStated: [] };
}

const reading = { bounds: { min: 0, max: 100 }, normal: { min: 20, max: 80 }, decimals: 1 };

// ---------- reading ----------

describe('parseReading', () => {
  it('reads plain and full-width digits', () => {
    expect(parseReading('45', reading)).toEqual({ ok: true, value: 45, inRange: true });
    expect(parseReading('４５', reading)).toEqual({ ok: true, value: 45, inRange: true });
    expect(parseReading('４５．５', reading)).toEqual({ ok: true, value: 45.5, inRange: true });
    expect(parseReading('  45 ', reading)).toEqual({ ok: true, value: 45, inRange: true });
  });

  it('takes one comma as the decimal point, never as a thousands separator', () => {
    expect(parseReading('3,5', reading)).toEqual({ ok: true, value: 3.5, inRange: false });
    expect(parseReading('３，５', reading)).toEqual({ ok: true, value: 3.5, inRange: false });
    expect(parseReading('1,2,3', reading)).toEqual({ ok: false, reason: 'not_a_number' });
  });

  it('refuses what is not a number', () => {
    for (const input of ['12abc', 'abc', '1e3', '-', '.', '1.2.3', 'Infinity', '0x10']) {
      expect(parseReading(input, reading), input).toEqual({ ok: false, reason: 'not_a_number' });
    }
  });

  it('says empty for blank input', () => {
    expect(parseReading('', reading)).toEqual({ ok: false, reason: 'empty' });
    expect(parseReading('   ', reading)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses readings outside the sane bounds, inclusive at the edges', () => {
    expect(parseReading('100.1', reading)).toEqual({ ok: false, reason: 'out_of_bounds' });
    expect(parseReading('-1', reading)).toEqual({ ok: false, reason: 'out_of_bounds' });
    expect(parseReading('１０１', reading)).toEqual({ ok: false, reason: 'out_of_bounds' });
    expect(parseReading('100', reading)).toEqual({ ok: true, value: 100, inRange: false });
    expect(parseReading('0', reading)).toEqual({ ok: true, value: 0, inRange: false });
  });

  it('refuses more decimals than the item allows', () => {
    expect(parseReading('45.55', reading)).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseReading('45,55', reading)).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseReading('45', { ...reading, decimals: 0 })).toEqual({ ok: true, value: 45, inRange: true });
  });

  it('says "whole numbers only" where an item takes no decimals, for digits typed full-width too', () => {
    const whole = { ...reading, decimals: 0 };
    expect(parseReading('45.5', whole)).toEqual({ ok: false, reason: 'not_whole' });
    expect(parseReading('６５．５', whole)).toEqual({ ok: false, reason: 'not_whole' });
    expect(parseReading('６５', whole)).toEqual({ ok: true, value: 65, inRange: true });
  });

  it('takes the points a Chinese IME types, and trailing zeros as no extra precision', () => {
    expect(parseReading('６５。５', reading)).toEqual({ ok: true, value: 65.5, inRange: true });
    expect(parseReading('65｡5', reading)).toEqual({ ok: true, value: 65.5, inRange: true });
    expect(parseReading('６５．０', { ...reading, decimals: 0 })).toEqual({ ok: true, value: 65, inRange: true });
    expect(parseReading('45.50', reading)).toEqual({ ok: true, value: 45.5, inRange: true });
    expect(parseReading('45.51', reading)).toEqual({ ok: false, reason: 'too_many_decimals' });
  });

  it('flags readings outside the normal range but still accepts them', () => {
    expect(parseReading('20', reading)).toEqual({ ok: true, value: 20, inRange: true });
    expect(parseReading('80', reading)).toEqual({ ok: true, value: 80, inRange: true });
    expect(parseReading('19.9', reading)).toEqual({ ok: true, value: 19.9, inRange: false });
    expect(parseReading('80.1', reading)).toEqual({ ok: true, value: 80.1, inRange: false });
  });

  it('treats an open-ended normal range as unbounded on that side', () => {
    const onlyMax = { ...reading, normal: { max: 80 } };
    expect(parseReading('0', onlyMax)).toMatchObject({ ok: true, inRange: true });
    expect(parseReading('81', onlyMax)).toMatchObject({ ok: true, inRange: false });
    const negative = { bounds: { min: -150, max: -30 }, normal: { min: -105 }, decimals: 0 };
    expect(parseReading('－９０', negative)).toEqual({ ok: true, value: -90, inRange: true });
    expect(parseReading('-110', negative)).toEqual({ ok: true, value: -110, inRange: false });
  });
});

describe('formatRange', () => {
  it('formats closed and open ranges', () => {
    expect(formatRange({ min: 20, max: 80 }, '%')).toBe('20–80 %');
    expect(formatRange({ max: 80 }, '%')).toBe('≤ 80 %');
    expect(formatRange({ min: 10 }, 'GB')).toBe('≥ 10 GB');
    expect(formatRange({}, 'GB')).toBe('');
  });
});

// ---------- answers ----------

describe('outcomeOf', () => {
  const na: AnswerValue = { kind: 'na' };

  it('follows a check item', () => {
    const check = item('c', 'check');
    expect(outcomeOf(check, { kind: 'check', result: 'pass' })).toBe('pass');
    expect(outcomeOf(check, { kind: 'check', result: 'fail' })).toBe('fail');
    expect(outcomeOf(check, na)).toBe('na');
  });

  it('flags a number outside the normal range as out_of_range', () => {
    const num = item('n', 'number');
    expect(outcomeOf(num, { kind: 'number', value: 50 })).toBe('pass');
    expect(outcomeOf(num, { kind: 'number', value: 80 })).toBe('pass');
    expect(outcomeOf(num, { kind: 'number', value: 81 })).toBe('out_of_range');
    expect(outcomeOf(num, { kind: 'number', value: 5 })).toBe('out_of_range');
    expect(outcomeOf(num, na)).toBe('na');
  });

  it('fails a choice only for an option marked fail', () => {
    const choice = item('ch', 'choice');
    expect(outcomeOf(choice, { kind: 'choice', optionId: 'ok' })).toBe('pass');
    expect(outcomeOf(choice, { kind: 'choice', optionId: 'broken' })).toBe('fail');
  });

  it('passes text and photo answers', () => {
    expect(outcomeOf(item('t', 'text'), { kind: 'text', text: 'all good' })).toBe('pass');
    expect(outcomeOf(item('p', 'photo'), { kind: 'photo', count: 2 })).toBe('pass');
    expect(outcomeOf(item('p', 'photo'), na)).toBe('na');
  });
});

describe('missingEvidence', () => {
  it('asks nothing of a pass or a not-applicable', () => {
    expect(missingEvidence('note', 'pass', '', 0)).toBeNull();
    expect(missingEvidence('photo', 'na', '', 0)).toBeNull();
  });

  it('asks for what the item requires on a finding', () => {
    expect(missingEvidence('none', 'fail', '', 0)).toBeNull();
    expect(missingEvidence('note', 'fail', '', 0)).toBe('note');
    expect(missingEvidence('note', 'fail', '   ', 3)).toBe('note');
    expect(missingEvidence('note', 'out_of_range', 'fan noisy', 0)).toBeNull();
    expect(missingEvidence('photo', 'fail', 'a note', 0)).toBe('photo');
    expect(missingEvidence('photo', 'out_of_range', '', 1)).toBeNull();
    expect(missingEvidence('note_or_photo', 'fail', '', 0)).toBe('note_or_photo');
    expect(missingEvidence('note_or_photo', 'fail', 'x', 0)).toBeNull();
    expect(missingEvidence('note_or_photo', 'fail', '', 1)).toBeNull();
  });
});

describe('suggestFaultLevel', () => {
  const full = { faultLevels: [level('l1', 'critical'), level('l2', 'major'), level('l3', 'minor'), level('l4', 'request')] };

  it('picks the level declared for the severity', () => {
    expect(suggestFaultLevel(full, 'critical')?.id).toBe('l1');
    expect(suggestFaultLevel(full, 'major')?.id).toBe('l2');
    expect(suggestFaultLevel(full, 'minor')?.id).toBe('l3');
    expect(suggestFaultLevel(full, 'request')?.id).toBe('l4');
  });

  it('falls back to the nearest more serious level', () => {
    const noRequest = { faultLevels: [level('fatal', 'critical'), level('serious', 'major'), level('minor', 'minor')] };
    expect(suggestFaultLevel(noRequest, 'request')?.id).toBe('minor');
    const gaps = { faultLevels: [level('fatal', 'critical'), level('other', 'request')] };
    expect(suggestFaultLevel(gaps, 'minor')?.id).toBe('fatal');
    expect(suggestFaultLevel(gaps, 'major')?.id).toBe('fatal');
    expect(suggestFaultLevel(gaps, 'request')?.id).toBe('other');
  });

  it('suggests nothing for a contract without levels', () => {
    expect(suggestFaultLevel({ faultLevels: [] }, 'minor')).toBeUndefined();
  });
});

// ---------- steps ----------

describe('buildSteps', () => {
  const his = template('his', 'system', { env: [item('cpu', 'number'), item('disk', 'check')], backup: [item('bk', 'check')] });
  const screen = template('screen', 'hardware', {
    look: [item('mount', 'check', { perAsset: true }), item('spares', 'check')],
    show: [item('power', 'check', { perAsset: true }), item('delay', 'number', { perAsset: true }), item('staff', 'text')],
  });
  const templates = new Map([his, screen].map((t) => [templateKey(t.id, t.version), t]));
  const units = [
    asset('b-surg-r1', 'b-campus', 'surgery', '诊室1'),
    asset('a-med-r10', 'a-campus', 'medicine', '诊室10'),
    asset('a-med-r2', 'a-campus', 'medicine', '诊室2'),
    asset('a-derm-r9', 'a-campus', 'derm', '诊室9'),
  ];
  const assets = new Map(units.map((a) => [a.id, a]));
  const targets: Target[] = [
    { kind: 'system', systemId: 'his-main', templateId: 'his', templateVersion: 1 },
    { kind: 'hardware', templateId: 'screen', templateVersion: 1, assetIds: units.map((u) => u.id) },
  ];

  it('asks a system item by item, in section order', () => {
    const steps = buildSteps(targets.slice(0, 1), templates, assets);
    expect(steps.map((s) => s.key)).toEqual(['system:his-main#cpu', 'system:his-main#disk', 'system:his-main#bk']);
    expect(steps.map((s) => s.group)).toEqual(['system:his-main/env', 'system:his-main/env', 'system:his-main/backup']);
    expect(steps.every((s) => s.targetIndex === 0 && s.templateId === 'his' && s.assetId === undefined)).toBe(true);
  });

  it('groups hardware units by campus, department and room, then asks once-per-type items', () => {
    const steps = buildSteps(targets, templates, assets).filter((s) => s.targetIndex === 1);
    const unitOrder = ['a-derm-r9', 'a-med-r2', 'a-med-r10', 'b-surg-r1'];
    const perUnit = unitOrder.flatMap((id) => ['mount', 'power', 'delay'].map((itemId) => `asset:${id}#${itemId}`));
    expect(steps.map((s) => s.key)).toEqual([...perUnit, 'type:screen#spares', 'type:screen#staff']);
    const first = steps[0]!;
    expect(first).toMatchObject({ subject: 'asset:a-derm-r9', assetId: 'a-derm-r9', group: 'asset:a-derm-r9', sectionId: 'look' });
    expect(steps.at(-1)).toMatchObject({ subject: 'type:screen', group: 'type:screen/show', sectionId: 'show' });
    expect(steps.at(-1)!.assetId).toBeUndefined();
  });

  it('gives every step a unique key', () => {
    const steps = buildSteps(targets, templates, assets);
    expect(steps).toHaveLength(3 + 4 * 3 + 2);
    expect(new Set(steps.map((s) => s.key)).size).toBe(steps.length);
  });

  it('skips units that are not in the store', () => {
    const target: Target = { kind: 'hardware', templateId: 'screen', templateVersion: 1, assetIds: ['gone', 'a-med-r2'] };
    const subjects = new Set(buildSteps([target], templates, assets).map((s) => s.subject));
    expect([...subjects]).toEqual(['asset:a-med-r2', 'type:screen']);
  });

  it('uses the exact template version and throws when it is missing', () => {
    expect(() => buildSteps([{ ...targets[0]!, templateVersion: 2 } as Target], templates, assets)).toThrow(/his v2/);
  });
});

describe('progressOf and resumeIndex', () => {
  const t = template('his', 'system', { a: [item('a1', 'check'), item('a2', 'check')], b: [item('b1', 'check')] });
  const steps: Step[] = buildSteps(
    [{ kind: 'system', systemId: 's', templateId: 'his', templateVersion: 1 }],
    new Map([[templateKey('his', 1), t]]),
    new Map(),
  );
  const keys = steps.map((s) => s.key);

  const pass: AnswerEvidence = { outcome: 'pass', note: '', photoCount: 0 };

  it('counts answered steps overall and per group, ignoring unknown keys', () => {
    const { overall, byGroup, unanswered, owing } = progressOf(steps, new Map([[keys[0]!, pass], [keys[2]!, pass], ['system:other#x', pass]]));
    expect(overall).toEqual({ done: 2, total: 3 });
    expect(byGroup.get('system:s/a')).toEqual({ done: 1, total: 2 });
    expect(byGroup.get('system:s/b')).toEqual({ done: 1, total: 1 });
    expect(byGroup.size).toBe(2);
    expect({ unanswered, owing }).toEqual({ unanswered: 1, owing: 0 });
  });

  it('does not count a finding that still owes its note, so the bar and "N left" agree', () => {
    // The items require a note on failure (the catalog default).
    const failed: AnswerEvidence = { outcome: 'fail', note: '', photoCount: 0 };
    const owing = progressOf(steps, new Map([[keys[0]!, pass], [keys[1]!, failed]]));
    expect(owing).toMatchObject({ overall: { done: 1, total: 3 }, unanswered: 1, owing: 1 });
    expect(owing.overall.total - owing.overall.done).toBe(owing.unanswered + owing.owing);
    const noted = progressOf(steps, new Map([[keys[0]!, pass], [keys[1]!, { ...failed, note: '风扇异响' }]]));
    expect(noted).toMatchObject({ overall: { done: 2, total: 3 }, unanswered: 1, owing: 0 });
  });

  it('resumes at the saved cursor when it still exists', () => {
    expect(resumeIndex(steps, keys[1]!, new Set([keys[0]!]))).toBe(1);
    expect(resumeIndex(steps, keys[0]!, new Set(keys))).toBe(0);
  });

  it('otherwise resumes at the first unanswered step, or the last when all are done', () => {
    expect(resumeIndex(steps, null, new Set([keys[0]!]))).toBe(1);
    expect(resumeIndex(steps, 'system:s#removed-item', new Set([keys[0]!, keys[1]!]))).toBe(2);
    expect(resumeIndex(steps, null, new Set(keys))).toBe(2);
    expect(resumeIndex([], null, new Set())).toBe(0);
  });
});
