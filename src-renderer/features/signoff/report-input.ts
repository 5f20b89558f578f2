/**
 * Turns a signed inspection into what the main process lays out as the PDF: every item of every
 * system and unit with its formatted answer, the findings, the photos and the signatures, all in
 * the UI's language. The main process does not interpret answers again.
 */
import { formatRange } from '../../../src-shared/domain/reading';
import { isFinding } from '../../../src-shared/domain/answer';
import type { Step } from '../../../src-shared/domain/steps';
import { MAX_PHOTOS, type ReportInput, type ReportPhoto, type ReportRow, type ReportSection } from '../../../src-shared/report/model';
import type { AttachmentRow, InspectionRow, SignatureRow } from '../../db/rows';
import type { Translator } from '../../i18n/i18n';
import { formatAnswer } from '../inspection/format';
import type { Session } from '../inspection/session';

export async function blobBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // Chunked: String.fromCharCode(...bigArray) overflows the call stack on photo-sized arrays.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface SectionKey {
  subject: string;
  title: string;
  subtitle?: string;
}

function sectionOf(tr: Translator, session: Session, step: Step): SectionKey {
  const { l, t } = tr;
  const template = [...session.templates.values()].find((x) => x.id === step.templateId);
  const templateName = template ? l(template.name) : step.templateId;
  if (step.assetId) {
    const asset = session.assets.get(step.assetId);
    if (!asset) return { subject: step.subject, title: templateName, subtitle: step.assetId };
    const dept = session.hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    return { subject: step.subject, title: l(asset.name), subtitle: `${templateName} · ${asset.assetTag} · ${dept ? l(dept.name) : asset.departmentId} / ${asset.room}` };
  }
  if (step.subject.startsWith('type:')) return { subject: step.subject, title: t('insp.onceForType', { name: templateName }) };
  const system = session.contract.systems.find((s) => `system:${session.contract.id}/${s.id}` === step.subject);
  return { subject: step.subject, title: system ? l(system.name) : templateName, subtitle: templateName };
}

export interface ReportParts {
  inspection: InspectionRow & { signoff: NonNullable<InspectionRow['signoff']> };
  session: Session;
  photos: AttachmentRow[];
  signatures: SignatureRow[];
}

export async function buildReportInput(tr: Translator, { inspection, session, photos, signatures }: ReportParts): Promise<ReportInput> {
  const { l } = tr;
  const sections: (ReportSection & { subject: string })[] = [];
  const findings: ReportInput['findings'] = [];
  const captions = new Map<string, string>();
  for (const step of session.steps) {
    const key = sectionOf(tr, session, step);
    let section = sections.at(-1);
    if (!section || section.subject !== key.subject) {
      section = { subject: key.subject, title: key.title, ...(key.subtitle ? { subtitle: key.subtitle } : {}), rows: [] };
      sections.push(section);
    }
    const answer = session.answers.get(step.key);
    const item = step.item;
    const finding = answer ? isFinding(answer.outcome) : false;
    const level = answer?.faultLevelId ? session.contract.faultLevels.find((f) => f.id === answer.faultLevelId) : undefined;
    const value = answer?.value;
    const result: ReportRow['result'] = !value ? 'na' : value.kind === 'na' ? 'na' : value.kind === 'check' ? value.result : 'value';
    const row: ReportRow = {
      no: String(section.rows.length + 1),
      item: l(item.label),
      guidance: l(item.guidance),
      result,
      ...(value && result === 'value' ? { value: formatAnswer(tr, item, value).replace(item.kind === 'number' ? ` ${item.unit}` : '', '') } : {}),
      ...(item.kind === 'number' ? { unit: item.unit, range: formatRange(item.normal, item.unit) } : {}),
      ...(answer?.note ? { note: answer.note } : {}),
      finding,
      ...(level ? { level: l(level.name) } : {}),
    };
    // The full text answer, not the shortened form the screen's list shows.
    if (value?.kind === 'text') row.value = value.text;
    section.rows.push(row);
    if (finding) findings.push({ section: key.title, item: l(item.label), note: answer?.note ?? '', ...(level ? { level: l(level.name) } : {}) });
    if (answer) captions.set(answer.id, `${key.title} · ${l(item.label)}`);
  }

  const reportPhotos: ReportPhoto[] = [];
  for (const photo of photos.slice(0, MAX_PHOTOS)) {
    const mime = photo.type === 'image/png' ? 'image/png' : 'image/jpeg';
    reportPhotos.push({ id: photo.id, caption: captions.get(photo.answerId) ?? '', mime, dataBase64: await blobBase64(photo.blob), width: photo.width, height: photo.height });
  }

  const assets = [...session.assets.values()];
  const departments = new Set<string>();
  for (const asset of assets) {
    const dept = session.hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    if (dept) departments.add(l(dept.name));
  }
  const campusIds = new Set(assets.map((a) => a.campusId));
  const campus = campusIds.size === 1 ? session.hospital.campuses.find((c) => campusIds.has(c.id)) : undefined;
  const signoff = inspection.signoff;
  const month = inspection.completedAt ?? signoff.signedAt;

  return {
    locale: tr.locale,
    reportId: inspection.id,
    reportNumber: signoff.reportNumber,
    hash: signoff.hash,
    hospital: { id: inspection.hospitalId, name: l(session.hospital.name) },
    ...(campus ? { campus: l(campus.name) } : {}),
    departments: [...departments],
    contract: { id: session.contract.id, name: l(session.contract.name) },
    engineer: inspection.engineer,
    startedAt: inspection.createdAt,
    completedAt: month,
    sections: sections.map(({ subject: _subject, ...s }) => s),
    findings,
    ...(signoff.recommendations ? { recommendations: signoff.recommendations } : {}),
    photos: reportPhotos,
    signatures: await Promise.all(
      signatures.map(async (s) => ({ role: s.role, name: s.name, signedAt: s.signedAt, pngBase64: await blobBase64(s.image) })),
    ),
    rating: { value: signoff.rating.value, ...(signoff.rating.comment ? { comment: signoff.rating.comment } : {}) },
    duplicate: signoff.duplicate,
  };
}
