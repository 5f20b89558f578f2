/**
 * The console's hospital form ⇄ the Hospital schema, pure. Campuses, departments (with their rooms)
 * and contacts are tables of numbered rows; a refused save names the row and column. Removing a
 * campus, department or room that units or contracts still use is refused, naming them.
 */
import { Hospital, type Asset, type Contract } from '../../src-shared/catalog/reference';
import { liveRows, localizedInput, localizedName, normalizePhone, schemaProblems, splitList, splitRooms, value, type Fields, type FormProblem } from './form-fields';

export const CAMPUS_COLUMNS = ['id', 'nameZh', 'nameEn'] as const;
export const DEPT_COLUMNS = ['campus', 'id', 'nameZh', 'nameEn', 'rooms'] as const;
export const CONTACT_COLUMNS = ['name', 'titleZh', 'titleEn', 'phones', 'noteZh', 'noteEn', 'campus', 'department'] as const;

export function hospitalFields(h: Hospital): Fields {
  const f: Fields = { id: h.id, nameZh: h.name.zh, nameEn: h.name.en, cityZh: h.city.zh, cityEn: h.city.en };
  h.campuses.forEach((c, i) => Object.assign(f, { [`campus.${i}.id`]: c.id, [`campus.${i}.nameZh`]: c.name.zh, [`campus.${i}.nameEn`]: c.name.en, [`campus.${i}.kept`]: '1' }));
  h.campuses.flatMap((c) => c.departments.map((d) => ({ c, d }))).forEach(({ c, d }, i) =>
    Object.assign(f, {
      [`dept.${i}.campus`]: c.id,
      [`dept.${i}.id`]: d.id,
      [`dept.${i}.nameZh`]: d.name.zh,
      [`dept.${i}.nameEn`]: d.name.en,
      [`dept.${i}.rooms`]: d.rooms.join('\n'),
      [`dept.${i}.kept`]: '1',
    }),
  );
  (h.contacts ?? []).forEach((c, i) => {
    const row: Fields = { role: c.role, campus: c.campusId ?? '', department: c.departmentId ?? '', name: c.name ?? '', phones: c.phones.join('\n') };
    if (c.title) Object.assign(row, { titleZh: c.title.zh, titleEn: c.title.en });
    if (c.note) Object.assign(row, { noteZh: c.note.zh, noteEn: c.note.en });
    for (const [k, v] of Object.entries(row)) f[`contact.${i}.${k}`] = v;
  });
  return f;
}

export interface HospitalRefs {
  /** The stored hospital (undefined for a new one): its id is kept, whatever the form says. */
  stored?: Hospital;
  /** Whether a new id is already a hospital at this office (even a removed one). */
  idTaken?: (id: string) => boolean;
  assets: Asset[];
  contracts: Contract[];
}

/**
 * The hospital the form describes, checked by the schema and against what uses it; or the problems,
 * by field. `filled` names the English inputs left empty that took the Chinese text.
 */
export function hospitalFromFields(f: Fields, refs: HospitalRefs): { hospital: Hospital; problems: []; filled: string[] } | { hospital?: undefined; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const filled: string[] = [];
  const id = refs.stored?.id ?? value(f, 'id');
  if (!refs.stored && id !== '' && refs.idTaken?.(id)) problems.push({ field: 'id', code: 'idTaken', params: { id } });

  const campusRows = liveRows(f, 'campus', CAMPUS_COLUMNS);
  const campuses = campusRows.map((n) => ({
    id: value(f, `campus.${n}.id`),
    name: localizedInput(f, `campus.${n}.name`, filled),
    departments: [] as { id: string; name: { zh: string; en: string }; rooms: string[] }[],
  }));
  duplicates(campuses.map((c) => c.id)).forEach((i) => problems.push({ field: `campus.${campusRows[i]}.id`, code: 'duplicateId', params: { id: campuses[i]!.id } }));

  // Where each department landed, for the schema's paths: campus index → department index → form row.
  const deptRowOf = new Map<string, number>();
  for (const n of liveRows(f, 'dept', DEPT_COLUMNS)) {
    const campusId = value(f, `dept.${n}.campus`);
    const ci = campuses.findIndex((c) => c.id === campusId);
    const campus = campuses[ci];
    if (!campus) {
      problems.push({ field: `dept.${n}.campus`, code: 'unknownCampus', params: { id: campusId } });
      continue;
    }
    const dept = { id: value(f, `dept.${n}.id`), name: localizedInput(f, `dept.${n}.name`, filled), rooms: unique(splitRooms(f[`dept.${n}.rooms`] ?? '')) };
    if (campus.departments.some((d) => d.id === dept.id)) problems.push({ field: `dept.${n}.id`, code: 'duplicateId', params: { id: dept.id } });
    deptRowOf.set(`${ci}/${campus.departments.length}`, n);
    campus.departments.push(dept);
  }
  campuses.forEach((c, i) => {
    if (c.departments.length === 0) problems.push({ field: `campus.${campusRows[i]}.id`, code: 'noDepartments', params: { id: c.id } });
  });

  const contactRows = liveRows(f, 'contact', CONTACT_COLUMNS);
  const contacts = contactRows.map((n) => {
    const v = (k: string): string => value(f, `contact.${n}.${k}`);
    const text = (k: string) => (v(`${k}Zh`) || v(`${k}En`) ? { [k]: localizedInput(f, `contact.${n}.${k}`, filled) } : {});
    return {
      role: v('role') || 'other',
      ...(v('campus') ? { campusId: v('campus') } : {}),
      ...(v('department') ? { departmentId: v('department') } : {}),
      ...(v('name') ? { name: v('name') } : {}),
      ...text('title'),
      phones: splitList(normalizePhone(f[`contact.${n}.phones`] ?? '')),
      ...text('note'),
    };
  });

  const draft = { id, name: localizedInput(f, 'name', filled), city: localizedInput(f, 'city', filled), campuses, ...(contacts.length || refs.stored?.contacts ? { contacts } : {}) };
  const parsed = Hospital.safeParse(draft);
  if (!parsed.success) {
    const fieldOf = (path: readonly PropertyKey[]): string => {
      const [top, i, sub, j, ...rest] = path;
      if (top === 'name' || top === 'city') return localizedName(top, i);
      if (top === 'campuses' && typeof i === 'number') {
        if (sub === 'departments' && typeof j === 'number') {
          const row = deptRowOf.get(`${i}/${j}`);
          const [col, lang] = rest;
          return `dept.${row}.${col === 'name' ? localizedName('name', lang) : col === 'rooms' ? 'rooms' : 'id'}`;
        }
        return `campus.${campusRows[i]}.${sub === 'name' ? localizedName('name', j) : 'id'}`;
      }
      if (top === 'contacts' && typeof i === 'number') {
        const column: Record<string, string> = { campusId: 'campus', departmentId: 'department', title: localizedName('title', j), note: localizedName('note', j), phones: 'phones', role: 'role' };
        return `contact.${contactRows[i]}.${column[String(sub)] ?? 'name'}`;
      }
      return top === 'id' ? 'id' : top === 'campuses' ? 'campuses' : '';
    };
    // A contact with no campus is checked against every campus; with none at all, "院区" already says what to do.
    const issues = parsed.error.issues.filter((i) => !(campuses.length === 0 && i.path[0] === 'contacts' && i.path[2] === 'campusId'));
    problems.push(...schemaProblems(issues, fieldOf, problems));
  }
  // On the draft, so a refused save lists every problem at once (its shape is the schema's, unchecked).
  problems.push(...removedInUse(draft, refs, deptRowOf));
  return problems.length === 0 && parsed.success ? { hospital: parsed.data, problems: [], filled } : { problems };
}

/**
 * Campuses, departments and rooms the stored hospital has and the form drops, while units or
 * contracts still use them: devices would hold units in places the hospital no longer has.
 */
function removedInUse(next: Pick<Hospital, 'campuses'>, refs: HospitalRefs, deptRowOf: Map<string, number>): FormProblem[] {
  const stored = refs.stored;
  if (!stored) return [];
  const problems: FormProblem[] = [];
  const tags = (list: Asset[]): string => list.slice(0, 10).map((a) => a.assetTag).join('、') + (list.length > 10 ? ` …(${list.length})` : '');
  for (const campus of stored.campuses) {
    const now = next.campuses.find((c) => c.id === campus.id);
    if (!now) {
      const contracts = refs.contracts.filter((c) => c.campusIds.includes(campus.id));
      const units = refs.assets.filter((a) => a.campusId === campus.id);
      if (contracts.length || units.length) {
        problems.push({ field: 'campuses', code: 'inUse', params: { what: campus.id, by: [...contracts.map((c) => c.id), ...(units.length ? [tags(units)] : [])].join('、') } });
      }
      continue;
    }
    // One dropped and one added in the same place looks like a rename: say so, and how to move the units.
    const droppedDepts = campus.departments.filter((d) => !now.departments.some((n) => n.id === d.id));
    const addedDepts = now.departments.filter((n) => !campus.departments.some((d) => d.id === n.id));
    for (const dept of campus.departments) {
      const units = refs.assets.filter((a) => a.campusId === campus.id && a.departmentId === dept.id);
      const nowDept = now.departments.find((d) => d.id === dept.id);
      if (!nowDept) {
        const what = `${campus.id}/${dept.id}`;
        const renamed = droppedDepts.length === 1 && addedDepts.length === 1 ? addedDepts[0]! : undefined;
        if (units.length) problems.push({ field: 'depts', ...inUse(what, tags(units), renamed && `${campus.id}/${renamed.id}`) });
        continue;
      }
      const row = deptRowOf.get(`${next.campuses.indexOf(now)}/${now.departments.indexOf(nowDept)}`);
      const droppedRooms = dept.rooms.filter((r) => !nowDept.rooms.includes(r));
      const addedRooms = nowDept.rooms.filter((r) => !dept.rooms.includes(r));
      for (const room of droppedRooms) {
        const inRoom = units.filter((a) => a.room === room);
        if (inRoom.length) problems.push({ field: `dept.${row}.rooms`, ...inUse(room, tags(inRoom), droppedRooms.length === 1 && addedRooms.length === 1 ? addedRooms[0] : undefined) });
      }
    }
  }
  return problems;
}

const inUse = (what: string, by: string, renamedTo: string | undefined): Omit<FormProblem, 'field'> =>
  renamedTo === undefined ? { code: 'inUse', params: { what, by } } : { code: 'renameInUse', params: { what, to: renamedTo, by } };

function duplicates(ids: string[]): number[] {
  return ids.flatMap((id, i) => (id !== '' && ids.indexOf(id) !== i ? [i] : []));
}

const unique = (list: string[]): string[] => [...new Set(list)];
