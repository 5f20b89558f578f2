/**
 * Many signed inspections on a test device, fast: the completed inspection rows (three answers,
 * photos of random bytes) are written straight into the store, then each is signed through the
 * sign-off repository (record hash, two signatures, lock) and its PDF filed and recorded the way
 * the app does (report files + saveReport, which queues it in the outbox).
 *
 * Each report's PDF is a small one-page document signed with the device's enrolled key as the
 * app signs (PAdES B-B), naming its record in its /Keywords: the office checks the signature, its
 * signer and that the PDF is the report of the record pushed with it, on every push.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { reportFiles } from '../../../src-main/files/report-files';
import type { SignerMaterial } from '../../../src-main/signing/identity';
import { signPdf } from '../../../src-main/signing/sign-pdf';
import type { Repositories } from '../../../src-renderer/db/index';
import type { AnswerRow, AttachmentRow, InspectionRow } from '../../../src-renderer/db/rows';
import type { XunjianDb } from '../../../src-renderer/db/database';
import { sha256Hex } from '../../../src-shared/crypto/canonical';
import { identityKeywords, type ReportIdentity } from '../../../src-shared/report/pdf-identity';

const HOSPITAL = 'queue-demo';
const CONTRACT = 'queue-demo-2026';
const SYSTEM = `${CONTRACT}/mz-queue`;
const TEMPLATE = 'queue-software';
const STROKES = JSON.stringify([{ penColor: '#000', points: [{ x: 1, y: 2, time: 1, pressure: 0.5 }, { x: 40, y: 9, time: 80, pressure: 0.5 }] }]);

/** A one-page report PDF naming its record, signed with the device's key the way the app signs. */
export async function signedReportPdf(material: SignerMaterial, identity: ReportIdentity): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(`Xunjian test report ${identity.reportNumber}`, { x: 50, y: 780, size: 12, font });
  doc.setKeywords([identityKeywords(identity)]);
  const details = { reason: 'Inspection report', name: 'Zhang', location: 'Queue demo hospital', contactInfo: CONTRACT, signingTime: new Date() };
  return signPdf(await doc.save({ useObjectStreams: false }), material, details);
}

/** A JPEG-looking photo of random bytes: the office stores bytes by hash and does not decode them. */
const photo = (bytes: number): Blob => new Blob([Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(bytes - 6), Buffer.from([0xff, 0xd9])])], { type: 'image/jpeg' });
const png = (): Blob => new Blob([Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(400)])], { type: 'image/png' });

export interface SeedOptions {
  count: number;
  /** The device's signing material: each report's PDF is signed with it. */
  material: SignerMaterial;
  photosPerReport: number;
  photoBytes: number;
  dataDir: string;
  /** The first report's sequence in its number (XJ-20261123-000nn), for a device seeded twice. */
  firstNumber?: number;
}

export async function seedSignedReports(db: XunjianDb, repos: Repositories, options: SeedOptions): Promise<string[]> {
  const [template] = (await repos.reference.latestTemplates([TEMPLATE])).values();
  if (!template) throw new Error(`template ${TEMPLATE} is not in the catalog`);
  const items = template.sections.flatMap((s) => s.items).filter((i) => i.kind === 'check').slice(0, 3);
  const files = reportFiles(options.dataDir);
  const ids: string[] = [];
  for (let n = 0; n < options.count; n++) {
    const id = randomUUID();
    const at = new Date(Date.UTC(2026, 10, 23, 8, 0, n)).toISOString();
    const subject = `system:${SYSTEM}`;
    const answers: AnswerRow[] = items.map((item) => ({
      id: `${id}|${subject}#${item.id}`,
      inspectionId: id,
      stepKey: `${subject}#${item.id}`,
      subject,
      templateId: TEMPLATE,
      itemId: item.id,
      value: { kind: 'check', result: 'pass' },
      outcome: 'pass',
      note: '',
      photoCount: 0,
      answeredAt: at,
    }));
    const photos: AttachmentRow[] = Array.from({ length: options.photosPerReport }, (_, i) => ({
      id: randomUUID(),
      inspectionId: id,
      answerId: answers[0]!.id,
      blob: photo(options.photoBytes),
      type: 'image/jpeg',
      width: 1600,
      height: 1200,
      createdAt: new Date(Date.parse(at) + i).toISOString(),
    }));
    answers[0]!.photoCount = photos.length;
    const inspection: InspectionRow = {
      id,
      hospitalId: HOSPITAL,
      contractId: CONTRACT,
      engineer: '张工',
      status: 'completed',
      createdAt: at,
      updatedAt: at,
      completedAt: at,
      targets: [{ kind: 'system', systemId: SYSTEM, templateId: TEMPLATE, templateVersion: template.version }],
      cursor: null,
      totalSteps: answers.length,
      answeredCount: answers.length,
      findingCount: 0,
    };
    await db.transaction('rw', [db.inspections, db.answers, db.attachments], async () => {
      await db.inspections.add(inspection);
      await db.answers.bulkAdd(answers);
      await db.attachments.bulkAdd(photos);
    });

    const opinion = { rating: { value: 'good' as const, comment: '' }, recommendations: '' };
    const { hash } = await repos.signoff.content(id, opinion);
    const reportNumber = `XJ-20261123-${String(n + (options.firstNumber ?? 0)).padStart(5, '0')}`;
    await repos.signoff.sign({
      inspectionId: id,
      ...opinion,
      duplicate: false,
      reportNumber,
      expectedHash: hash,
      requiredRoles: ['engineer', 'department'],
      signatures: [
        { role: 'engineer', name: '张工', signedAt: at, image: png(), strokes: STROKES },
        { role: 'department', name: '刘护士长', signedAt: at, image: png(), strokes: STROKES },
      ],
    });
    const pdf = await signedReportPdf(options.material, { reportId: id, reportNumber, hash });
    const locator = { hospitalId: HOSPITAL, month: '2026-11', reportNumber };
    const filed = await files.write(locator, pdf);
    await repos.signoff.saveReport({ inspectionId: id, ...locator, path: filed, sha256: await sha256Hex(pdf), size: pdf.length, createdAt: at, replaced: [] });
    ids.push(id);
  }
  return ids;
}
