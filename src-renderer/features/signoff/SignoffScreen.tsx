/**
 * Sign-off of a completed inspection: the rating and the engineer's recommendations, the record's
 * hash, a handwritten signature for every role the contract requires, then one step that stores
 * the signatures bound to the hash, locks the inspection and has the main process make the report.
 */
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { SignRole } from '../../../src-shared/catalog/reference';
import type { Rating } from '../../../src-shared/report/model';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { reportNumberFor } from '../../db/repositories/signoff';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { loadSession, type Session } from '../inspection/session';
import { PaperScans } from './PaperScans';
import { base64Bytes } from './pdf-actions';
import { ReportPanel } from './ReportPanel';
import { SignaturePadField, type InkValue } from './SignaturePadField';

interface OpinionForm {
  rating: Rating | '';
  comment: string;
  recommendations: string;
  duplicate: boolean;
  names: Record<SignRole, string>;
}

const RATINGS: Rating[] = ['excellent', 'good', 'poor'];

/** signature_pad gives a data: URL; the CSP (connect-src 'self') rightly keeps fetch() off it. */
function pngBlob(dataUrl: string): Blob {
  return new Blob([base64Bytes(dataUrl.slice(dataUrl.indexOf(',') + 1))], { type: 'image/png' });
}

export function SignoffScreen({ inspectionId }: { inspectionId: string }) {
  const { t, l, locale } = useT();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = (): void => {
    loadSession(repositories(), inspectionId).then(setSession, (e: unknown) => setError(describeError(locale, e)));
  };
  useEffect(reload, [inspectionId, locale]);

  if (error) return <p className="banner error" role="alert">{error}</p>;
  if (!session) return <p className="muted">{t('app.loading')}</p>;
  const { inspection, hospital, contract } = session;
  const findings = [...session.answers.values()].filter((a) => a.outcome === 'fail' || a.outcome === 'out_of_range').length;

  return (
    <div className="signoff" data-testid="signoff" data-status={inspection.status}>
      <a href={hrefOf({ name: 'hospital', hospitalId: hospital.id })}>← {l(hospital.name)}</a>
      <h1>{t('sign.title')}</h1>
      <p className="muted">
        {l(contract.name)} · {t('list.engineer', { name: inspection.engineer })} · {t('sign.summary', { items: session.steps.length, findings })}
      </p>
      {inspection.status === 'draft' && (
        <p className="banner warn">
          {t('store.not_completed')} <a href={hrefOf({ name: 'inspection', inspectionId })}>{t('list.resume')}</a>
        </p>
      )}
      {inspection.status === 'completed' && <SignForm session={session} onSigned={reload} />}
      {inspection.status === 'signed' && <ReportPanel session={session} />}
      {inspection.status !== 'draft' && <PaperScans inspectionId={inspectionId} />}
    </div>
  );
}

function SignForm({ session, onSigned }: { session: Session; onSigned: () => void }) {
  const { t, l, locale } = useT();
  const { inspection, contract } = session;
  const roles = contract.signOff.roles;
  const form = useForm<OpinionForm>({
    defaultValues: {
      rating: '',
      comment: '',
      recommendations: '',
      duplicate: contract.signOff.copies >= 2,
      names: { engineer: inspection.engineer, department: '', it_office: '' },
    },
  });
  const [ink, setInk] = useState<Partial<Record<SignRole, InkValue>>>({});
  const [hash, setHash] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rating = form.watch('rating');
  const comment = form.watch('comment');
  const recommendations = form.watch('recommendations');
  // Once anyone has signed, what they signed may not change under them.
  const anySigned = Object.keys(ink).length > 0;

  useEffect(() => {
    let live = true;
    repositories()
      .signoff.content(inspection.id, { rating: { value: rating || 'good', comment }, recommendations })
      .then(({ hash: h }) => live && setHash(rating ? h : ''), (e: unknown) => live && setProblem(describeError(locale, e)));
    return () => {
      live = false;
    };
  }, [inspection.id, rating, comment, recommendations, locale]);

  async function sign(values: OpinionForm): Promise<void> {
    setProblem(null);
    if (!values.rating) return setProblem(t('sign.needRating'));
    const missing = roles.find((role) => !ink[role] || !values.names[role].trim());
    if (missing) return setProblem(t('sign.needSignature', { role: t(`sign.role.${missing}`) }));
    setBusy(true);
    try {
      const signatures = await Promise.all(
        roles.map(async (role) => ({
          role,
          name: values.names[role],
          signedAt: ink[role]!.at,
          image: pngBlob(ink[role]!.png),
          strokes: ink[role]!.strokes,
        })),
      );
      await repositories().signoff.sign({
        inspectionId: inspection.id,
        rating: { value: values.rating, comment: values.comment },
        recommendations: values.recommendations,
        duplicate: values.duplicate,
        reportNumber: reportNumberFor(inspection.id, new Date()),
        expectedHash: hash,
        requiredRoles: roles,
        signatures,
      });
      onSigned();
    } catch (e) {
      setProblem(describeError(locale, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sign-form" onSubmit={(e) => void form.handleSubmit(sign)(e)} noValidate>
      <fieldset disabled={anySigned} className="opinion">
        <legend>{t('sign.rating')}</legend>
        <div className="ratings" role="radiogroup">
          {RATINGS.map((r) => (
            <label key={r} className="rating">
              <input type="radio" value={r} {...form.register('rating')} data-testid={`rating-${r}`} />
              {t(`sign.rating.${r}`)}
            </label>
          ))}
        </div>
        <label>
          {t('sign.comment')}
          <textarea rows={2} maxLength={1000} {...form.register('comment')} data-testid="rating-comment" />
        </label>
        <label>
          {t('sign.recommendations')}
          <textarea rows={3} maxLength={5000} {...form.register('recommendations')} data-testid="recommendations" />
        </label>
        {anySigned && <p className="muted">{t('sign.opinionLocked')}</p>}
      </fieldset>

      <p className="hash">
        {t('sign.hash')} <code data-testid="content-hash">{hash || t('sign.hashPending')}</code>
      </p>
      <p className="muted">{l(contract.signOff.description)}</p>

      <div className="signers">
        {roles.map((role) => (
          <section key={role} className="signer" data-testid={`signer-${role}`}>
            <h3>{t(`sign.role.${role}`)}</h3>
            <label>
              {t('sign.name')}
              <input maxLength={100} {...form.register(`names.${role}`)} data-testid={`name-${role}`} />
            </label>
            <SignaturePadField
              id={role}
              label={t('sign.padLabel', { role: t(`sign.role.${role}`) })}
              disabled={!hash}
              onChange={(value) =>
                setInk((current) => {
                  const rest = Object.fromEntries(Object.entries(current).filter(([r]) => r !== role));
                  return value ? { ...rest, [role]: value } : rest;
                })
              }
            />
            <span className="muted" data-testid={`signed-at-${role}`}>
              {ink[role] ? t('sign.signedAt', { time: new Date(ink[role].at).toLocaleString(locale) }) : !hash ? t('sign.rateFirst') : t('sign.signHere')}
            </span>
          </section>
        ))}
      </div>

      <label className="check">
        <input type="checkbox" {...form.register('duplicate')} data-testid="duplicate" />
        {t('sign.duplicate')}
      </label>
      {problem && (
        <p className="banner error" role="alert" data-testid="sign-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="sign">
        {t('sign.submit')}
      </button>
    </form>
  );
}
