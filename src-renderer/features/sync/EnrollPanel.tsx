/**
 * Enrollment: the form (office address, one-time code — with the office CA's fingerprint when the
 * office serves HTTPS itself — device name) until the device is enrolled, then who and where it
 * is enrolled as, how the office is trusted, and the certificate the office CA issued.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ClipboardEvent, type FormEvent } from 'react';
import { repositories } from '../../db';
import type { Enrollment } from '../../db/rows';
import { handoverProblem, normalizeEnrollmentCode, splitHandover } from '../../../src-shared/sync/enrollment-code';
import { findEnrollmentLink, looksLikeEnrollmentLink } from '../../../src-shared/sync/enrollment-link';
import { DeviceName } from '../../../src-shared/sync/protocol';
import { useT } from '../../i18n/i18n';
import { describeEnrollError } from './describe';
import { enroll, useEnrollingElsewhere } from './sync-service';

const DEVICE_NAME_KEY = 'xunjian.deviceName';

/** How the device reaches the office: pinned to its CA, through certificates the system trusts, or unencrypted. */
function trustLabel(enrollment: Enrollment): 'sync.trust.officeCa' | 'sync.trust.system' | 'sync.trust.plain' {
  if (enrollment.officeTrust === 'office-ca') return 'sync.trust.officeCa';
  return enrollment.officeUrl.startsWith('https:') ? 'sync.trust.system' : 'sync.trust.plain';
}

function EnrollmentFacts({ enrollment }: { enrollment: Enrollment }) {
  const { t, l, locale } = useT();
  const hospitals = useLiveQuery(() => repositories().reference.listHospitals());
  const nameOf = (id: string): string => {
    const hospital = hospitals?.find((h) => h.id === id);
    return hospital ? l(hospital.name) : id;
  };
  return (
    <dl className="facts" data-testid="enrollment">
      <dt>{t('sync.status.engineer')}</dt>
      <dd data-testid="enrolled-engineer">
        {enrollment.engineer.name} ({enrollment.engineer.id})
      </dd>
      <dt>{t('sync.status.office')}</dt>
      <dd data-testid="enrolled-office">
        {enrollment.office.name} · <code>{enrollment.officeUrl}</code>
      </dd>
      <dt>{t('sync.status.device')}</dt>
      <dd>
        {enrollment.deviceName} · <code>{enrollment.deviceId}</code>
      </dd>
      <dt>{t('sync.status.certificate')}</dt>
      <dd>
        {enrollment.certificate.subject} · {t('sync.status.validUntil', { date: new Date(enrollment.certificate.notAfter).toLocaleDateString(locale) })}
      </dd>
      <dt>{t('sync.status.issuer')}</dt>
      <dd data-testid="certificate-issuer">{enrollment.certificate.issuer}</dd>
      <dt>{t('sync.status.connection')}</dt>
      <dd data-testid="office-trust">{t(trustLabel(enrollment))}</dd>
      {enrollment.caFingerprint && (
        <>
          <dt>{t('sync.status.officeCa')}</dt>
          <dd>
            <code data-testid="office-ca-fingerprint">{enrollment.caFingerprint}</code>
          </dd>
        </>
      )}
      <dt>{t('sync.status.hospitals')}</dt>
      <dd>{enrollment.hospitalIds.map(nameOf).join('、')}</dd>
    </dl>
  );
}

export function EnrollPanel({ enrollment }: { enrollment: Enrollment | undefined }) {
  const { t, locale } = useT();
  const [open, setOpen] = useState(false);
  const [officeUrl, setOfficeUrl] = useState(enrollment?.officeUrl ?? '');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(() => localStorage.getItem(DEVICE_NAME_KEY) ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fromLink, setFromLink] = useState(false);
  const enrollingElsewhere = useEnrollingElsewhere((s) => s.enrolling);
  // What the admin handed over: the code, and for an office serving HTTPS itself its CA's fingerprint.
  const handover = splitHandover(code);
  // Counted as typed, so a dropped or extra symbol shows before 注册 is pressed.
  const typed = normalizeEnrollmentCode(code).length;
  const codeHint = typed > 0 ? t('sync.enroll.typedCount', { hint: t('sync.enroll.codeHint'), symbols: typed }) : t('sync.enroll.codeHint');

  /**
   * The console's enrollment link, scanned (a 2D scanner types it like a keyboard) or pasted into
   * either field, fills the office address and the code. True when the text held one.
   */
  function takeLink(text: string): boolean {
    const link = findEnrollmentLink(text);
    if (!link) return false;
    setOfficeUrl(link.officeUrl);
    setCode(link.handover);
    setProblem(null);
    setFromLink(true);
    return true;
  }

  function pasteLink(event: ClipboardEvent<HTMLInputElement>): void {
    if (takeLink(event.clipboardData.getData('text'))) event.preventDefault();
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    // The Enter a scanner types after the link: fill the fields and let the engineer check them, send nothing yet.
    if (takeLink(officeUrl) || takeLink(code)) return;
    setFromLink(false);
    if (looksLikeEnrollmentLink(officeUrl) || looksLikeEnrollmentLink(code)) {
      setProblem(t('sync.enroll.linkInvalid'));
      return;
    }
    if (!officeUrl.trim() || !code.trim() || !deviceName.trim()) {
      setProblem(t('sync.enroll.required'));
      return;
    }
    // The office would refuse it, in English: say why here, in the engineer's language, first.
    if (!DeviceName.safeParse(deviceName).success) {
      setProblem(t('sync.enroll.deviceNameInvalid'));
      return;
    }
    const typo = handoverProblem(code, officeUrl);
    if (typo) {
      setProblem(typo.kind === 'length' ? t('sync.enroll.codeLength', { symbols: typo.symbols }) : t('sync.enroll.needsHttps'));
      return;
    }
    setBusy(true);
    try {
      localStorage.setItem(DEVICE_NAME_KEY, deviceName.trim());
      const summary = await enroll({ officeUrl: officeUrl.trim(), code: code.trim(), deviceName: deviceName.trim() });
      setDone(t('sync.enroll.done', { engineer: summary.engineer.name, office: summary.office.name }));
      setCode('');
      setOpen(false);
    } catch (error) {
      setProblem(describeEnrollError(locale, error, { officeUrl: officeUrl.trim(), withFingerprint: handover.caFingerprint !== undefined }));
    } finally {
      setBusy(false);
    }
  }

  const showForm = !enrollment || open;
  return (
    <section className="panel" data-testid="enroll-panel">
      <h2>{enrollment ? t('sync.status.title') : t('sync.enroll.title')}</h2>
      {enrollment ? <EnrollmentFacts enrollment={enrollment} /> : <p className="muted">{t('sync.status.notEnrolled')}</p>}
      {enrollingElsewhere && (
        <p className="banner info" data-testid="enroll-in-progress">
          {t('sync.enroll.inProgress')}
        </p>
      )}
      {done && (
        <p className="banner info" data-testid="enroll-done">
          {done}
        </p>
      )}
      {enrollment && !open && (
        <button type="button" className="link" onClick={() => setOpen(true)} data-testid="enroll-again">
          {t('sync.enroll.again')}
        </button>
      )}
      {showForm && (
        <form className="form" onSubmit={(e) => void submit(e)} data-testid="enroll-form">
          <p className="muted">{t('sync.enroll.hint')}</p>
          {fromLink && (
            <p className="banner info" role="status" data-testid="enroll-from-link">
              {t('sync.enroll.fromLink')}
            </p>
          )}
          <label>
            {t('sync.enroll.officeUrl')}
            <input
              type="url"
              value={officeUrl}
              onChange={(e) => setOfficeUrl(e.target.value)}
              onPaste={pasteLink}
              onBlur={(e) => takeLink(e.target.value)}
              placeholder="https://office.example.cn"
              data-testid="office-url"
            />
          </label>
          <label className="wide">
            {t('sync.enroll.code')}
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onPaste={pasteLink}
              onBlur={(e) => takeLink(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('sync.enroll.codePlaceholder')}
              data-testid="enroll-code"
            />
            <span className="muted" data-testid="enroll-code-hint">
              {handover.caFingerprint ? `${t('sync.status.officeCa')}: ${handover.caFingerprint}` : codeHint}
            </span>
          </label>
          <label>
            {t('sync.enroll.deviceName')}
            <input value={deviceName} onChange={(e) => setDeviceName(e.target.value)} maxLength={100} data-testid="device-name" />
          </label>
          {problem && (
            <p className="banner error" role="alert" data-testid="enroll-problem">
              {problem}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || enrollingElsewhere} data-testid="enroll-submit">
              {busy || enrollingElsewhere ? t('sync.enroll.busy') : t('sync.enroll.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
