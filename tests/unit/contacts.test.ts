/** A hospital's contacts in reference data: optional, bounded, phones checked loosely, departments that exist. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hospital, HospitalFile, Phone } from '../../src-shared/catalog/reference';

const shipped = async (id: string): Promise<Record<string, unknown>> =>
  (JSON.parse(await readFile(path.resolve('assets/catalog/hospitals', `${id}.json`), 'utf8')) as { hospital: Record<string, unknown> }).hospital;

const issues = (value: unknown): string[] => {
  const parsed = Hospital.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('hospital contacts', () => {
  it('are optional: a hospital from before contacts existed still validates', async () => {
    const { contacts, ...older } = await shipped('wuhan-central');
    expect(contacts).toBeDefined();
    expect(Hospital.parse(older).contacts).toBeUndefined();
  });

  it('every demo hospital ships an IT office contact, marked as demo, with departments that exist', async () => {
    for (const id of ['gd-provincial', 'queue-demo', 'wuhan-central', 'yunan-peoples', 'zhanjiang-central']) {
      const hospital = Hospital.parse(await shipped(id));
      const it = hospital.contacts?.find((c) => c.role === 'it_office');
      expect(it?.phones.length, id).toBeGreaterThan(0);
      // Fictional: the tenders give no contacts, so each one says so in its name, title or note.
      for (const c of hospital.contacts ?? []) expect(JSON.stringify(c), id).toMatch(/演示/);
    }
  });

  it('takes phone numbers as people write them and refuses what is not one', () => {
    for (const ok of ['0766-7512345', '(020) 8382 7812', '+86 27 6581 1234', '0759-2231234 分机 8001', '027-8821 0000 转 2201', '13800000000', '020-12345678 ext. 12']) {
      expect(Phone.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['信息科', 'call me', '123-', '-', '0766 7512345 分机', '1'.repeat(41), '0766-7512345; DROP']) {
      expect(Phone.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('bounds every string and checks roles against the hospital’s departments', async () => {
    const base = await shipped('wuhan-central');
    const withContact = (contact: Record<string, unknown>) => ({ ...base, contacts: [contact] });
    const title = { zh: '主任', en: 'Head' };
    expect(issues(withContact({ role: 'other', name: '某'.repeat(41), phones: ['027-1'] }))).toEqual([expect.stringMatching(/^contacts\.0\.name/)]);
    expect(issues(withContact({ role: 'other', name: '某', title: { zh: '长'.repeat(61), en: 'x' } }))).toEqual([expect.stringMatching(/^contacts\.0\.title\.zh/)]);
    expect(issues(withContact({ role: 'other', name: '某', note: { zh: '注'.repeat(201), en: 'x' } }))).toEqual([expect.stringMatching(/^contacts\.0\.note\.zh/)]);
    expect(issues(withContact({ role: 'other', name: '某', phones: ['027-1', '027-2', '027-3', '027-4', '027-5'] }))).toHaveLength(1);
    expect(issues(withContact({ role: 'other', title }))).toEqual([expect.stringContaining('a name or a phone')]);
    expect(issues(withContact({ role: 'department_head', name: '某', title }))).toEqual([expect.stringMatching(/^contacts\.0\.departmentId: a department head/)]);
    expect(issues(withContact({ role: 'department_head', name: '某', departmentId: 'radiology' }))).toEqual(['contacts.0.departmentId: unknown department "radiology"']);
    // Wuhan's campuses each have an IT centre; a campus narrows it, and must be the hospital's.
    expect(issues(withContact({ role: 'it_office', phones: ['027-1'], campusId: 'houhu', departmentId: 'it-centre' }))).toEqual([]);
    expect(issues(withContact({ role: 'it_office', phones: ['027-1'], campusId: 'houhu', departmentId: 'cardiology' }))).toEqual(['contacts.0.departmentId: unknown department "cardiology"']);
    expect(issues(withContact({ role: 'it_office', phones: ['027-1'], campusId: 'moon' }))).toEqual(['contacts.0.campusId: unknown campus "moon"']);
    expect(issues(withContact({ role: 'secretary', name: '某' }))).toHaveLength(1);
    expect(issues(withContact({ role: 'other', name: '某', email: 'a@b.c' }))).toHaveLength(1);
  });

  it('reach the hospital file as the office and the app read it', async () => {
    const raw = JSON.parse(await readFile(path.resolve('assets/catalog/hospitals/yunan-peoples.json'), 'utf8')) as unknown;
    const file = HospitalFile.parse(raw);
    expect(file.hospital.contacts?.map((c) => c.role)).toContain('department_head');
  });
});
