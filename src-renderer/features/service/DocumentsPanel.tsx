/**
 * A service record's documents (issue 11), for the record's page (`data-testid="service-documents"`):
 * make the written fault report (engineer's signature) or the 维护单 in duplicate (the department's
 * and the IT centre's heads and the engineer sign on the screen), print a blank 维护单 for wet ink,
 * and attach the scan of one signed by hand. Each document's file is kept with the record and a
 * `document` event appended, through the `store` the page passes in (the record's repository):
 * the PDF stays on this device even before it syncs, and the record says it was made.
 */
import { useState } from 'react';
import type { Asset, Contract, Hospital } from '../../../src-shared/catalog/reference';
import { canonicalHash, sha256Hex } from '../../../src-shared/crypto/canonical';
import { calendarDate, documentFileName } from '../../../src-shared/report/file-name';
import type { ReportSignature } from '../../../src-shared/report/model';
import { scanNumber, type ServiceDocumentKind } from '../../../src-shared/report/service-document';
import { foldRecord } from '../../../src-shared/service/fold';
import type { DocumentEvent, ServiceRecord } from '../../../src-shared/service/record';
import type { CalendarData } from '../../../src-shared/sla/types';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { invoke } from '../../platform/invoke';
import { base64Bytes, pdfBlob, printPdf, type PdfSource } from '../signoff/pdf-actions';
import { SignaturePadField, type InkValue } from '../signoff/SignaturePadField';
import { buildServiceBlank, buildServiceDocument } from './document-input';

/** What a `document` event carries besides who and when (the repository adds id, time and writer). */
export type DocumentFacts = Pick<DocumentEvent, 'document' | 'number' | 'sha256' | 'size' | 'mime'>;

/**
 * Where the panel keeps what it makes: the file in `serviceAttachments` (role 'document' for a
 * signed PDF, 'scan' for a scan) and the record's `document` event, in one transaction, so a
 * record never names a file it does not have. The service-records repository implements it.
 */
export interface ServiceDocumentStore {
  addDocument(recordId: string, file: { blob: Blob; role: 'document' | 'scan' }, facts: DocumentFacts): Promise<void>;
}

export interface DocumentsPanelProps {
  record: ServiceRecord;
  hospital: Hospital;
  contract: Contract;
  assets: readonly Asset[];
  calendar: CalendarData | undefined;
  /** The engineer's name as the device knows it (the profile's). */
  engineer: string;
  store: ServiceDocumentStore;
}

/** A phone photo or a scanner's PDF of one or two pages fits well within this. */
const MAX_SCAN_MB = 20;
const SCAN_TYPES: readonly DocumentEvent['mime'][] = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

type Signer = 'engineer' | 'department' | 'it_office';
interface Ink {
  name: string;
  ink: InkValue | null;
}

const pngBase64 = (dataUrl: string): string => dataUrl.slice(dataUrl.indexOf(',') + 1);

export function DocumentsPanel({ record, hospital, contract, assets, calendar, engineer, store }: DocumentsPanelProps) {
  const tr = useT();
  const { t } = tr;
  // The pad is named by whose signature it takes, for a screen reader as on screen.
  const roleTitle = (role: Signer): string =>
    t(role === 'engineer' ? 'report.service.panel.signEngineer' : role === 'department' ? 'report.service.panel.signDepartment' : 'report.service.panel.signItOffice');
  const [signing, setSigning] = useState<ServiceDocumentKind | null>(null);
  const [inks, setInks] = useState<Record<Signer, Ink>>({ engineer: { name: engineer, ink: null }, department: { name: '', ink: null }, it_office: { name: '', ink: null } });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [lastPdf, setLastPdf] = useState<PdfSource | null>(null);

  const made = foldRecord(record).documents;
  const signers: Signer[] = signing === 'maintenance_sheet' ? ['department', 'it_office', 'engineer'] : ['engineer'];
  const ready = signers.every((s) => inks[s].ink !== null && inks[s].name.trim() !== '');

  async function run(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    setProblem(null);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setProblem(t('report.service.panel.failed', { detail: describeError(tr.locale, e) }));
    } finally {
      setBusy(false);
    }
  }

  const make = (document: ServiceDocumentKind): Promise<void> =>
    run(async () => {
      const signatures: ReportSignature[] = signers.map((role) => {
        const { name, ink } = inks[role];
        return { role, name: name.trim(), signedAt: ink!.at, pngBase64: pngBase64(ink!.png) };
      });
      const input = buildServiceDocument(tr, document, { record, hospital, contract, assets, calendar, recordHash: await canonicalHash(record), engineer, signatures, now: new Date() });
      // The timeline's times are in this screen's zone: the signers' must be too.
      const created = await invoke('service.document.create', { ...input, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      const { pdfBase64 } = await invoke('report.read', { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
      const bytes = base64Bytes(pdfBase64);
      // The file kept with the record must be the one signed on disk.
      if ((await sha256Hex(bytes)) !== created.sha256) throw new Error(`${created.reportNumber}: the file read back differs from the one signed`);
      await store.addDocument(record.id, { blob: pdfBlob(pdfBase64), role: 'document' }, { document, number: created.reportNumber, sha256: created.sha256, size: created.size, mime: 'application/pdf' });
      setLastPdf({ kind: 'report', locator: { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber } });
      setSigning(null);
      setMessage(t('report.service.panel.made', { number: created.reportNumber }));
    });

  const blank = (): Promise<void> =>
    run(async () => {
      const { pdfBase64 } = await invoke('service.document.blank', buildServiceBlank(tr, { hospital, contract, assets, record }));
      const fileName = documentFileName({ hospital: tr.l(hospital.name), kind: t('report.service.panel.kind.maintenance_sheet'), date: calendarDate(new Date()) });
      const notice = await printPdf(tr, { kind: 'bytes', base64: pdfBase64, fileName });
      if (notice) setMessage(notice);
    });

  const attach = (file: File): Promise<void> =>
    run(async () => {
      const mime = SCAN_TYPES.find((m) => m === file.type);
      if (!mime || file.size === 0 || file.size > MAX_SCAN_MB * 1024 * 1024) {
        setProblem(t('report.service.panel.badScan', { mb: MAX_SCAN_MB }));
        return;
      }
      const sha256 = await sha256Hex(new Uint8Array(await file.arrayBuffer()));
      const number = scanNumber(sha256, new Date());
      await store.addDocument(record.id, { blob: file, role: 'scan' }, { document: 'maintenance_sheet_scan', number, sha256, size: file.size, mime });
      setMessage(t('report.service.panel.attached', { number }));
    });

  const open = (document: ServiceDocumentKind): void => {
    setSigning(document);
    setProblem(null);
    setMessage(null);
  };

  return (
    <section className="service-documents-panel" data-testid="service-documents-panel">
      <h3>{t('report.service.panel.title')}</h3>
      {made.length > 0 && (
        <ul className="document-list" aria-label={t('report.service.panel.documents')} data-testid="doc-list">
          {made.map((d) => (
            <li key={d.id}>
              {t(`report.service.panel.kind.${d.document}`)} · <span className="mono">{d.number}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => open('fault_report')} data-testid="doc-fault-report">
          {t('report.service.panel.faultReport')}
        </button>
        <button type="button" disabled={busy} onClick={() => open('maintenance_sheet')} data-testid="doc-maintenance-sheet">
          {t('report.service.panel.sheet')}
        </button>
        <button type="button" disabled={busy} onClick={() => void blank()} data-testid="doc-blank-sheet">
          {t('report.service.panel.blank')}
        </button>
        <label className="button">
          {t('report.service.panel.attachScan')}
          <input
            type="file"
            accept={SCAN_TYPES.join(',')}
            hidden
            disabled={busy}
            data-testid="doc-attach-scan"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void attach(file);
            }}
          />
        </label>
      </div>
      {signing && (
        <div className="document-signers" data-testid="doc-signers">
          {signers.map((role) => (
            <fieldset key={role}>
              <legend>{roleTitle(role)}</legend>
              <label>
                {t('report.service.panel.signerName')}
                <input
                  value={inks[role].name}
                  maxLength={100}
                  onChange={(e) => {
                    const name = e.currentTarget.value;
                    setInks((all) => ({ ...all, [role]: { ...all[role], name } }));
                  }}
                  data-testid={`doc-name-${role}`}
                />
              </label>
              <SignaturePadField id={`doc-${role}`} label={roleTitle(role)} disabled={busy} onChange={(ink) => setInks((all) => ({ ...all, [role]: { ...all[role], ink } }))} />
            </fieldset>
          ))}
          {!ready && <p className="hint">{t('report.service.panel.needSignatures')}</p>}
          <button type="button" disabled={busy || !ready} onClick={() => void make(signing)} data-testid="doc-make">
            {t('report.service.panel.make')}
          </button>
          <button type="button" className="link" disabled={busy} onClick={() => setSigning(null)}>
            {t('report.service.panel.cancel')}
          </button>
        </div>
      )}
      {message && (
        <p role="status" data-testid="doc-message">
          {message}
          {lastPdf && (
            <button type="button" className="link" onClick={() => void printPdf(tr, lastPdf).then((n) => n && setMessage(n), (e: unknown) => setProblem(describeError(tr.locale, e)))}>
              {t('report.service.panel.print')}
            </button>
          )}
        </p>
      )}
      {problem && (
        <p role="alert" className="error" data-testid="doc-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
