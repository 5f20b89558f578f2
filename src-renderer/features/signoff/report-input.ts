/**
 * Turns a signed inspection into what the main process lays out as the PDF: every item of every
 * system and unit with its formatted answer, the findings, the photos and the signatures, all in
 * the UI's language. The main process does not interpret answers again.
 */
import { CATALOG_LIMITS, LIMITS } from '../../../src-shared/domain/limits';
import { formatRange } from '../../../src-shared/domain/reading';
import { isFinding } from '../../../src-shared/domain/answer';
import type { Step } from '../../../src-shared/domain/steps';
import { REPORT_FIELD_MAX, type ReportInput, type ReportRow, type ReportSection } from '../../../src-shared/report/model';
import type { AttachmentRow, InspectionRow, SignatureRow } from '../../db/rows';
import type { Translator } from '../../i18n/i18n';
import { formatAnswer } from '../inspection/format';
import type { Session } from '../inspection/session';
import { blobBase64 } from './blob-base64';
import type { PrintPhoto } from './print-photo';
import { overflowCollector, type OverflowCollector } from './report-overflow';
import { contractRoleNames, reportVerdicts } from './verdict-labels';

interface SectionKey {
  subject: string;
  kind: ReportSection['kind'];
  title: string;
  subtitle?: string;
}

function sectionOf(tr: Translator, session: Session, step: Step): SectionKey {
  const { l, t } = tr;
  const template = [...session.templates.values()].find((x) => x.id === step.templateId);
  const templateName = template ? l(template.name) : step.templateId;
  if (step.assetId) {
    const asset = session.assets.get(step.assetId);
    if (!asset) return { subject: step.subject, kind: 'unit', title: templateName, subtitle: step.assetId };
    const dept = session.hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    return { subject: step.subject, kind: 'unit', title: l(asset.name), subtitle: `${templateName} · ${asset.assetTag} · ${dept ? l(dept.name) : asset.departmentId} / ${asset.room}` };
  }
  if (step.subject.startsWith('type:')) return { subject: step.subject, kind: 'type', title: t('insp.onceForType', { name: templateName }) };
  const system = session.contract.systems.find((s) => `system:${session.contract.id}/${s.id}` === step.subject);
  const title = system ? l(system.name) : templateName;
  // The checklist's name only when it says something the system's name does not.
  return { subject: step.subject, kind: 'system', title, ...(templateName !== title ? { subtitle: templateName } : {}) };
}

export interface ReportParts {
  inspection: InspectionRow & { signoff: NonNullable<InspectionRow['signoff']> };
  session: Session;
  /** The item photos, in the order they were taken (paper-sheet scans are not part of the report). */
  photos: AttachmentRow[];
  signatures: Pick<SignatureRow, 'role' | 'name' | 'signedAt' | 'image'>[];
  /** The enrolled office's address, for the QR code's check of the paper copy. */
  officeUrl?: string;
}

function rowOf(tr: Translator, session: Session, step: Step, no: number, title: string, overflow: OverflowCollector): { row: ReportRow; label: string } {
  const { l, t } = tr;
  const answer = session.answers.get(step.key);
  const item = step.item;
  const label = overflow.fit(l(item.label), CATALOG_LIMITS.label, title);
  const where = `${title} · ${label}`;
  const finding = answer ? isFinding(answer.outcome) : false;
  const level = answer?.faultLevelId ? session.contract.faultLevels.find((f) => f.id === answer.faultLevelId) : undefined;
  // A finding about the vendor's service is printed as such, never under a fault level (issue 12).
  const serviceQuality = finding && (answer?.serviceQuality ?? item.serviceQuality) === true;
  const value = answer?.value;
  const result: ReportRow['result'] = !value ? 'na' : value.kind === 'na' ? 'na' : value.kind === 'check' ? value.result : 'value';
  // The full text answer, not the shortened form the screen's list shows.
  const printed = value?.kind === 'text' ? value.text : value && result === 'value' ? formatAnswer(tr, item, value).replace(item.kind === 'number' ? ` ${item.unit}` : '', '') : undefined;
  const row: ReportRow = {
    no: String(no),
    item: label,
    guidance: overflow.fit(l(item.guidance), CATALOG_LIMITS.text, t('report.overflow.guidanceOf', { where })),
    result,
    ...(printed !== undefined ? { value: overflow.fit(printed, LIMITS.textAnswer, t('report.overflow.valueOf', { where })) } : {}),
    ...(item.kind === 'number' ? { unit: item.unit, range: formatRange(item.normal, item.unit) } : {}),
    ...(answer?.note ? { note: overflow.fit(answer.note, LIMITS.note, t('report.overflow.noteOf', { where })) } : {}),
    finding,
    ...(serviceQuality ? { level: t('report.pdf.serviceQuality'), serviceQuality: true as const } : level ? { level: overflow.fit(l(level.name), CATALOG_LIMITS.name, where) } : {}),
  };
  return { row, label };
}

/** The rows, section by section (a system, a unit, a type's once-only items), in the order they were asked. */
function sectionsOf(tr: Translator, session: Session, overflow: OverflowCollector): { sections: ReportSection[]; findings: ReportInput['findings']; captions: Map<string, string> } {
  const sections: (ReportSection & { subject: string })[] = [];
  const findings: ReportInput['findings'] = [];
  const captions = new Map<string, string>();
  for (const step of session.steps) {
    let section = sections.at(-1);
    if (!section || section.subject !== step.subject) {
      const key = sectionOf(tr, session, step);
      const title = overflow.fit(key.title, REPORT_FIELD_MAX.title, key.title);
      section = {
        subject: key.subject,
        kind: key.kind,
        title,
        ...(key.subtitle ? { subtitle: overflow.fit(key.subtitle, REPORT_FIELD_MAX.subtitle, title) } : {}),
        rows: [],
      };
      sections.push(section);
    }
    const { row, label } = rowOf(tr, session, step, section.rows.length + 1, section.title, overflow);
    section.rows.push(row);
    if (row.finding) findings.push({ section: section.title, item: label, note: row.note ?? '', ...(row.level ? { level: row.level } : {}), ...(row.serviceQuality ? { serviceQuality: true as const } : {}) });
    const answer = session.answers.get(step.key);
    if (answer) captions.set(answer.id, `${section.title} · ${label}`);
  }
  return { sections: sections.map(({ subject: _subject, ...s }) => s), findings, captions };
}

export async function buildReportInput(tr: Translator, { inspection, session, photos, signatures, officeUrl }: ReportParts, printPhoto: PrintPhoto): Promise<ReportInput> {
  const { l } = tr;
  const overflow = overflowCollector(tr);
  const { sections, findings, captions } = sectionsOf(tr, session, overflow);

  const reportPhotos: ReportInput['photos'] = [];
  for (const photo of photos) {
    const caption = (captions.get(photo.answerId) ?? '').slice(0, REPORT_FIELD_MAX.caption);
    reportPhotos.push({ id: photo.id, caption, ...(await printPhoto(photo.blob)) });
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
  // The report shows the signers in the order the screen asked for them: the contract's.
  const order = session.contract.signOff.roles;
  const rank = (role: SignatureRow['role']): number => {
    const i = order.indexOf(role);
    return i < 0 ? order.length : i;
  };
  const signers = [...signatures].sort((a, b) => rank(a.role) - rank(b.role));
  const fit = (text: string, max: number, label: string): string => overflow.fit(text, max, label);

  return {
    locale: tr.locale,
    reportId: inspection.id,
    reportNumber: signoff.reportNumber,
    hash: signoff.hash,
    hospital: { id: inspection.hospitalId, name: fit(l(session.hospital.name), CATALOG_LIMITS.name, tr.t('report.pdf.hospital')) },
    ...(campus ? { campus: fit(l(campus.name), CATALOG_LIMITS.name, tr.t('report.pdf.campus')) } : {}),
    departments: [...departments].map((d) => fit(d, CATALOG_LIMITS.name, tr.t('report.pdf.departments'))),
    contract: { id: session.contract.id, name: fit(l(session.contract.name), CATALOG_LIMITS.name, tr.t('report.pdf.contract')) },
    ...(inspection.mode ? { mode: tr.t(`insp.mode.${inspection.mode}`) } : {}),
    engineer: fit(inspection.engineer, LIMITS.personName, tr.t('report.pdf.engineer')),
    startedAt: inspection.createdAt,
    completedAt: month,
    sections,
    findings,
    ...(signoff.recommendations ? { recommendations: fit(signoff.recommendations, LIMITS.recommendations, tr.t('report.pdf.recommendations')) } : {}),
    photos: reportPhotos,
    signatures: await Promise.all(
      signers.map(async (s) => ({ role: s.role, name: fit(s.name, LIMITS.personName, tr.t(`sign.role.${s.role}`)), signedAt: s.signedAt, pngBase64: await blobBase64(s.image) })),
    ),
    roleNames: contractRoleNames(tr, session.contract),
    // Signed before issue 12: its one rating, as it was signed.
    ...(signoff.rating ? { rating: { value: signoff.rating.value, ...(signoff.rating.comment ? { comment: fit(signoff.rating.comment, LIMITS.ratingComment, tr.t('report.pdf.rating')) } : {}) } } : {}),
    verdicts: reportVerdicts(tr, session.contract, signoff.verdicts ?? []),
    ...(signoff.verdictComment ? { verdictComment: fit(signoff.verdictComment, LIMITS.ratingComment, tr.t('report.pdf.verdictComment')) } : {}),
    duplicate: signoff.duplicate,
    ...(officeUrl ? { verifyAt: officeUrl } : {}),
    overflow: overflow.parts,
  };
}
