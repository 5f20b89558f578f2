import { useEffect, useMemo, useRef, useState } from 'react';
import { isFinding, missingEvidence } from '../../../src-shared/domain/answer';
import { progressOf, type Step } from '../../../src-shared/domain/steps';
import { hrefOf, navigate } from '../../app/routes';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useT, type Translator } from '../../i18n/i18n';
import { acquireEditLock } from './edit-lock';
import { ItemPanel } from './ItemPanel';
import { LockedBanner } from './LockedBanner';
import { createScanDetector } from './scanner';
import { StepList } from './StepList';
import { saveErrors, useInspection } from './store';
import { jumpToTag } from './tag-jump';

/** Keys that belong to a field, an open dialog, or a focused button (its own Enter and Space), not to the shortcuts. */
function ownsKeys(e: KeyboardEvent): boolean {
  if (document.querySelector('dialog[open]')) return true;
  const target = e.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  // Tabbing to the photo button (or "add this unit") and pressing Enter presses it.
  return ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName) && (e.key === 'Enter' || e.key === ' ');
}

/** The current item's photo button, if it has one: P (a lone letter, see scanner.ts) presses it. */
function pressPhotoButton(): void {
  document.querySelector<HTMLButtonElement>('[data-testid=item] [data-testid=add-photo]:not(:disabled)')?.click();
}

/** The keys of this item; P only where there is a photo button (a photo item, or a finding). */
function keyHint({ t }: Translator, step: Step, finding: boolean): string {
  switch (step.item.kind) {
    case 'check':
      return t('insp.keys') + (finding ? t('insp.keysPhotoToo') : '');
    case 'choice':
      return t('insp.keysChoice') + (finding ? t('insp.keysPhotoToo') : '');
    case 'number':
      return t('insp.keysNumber');
    case 'text':
      return t('insp.keysText');
    case 'photo':
      return t('insp.keysPhoto');
  }
}

export function InspectionScreen({ inspectionId }: { inspectionId: string }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { session, opening, index, readOnly, notice, open, close, goTo, answer, setNotice, markCompleted } = useInspection();
  const [lockDenied, setLockDenied] = useState(false);
  const [tag, setTag] = useState('');
  const tagBox = useRef<HTMLInputElement>(null);

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

  /** After a jump (or Esc in the tag box), keys go to the item again, not into the box. */
  const backToItem = (): void => {
    tagBox.current?.blur();
    document.querySelector<HTMLElement>('[data-testid=item]')?.focus();
  };

  /**
   * jumpToTag shows the unit at once and then saves the cursor, which may wait behind other writes:
   * keys go to the item from the moment it shows (a "1" pressed then answers it, not the tag box),
   * and again once the jump is done, when the item's panel may have been drawn anew.
   */
  const jump = (tag: string): void => {
    const done = jumpToTag(tr, tag);
    backToItem();
    void done.then(backToItem);
  };

  const next = (): void => {
    if (!session || !step) return;
    const current = session.answers.get(step.key);
    const owed = current ? missingEvidence(step.item.onFail.require, current.outcome, current.note, current.photoCount) : null;
    if (owed && !readOnly) {
      setNotice({ kind: 'error', text: t(owed === 'note' ? 'insp.needNote' : owed === 'photo' ? 'insp.needPhoto' : 'insp.needNoteOrPhoto') });
      return;
    }
    if (index < session.steps.length - 1) void goTo(index + 1);
  };
  const back = (): void => {
    if (index > 0) void goTo(index - 1);
  };

  const scanner = useMemo(
    () => createScanDetector(jump, (letter) => letter === 'p' && pressPhotoButton()),
    [session?.inspection.id, locale], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // A reading box has the focus on number items, and a tag scanned there would be typed into it:
  // tags start with a letter, which no reading does, so a letter into the empty box goes to a
  // scanner of its own, before the box sees it (capture). A letter after digits stays in the box,
  // where Enter explains that a reading is a number.
  const readingScanner = useMemo(
    () => createScanDetector(jump),
    [session?.inspection.id, locale], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useEffect(() => {
    const onCapture = (e: KeyboardEvent): void => {
      if (!(e.target instanceof HTMLInputElement) || !e.target.hasAttribute('data-scannable') || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target.value !== '' && !readingScanner.scanning()) return;
      if (readingScanner.key(e.key)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    document.addEventListener('keydown', onCapture, true);
    return () => document.removeEventListener('keydown', onCapture, true);
  }, [readingScanner]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!session || !step || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e)) return;
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

  if (opening || !session || !step) {
    if (notice && !opening) {
      return (
        <p className="banner error" role="alert">
          {notice.text}
        </p>
      );
    }
    return <p className="muted">{t('app.loading')}</p>;
  }

  const { overall, unanswered, owing } = progressOf(session.steps, session.answers);
  const left = overall.total - overall.done;
  const hasHardware = session.assets.size > 0 || session.contract.hardwareTemplateIds.length > 0;
  const status = session.inspection.status;

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
    <div className="inspection" data-testid="inspection" data-read-only={readOnly} data-status={status}>
      <div className="inspection-bar">
        <a href={hrefOf({ name: 'hospital', hospitalId: session.hospital.id })}>← {l(session.hospital.name)}</a>
        <span data-testid="overall-progress">{t('insp.overall', { done: overall.done, total: overall.total })}</span>
        <progress max={overall.total} value={overall.done} />
        {hasHardware && (
          <form
            className="tag-jump"
            onSubmit={(e) => {
              e.preventDefault();
              const value = tag;
              setTag('');
              jump(value);
            }}
          >
            <input
              ref={tagBox}
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setTag('');
                  backToItem();
                }
              }}
              placeholder={t('insp.assetTag')}
              aria-label={t('insp.assetTag')}
              title={t('insp.assetTagHint')}
              data-testid="asset-tag"
            />
            <button type="submit">{t('insp.assetTagGo')}</button>
          </form>
        )}
      </div>
      {lockDenied && <p className="banner warn" role="alert" data-testid="locked">{t('insp.readOnly')}</p>}
      {status !== 'draft' && <LockedBanner inspection={session.inspection} />}
      {notice && (
        <p className={`banner ${notice.kind === 'error' ? 'error' : 'info'}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {notice.text}
          {notice.action && (
            <button type="button" className="primary" onClick={notice.action.run} data-testid="notice-action">
              {notice.action.label}
            </button>
          )}
        </p>
      )}
      <div className="inspection-body">
        <StepList session={session} index={index} />
        <div className="inspection-main">
          <ItemPanel key={step.key} session={session} step={step} index={index} onBack={back} />
          <footer className="item-nav">
            <button type="button" onClick={back} disabled={index === 0} data-testid="prev">
              ← {t('insp.prev')}
            </button>
            <span className="muted keys" data-testid="key-hint">
              {readOnly ? t('insp.keysReadOnly') : keyHint(tr, step, isFinding(session.answers.get(step.key)?.outcome ?? 'pass'))}
            </span>
            <button type="button" onClick={next} disabled={index >= session.steps.length - 1} data-testid="next">
              {t('insp.next')} →
            </button>
          </footer>
          {status === 'draft' && !readOnly && (
            <div className="complete">
              <span className="muted" data-testid="left">
                {left === 0 ? t('insp.allDone') : owing === 0 ? t('insp.completeBlocked', { count: left }) : t('insp.completeBlockedOwing', { count: left, unanswered, owing })}
              </span>
              <button type="button" className="primary" disabled={left > 0} onClick={() => void complete()} data-testid="complete">
                {t('insp.complete')}
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
