/**
 * Sign-off of a completed inspection: the verdicts the contract asks of its evaluators (issue 12:
 * none, 优/良/差 or 合格/不合格, each in its signer's box), the engineer's recommendations, the
 * record's hash, a handwritten signature for every role the contract requires, then one step that
 * stores the signatures bound to the hash, locks the inspection and has the main process make the report.
 */
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { SignRole } from '../../../src-shared/catalog/reference';
import type { ReplacedCharacter } from '../../../src-shared/report/model';
import { scaleValues, verdictsFor } from '../../../src-shared/report/verdicts';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { LIMITS } from '../../../src-shared/domain/limits';
import { typingJournal } from '../../db/typing-journal';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { CharCounter, LimitedTextArea } from '../../ui/LimitedText';
import { loadSession, type Session } from '../inspection/session';
import { invoke } from '../../platform/invoke';
import { PaperScans } from './PaperScans';
import { base64Bytes } from './pdf-actions';
import { checkedReport, describeReportError, reportText, sizeOnlyPhoto } from './report-check';
import { ReportPanel } from './ReportPanel';
import { SignaturePadField, type InkValue } from './SignaturePadField';
import { opinionFields, reportNumberFor } from '../../db/repositories/signoff';
import type { SignOffVerdictValue } from '../../../src-shared/period/types';
import { evaluatorName, verdictWord } from './verdict-labels';
import { VerdictPicker } from './VerdictPicker';

interface OpinionForm {
  /** Each evaluator's verdict as picked ('' or absent until picked). */
  verdicts: Partial<Record<SignRole, string>>;
  comment: string;
  recommendations: string;
  duplicate: boolean;
  names: Record<SignRole, string>;
}

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

/** The opinion fields as typed, kept through a reload (db/typing-journal.ts) until signing succeeds. */
const draftKey = (inspectionId: string): string => `signoff:${inspectionId}`;

function restoredDraft(inspectionId: string, fallback: OpinionForm): OpinionForm {
  const text = typingJournal().entries(draftKey(inspectionId)).get('');
  if (!text) return fallback;
  try {
    const saved = JSON.parse(text) as Partial<OpinionForm>;
    return { ...fallback, ...saved, verdicts: { ...fallback.verdicts, ...saved.verdicts }, names: { ...fallback.names, ...saved.names } };
  } catch {
    return fallback;
  }
}

function SignForm({ session, onSigned }: { session: Session; onSigned: () => void }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { inspection, contract } = session;
  const roles = contract.signOff.roles;
  const scheme = contract.evaluation.signOff;
  const form = useForm<OpinionForm>({
    defaultValues: restoredDraft(inspection.id, {
      verdicts: {},
      comment: '',
      recommendations: '',
      duplicate: contract.signOff.copies >= 2,
      names: { engineer: inspection.engineer, department: '', it_office: '' },
    }),
  });
  const [ink, setInk] = useState<Partial<Record<SignRole, InkValue>>>({});
  const [hash, setHash] = useState<string>('');
  const [failure, setFailure] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Characters the report's font lacks, shown before signing; signing goes on only once the engineer says so. */
  const [undrawable, setUndrawable] = useState<{ chars: ReplacedCharacter[]; accepted: boolean } | null>(null);
  const values = form.watch();
  const { comment, recommendations } = values;
  // Complete (in the contract's order) or undefined while an evaluator has not given theirs.
  const verdicts = verdictsFor(scheme, values.verdicts);
  const verdictKey = JSON.stringify(verdicts ?? null);
  const scale = scheme.scale === 'none' ? undefined : scheme.scale;
  const waitingFor = scale ? scheme.by.find((role) => !scaleValues(scale).some((v) => v === values.verdicts[role])) : undefined;
  // Once anyone has signed, what they signed may not change under them.
  const anySigned = Object.keys(ink).length > 0;

  useEffect(() => {
    const journal = typingJournal();
    const { unsubscribe } = form.watch((all) => journal.put(draftKey(inspection.id), JSON.stringify(all)));
    return unsubscribe;
  }, [form, inspection.id]);

  useEffect(() => {
    let live = true;
    const given: SignOffVerdictValue[] | null = JSON.parse(verdictKey) as SignOffVerdictValue[] | null;
    // No hash to sign until every verdict is given: they are part of the record.
    if (!given) {
      setHash('');
      return;
    }
    repositories()
      .signoff.content(inspection.id, { verdicts: given, verdictComment: comment, recommendations })
      .then(({ hash: h }) => live && setHash(h), (e: unknown) => live && setFailure(describeError(locale, e)));
    return () => {
      live = false;
    };
  }, [inspection.id, verdictKey, comment, recommendations, locale]);

  const waitingText = (role: SignRole): string => evaluatorName(tr, scheme, role);
  /** What is still missing, worked out from the form as it is now: it goes as soon as it is given. */
  const missing = (): string | null => {
    if (waitingFor && scale) {
      return t('sign.needVerdict', { who: waitingText(waitingFor), values: scaleValues(scale).map((v) => verdictWord(tr, v)).join(' / ') });
    }
    const role = roles.find((r) => !ink[r] || !values.names[r].trim());
    return role ? t('sign.needSignature', { role: evaluatorName(tr, scheme, role) }) : null;
  };
  const problem = tried ? missing() : null;

  /** `anyway`: the engineer has seen which characters will print as □ and signs all the same. */
  async function sign(values: OpinionForm, anyway = false): Promise<void> {
    setFailure(null);
    setTried(true);
    const given = verdictsFor(scheme, values.verdicts);
    if (missing() || !given) return;
    setBusy(true);
    try {
      const signatures = roles.map((role) => ({
        role,
        name: values.names[role],
        signedAt: ink[role]!.at,
        image: pngBlob(ink[role]!.png),
        strokes: ink[role]!.strokes,
      }));
      const opinion = opinionFields({ verdicts: given, verdictComment: values.comment, recommendations: values.recommendations });
      const reportNumber = reportNumberFor(inspection.id, new Date());
      // The report must be possible before anything is locked (report-check.ts).
      const report = await checkedReport(
        tr,
        {
          inspection: { ...inspection, signoff: { hash, signedAt: new Date().toISOString(), reportNumber, ...opinion, recommendations: values.recommendations.trim(), duplicate: values.duplicate } },
          session,
          signatures,
        },
        sizeOnlyPhoto,
      );
      // What the font cannot draw is printed as □: said now, while it can still be changed.
      if (!anyway) {
        const chars = await invoke('report.undrawable', { text: reportText(report) });
        if (chars.length > 0) {
          setUndrawable({ chars, accepted: false });
          return;
        }
      }
      await repositories().signoff.sign({ inspectionId: inspection.id, ...opinion, recommendations: values.recommendations, duplicate: values.duplicate, reportNumber, expectedHash: hash, requiredRoles: roles, signatures });
      typingJournal().drop(draftKey(inspection.id));
      onSigned();
    } catch (e) {
      setFailure(describeReportError(tr, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sign-form" onSubmit={(e) => void form.handleSubmit((v) => sign(v))(e)} noValidate>
      <fieldset disabled={anySigned} className="opinion">
        <legend>{scale ? t('sign.opinion') : t('sign.opinionNone')}</legend>
        {scale ? (
          <label>
            {t('sign.verdictComment')}
            <LimitedTextArea {...form.register('comment')} rows={2} max={LIMITS.ratingComment} value={comment} data-testid="verdict-comment" counterId="comment-counter" />
          </label>
        ) : (
          <p className="muted" data-testid="no-verdict">{t('sign.noVerdict')}</p>
        )}
        <label>
          {t('sign.recommendations')}
          <LimitedTextArea {...form.register('recommendations')} rows={3} max={LIMITS.recommendations} value={recommendations} data-testid="recommendations" counterId="recommendations-counter" />
        </label>
        {anySigned && <p className="muted">{t('sign.opinionLocked')}</p>}
      </fieldset>

      <p className="hash">
        {t('sign.hash')} <code data-testid="content-hash">{hash || (waitingFor ? t('sign.verdictPending') : t('app.loading'))}</code>
      </p>
      <p className="muted">{l(contract.signOff.description)}</p>

      <div className="signers">
        {roles.map((role) => (
          <section key={role} className="signer" data-testid={`signer-${role}`}>
            <h3>{evaluatorName(tr, scheme, role)}</h3>
            {scale && scheme.by.includes(role) && (
              <VerdictPicker scheme={scheme} scale={scale} role={role} disabled={anySigned} field={form.register(`verdicts.${role}`)} />
            )}
            <label>
              {t('sign.name')}
              <input maxLength={LIMITS.personName} {...form.register(`names.${role}`)} data-testid={`name-${role}`} />
              <CharCounter length={values.names[role].length} max={LIMITS.personName} id={`name-counter-${role}`} />
            </label>
            <SignaturePadField
              id={role}
              label={t('sign.padLabel', { role: evaluatorName(tr, scheme, role) })}
              disabled={!hash}
              onChange={(value) =>
                setInk((current) => {
                  const rest = Object.fromEntries(Object.entries(current).filter(([r]) => r !== role));
                  return value ? { ...rest, [role]: value } : rest;
                })
              }
            />
            <span className="muted" data-testid={`signed-at-${role}`}>
              {ink[role]
                ? t('sign.signedAt', { time: new Date(ink[role].at).toLocaleString(locale) })
                : waitingFor
                  ? t('sign.verdictFirst', { who: waitingText(waitingFor) })
                  : !hash
                    ? t('app.loading')
                    : t('sign.signHere')}
            </span>
          </section>
        ))}
      </div>

      <label className="check">
        <input type="checkbox" {...form.register('duplicate')} data-testid="duplicate" />
        {t('sign.duplicate')}
      </label>
      {undrawable && !undrawable.accepted && (
        <div className="banner warn" role="alert" data-testid="undrawable">
          <p>
            {t('sign.undrawable', {
              chars: undrawable.chars.map((c) => `${c.char}（${c.codePoint}）`).join(' '),
              count: undrawable.chars.reduce((n, c) => n + c.count, 0),
            })}
          </p>
          <p className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                setUndrawable({ ...undrawable, accepted: true });
                void form.handleSubmit((v) => sign(v, true))();
              }}
              data-testid="undrawable-accept"
            >
              {t('sign.undrawableAccept')}
            </button>
            <button type="button" onClick={() => setUndrawable(null)} data-testid="undrawable-back">
              {t('sign.undrawableBack')}
            </button>
          </p>
        </div>
      )}
      {(problem ?? failure) && (
        <p className="banner error" role="alert" data-testid="sign-problem">
          {problem ?? failure}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="sign">
        {t('sign.submit')}
      </button>
    </form>
  );
}
