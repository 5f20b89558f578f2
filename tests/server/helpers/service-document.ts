/**
 * A service record's signed documents made by the device's own pipeline (src-main/report/
 * service-document-service.ts: laid out, PAdES-signed, numbered, filed) with a chosen key and
 * certificate: an enrolled test device's, another office's, a self-signed one. Also the same
 * document unsigned, and the `document` event a device appends for a file.
 */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { reportFiles } from '../../../src-main/files/report-files';
import { inProcessRenderer } from '../../../src-main/report/render-thread';
import { createServiceDocuments, type ServiceDocuments } from '../../../src-main/report/service-document-service';
import type { SigningKeys } from '../../../src-main/signing/identity';
import { canonicalHash } from '../../../src-shared/crypto/canonical';
import { ServiceDocumentInput } from '../../../src-shared/report/service-document';
import type { DocumentEvent, ServiceEvent } from '../../../src-shared/service/record';
import { recordOf, type FaultPush } from '../../../src-shared/sync/envelope';
import { faultReport, maintenanceSheet } from '../../unit/report/service-fixture';
import { FONTS_DIR } from '../../unit/report/fixture';
import { eventId } from './service';
import { makeP12 } from './signed-pdf';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Signing keys holding this key and these certificates (the signer's first), as the device's keys module hands them out. */
function fixedKeys(keyPem: string, certificatePems: string[]): SigningKeys {
  const unused = (): never => {
    throw new Error('not used by the document pipeline');
  };
  const info = { subject: 'CN=Xunjian test device', issuer: '', fingerprint: '', selfSigned: false, notAfter: '' };
  return {
    material: async () => ({ p12: makeP12(keyPem, certificatePems), passphrase: '', info, certificateBytes: certificatePems.join('').length }),
    describe: async () => info,
    publicKeyPem: unused,
    certificationRequest: unused,
    installCertificate: unused,
    forget: () => {},
  };
}

export interface MadeDocument {
  bytes: Buffer;
  number: string;
  sha256: string;
}

/** The input the record's page builds: this record's id, and its hash as it stands (the device's DocumentsPanel). */
async function inputFor(record: FaultPush, document: 'fault_report' | 'maintenance_sheet'): Promise<ServiceDocumentInput> {
  const facts = { recordId: record.id, recordHash: await canonicalHash(recordOf(record)), hospital: { id: record.hospitalId, name: '郁南县人民医院' }, madeAt: '2026-03-16T03:00:00.000Z' };
  return ServiceDocumentInput.parse(document === 'fault_report' ? faultReport(facts) : maintenanceSheet(facts));
}

export interface DocumentMaker {
  /** The signed fault report (or 维护单) of this record. */
  signed(record: FaultPush, document?: 'fault_report' | 'maintenance_sheet'): Promise<MadeDocument>;
  /** The same document, laid out but never signed. */
  unsigned(record: FaultPush): Promise<MadeDocument>;
}

export async function documentMaker(keyPem: string, certificatePems: string[]): Promise<DocumentMaker> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-svc-docs-'));
  const documents: ServiceDocuments = createServiceDocuments({ fontsDir: FONTS_DIR, files: reportFiles(dataDir), keys: fixedKeys(keyPem, certificatePems), renderer: inProcessRenderer, timeZone: 'Asia/Shanghai' });
  let unsignedCount = 0;
  return {
    async signed(record, document = 'fault_report') {
      const created = await documents.create(await inputFor(record, document));
      const bytes = await reportFiles(dataDir).read(created);
      return { bytes, number: created.reportNumber, sha256: created.sha256 };
    },
    async unsigned(record) {
      const number = `GZ-UNSIGNED-${++unsignedCount}`;
      const rendered = await inProcessRenderer.serviceDocument(await inputFor(record, 'fault_report'), { fontsDir: FONTS_DIR, number });
      const bytes = Buffer.from(rendered.bytes);
      return { bytes, number, sha256: sha256(bytes) };
    },
  };
}

/** The `document` event a device appends for a file (its mime as given, right or wrong). */
export function documentEvent(made: Pick<MadeDocument, 'bytes' | 'number'>, document: DocumentEvent['document'], mime: DocumentEvent['mime'] = 'application/pdf'): ServiceEvent {
  return { id: eventId(), recordedAt: '2026-03-16T11:00:00.000+08:00', by: '陈杰', type: 'document', document, number: made.number, sha256: sha256(made.bytes), size: made.bytes.length, mime };
}
