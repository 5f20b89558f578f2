import { useEffect, useMemo, useState } from 'react';
import { missingEvidence } from '../../../src-shared/domain/answer';
import { progressOf } from '../../../src-shared/domain/steps';
import { hrefOf, navigate } from '../../app/routes';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { acquireEditLock } from './edit-lock';
import { ItemPanel } from './ItemPanel';
import { createScanDetector } from './scanner';
import { StepList } from './StepList';
import { saveErrors, useInspection } from './store';

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function InspectionScreen({ inspectionId }: { inspectionId: string }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { session, index, readOnly, notice, open, close, goTo, answer, setNotice, markCompleted } = useInspection();
  const [lockDenied, setLockDenied] = useState(false);
  const [tag, setTag] = useState('');

  useEffect(() => {
    saveErrors.onError = (error) => describeError(locale, error);
  }, [locale]);

  useEffect(() => {
    const release = acquireEditLock(inspectionId, (granted) => {
      setLockDenied(!granted);
      void open(inspectionId, !granted);
    });
    return () => {
      release();
      close();
    };
  }, [inspectionId, open, close]);

  const step = session?.steps[index];

  const jumpToTag = (raw: string): void => {
    if (!session) return;
    const wanted = raw.trim().toUpperCase();
    const asset = [...session.assets.values()].find((a) => a.assetTag === wanted);
    const first = asset ? session.steps.findIndex((s) => s.assetId === asset.id && !session.answers.has(s.key)) : -1;
    const target = asset && first < 0 ? session.steps.findIndex((s) => s.assetId === asset.id) : first;
    if (!asset || target < 0) {
      setNotice({ kind: 'error', text: t('insp.assetTagUnknown', { tag: wanted }) });
      return;
    }
    void goTo(target).then(() => setNotice({ kind: 'info', text: t('insp.assetTagFound', { name: l(asset.name), tag: asset.assetTag }) }));
  };

  const next = (): void => {
    if (!session || !step) return;
    const current = session.answers.get(step.key);
    const owed = current ? missingEvidence(step.item.onFail.require, current.outcome, current.note, current.photoCount) : null;
    if (owed) {
      setNotice({ kind: 'error', text: t(owed === 'note' ? 'insp.needNote' : owed === 'photo' ? 'insp.needPhoto' : 'insp.needNoteOrPhoto') });
      return;
    }
    if (index < session.steps.length - 1) void goTo(index + 1);
  };
  const back = (): void => {
    if (index > 0) void goTo(index - 1);
  };

  const scanner = useMemo(() => createScanDetector((scanned) => jumpToTag(scanned)), [session]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!session || !step || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      if (scanner.key(e.key)) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        next();
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        back();
      } else if (!readOnly && /^[1-9]$/.test(e.key)) {
        const n = Number(e.key);
        if (step.item.kind === 'check' && n <= 3) {
          e.preventDefault();
          void answer(step, n === 3 ? { kind: 'na' } : { kind: 'check', result: n === 1 ? 'pass' : 'fail' });
        } else if (step.item.kind === 'choice' && step.item.options[n - 1]) {
          e.preventDefault();
          void answer(step, { kind: 'choice', optionId: step.item.options[n - 1]!.id });
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (!session || !step) {
    return notice ? (
      <p className="banner error" role="alert">
        {notice.text}
      </p>
    ) : null;
  }

  const answered = new Set(session.answers.keys());
  const { overall } = progressOf(session.steps, answered);
  const hasHardware = session.assets.size > 0;
  const open_ = session.steps.filter(
    (s) => !answered.has(s.key) || missingEvidence(s.item.onFail.require, session.answers.get(s.key)!.outcome, session.answers.get(s.key)!.note, session.answers.get(s.key)!.photoCount),
  ).length;
  const completed = session.inspection.status === 'completed';

  async function complete(): Promise<void> {
    try {
      await repositories().inspections.complete(inspectionId);
      markCompleted();
      navigate({ name: 'signoff', inspectionId });
    } catch (error) {
      setNotice({ kind: 'error', text: describeError(locale, error) });
    }
  }

  return (
    <div className="inspection" data-testid="inspection" data-read-only={readOnly}>
      <div className="inspection-bar">
        <a href={hrefOf({ name: 'hospital', hospitalId: session.hospital.id })}>← {l(session.hospital.name)}</a>
        <span data-testid="overall-progress">{t('insp.overall', { done: overall.done, total: overall.total })}</span>
        <progress max={overall.total} value={overall.done} />
        {hasHardware && (
          <form
            className="tag-jump"
            onSubmit={(e) => {
              e.preventDefault();
              jumpToTag(tag);
              setTag('');
            }}
          >
            <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('insp.assetTag')} aria-label={t('insp.assetTag')} data-testid="asset-tag" />
            <button type="submit">{t('insp.assetTagGo')}</button>
          </form>
        )}
      </div>
      {lockDenied && <p className="banner warn" role="alert" data-testid="locked">{t('insp.readOnly')}</p>}
      {completed && session.inspection.completedAt && (
        <p className="banner info">{t('insp.completedReadOnly', { time: new Date(session.inspection.completedAt).toLocaleString(locale) })}</p>
      )}
      {notice && (
        <p className={`banner ${notice.kind === 'error' ? 'error' : 'info'}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {notice.text}
        </p>
      )}
      <div className="inspection-body">
        <StepList session={session} index={index} />
        <div className="inspection-main">
          <ItemPanel session={session} step={step} index={index} onBack={back} />
          <footer className="item-nav">
            <button type="button" onClick={back} disabled={index === 0} data-testid="prev">
              ← {t('insp.prev')}
            </button>
            <span className="muted keys">{step.item.kind === 'choice' ? t('insp.keysChoice') : t('insp.keys')}</span>
            <button type="button" onClick={next} disabled={index >= session.steps.length - 1} data-testid="next">
              {t('insp.next')} →
            </button>
          </footer>
          {!completed && !readOnly && (
            <div className="complete">
              <span className="muted">{open_ === 0 ? t('insp.allDone') : t('insp.completeBlocked', { count: open_ })}</span>
              <button type="button" className="primary" disabled={open_ > 0} onClick={() => void complete()} data-testid="complete">
                {t('insp.complete')}
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
