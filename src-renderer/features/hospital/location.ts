/** Where a unit or a contact sits in a hospital, named in the UI language. */
import type { Asset, Hospital } from '../../../src-shared/catalog/reference';
import type { Translator } from '../../i18n/i18n';

/** The department's name; with the campus when the hospital has several (each may have an IT centre). */
export function departmentName({ l }: Pick<Translator, 'l'>, hospital: Hospital, departmentId: string, campusId?: string): string {
  for (const campus of hospital.campuses) {
    if (campusId !== undefined && campus.id !== campusId) continue;
    const department = campus.departments.find((d) => d.id === departmentId);
    if (department) return hospital.campuses.length > 1 ? `${l(campus.name)} · ${l(department.name)}` : l(department.name);
  }
  return departmentId;
}

export function locationOf(tr: Pick<Translator, 'l'>, hospital: Hospital, asset: Pick<Asset, 'campusId' | 'departmentId' | 'room'>): string {
  return `${departmentName(tr, hospital, asset.departmentId, asset.campusId)} · ${asset.room}`;
}
