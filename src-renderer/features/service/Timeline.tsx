/** The record's whole history, oldest first: every event as written, corrections with their reasons. */
import type { Contract } from '../../../src-shared/catalog/reference';
import { orderEvents } from '../../../src-shared/service/fold';
import type { ServiceEvent, ServiceRecord } from '../../../src-shared/service/record';
import { useT, type Translator } from '../../i18n/i18n';
import { levelOf } from './context';

function describe(tr: Translator, e: ServiceEvent, byId: Map<string, ServiceEvent>, contract: Contract): string {
  const { t, l, locale } = tr;
  const when = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  switch (e.type) {
    case 'step': {
      const step = t(`svc.phase.${e.step}`);
      const old = e.corrects ? byId.get(e.corrects) : undefined;
      if (e.withdrawn) return t('svc.history.withdrawn', { step, reason: e.reason ?? '' });
      if (old && old.type === 'step') return t('svc.history.corrected', { step, from: when(old.at), to: when(e.at), reason: e.reason ?? '' });
      return t('svc.history.step', { step, time: when(e.at) });
    }
    case 'text':
      return t('svc.history.text', { field: t(`svc.text.${e.field}`), value: e.value.length > 120 ? `${e.value.slice(0, 120)}…` : e.value });
    case 'classify': {
      const level = levelOf(contract, e.levelId);
      const name = level ? l(level.name) : e.levelId;
      return e.reason ? t('svc.history.classifyReason', { kind: t(`svc.kind.${e.kind}`), level: name, reason: e.reason }) : t('svc.history.classify', { kind: t(`svc.kind.${e.kind}`), level: name });
    }
    case 'pause':
      return t('svc.history.pause', { time: when(e.at), reason: e.reason });
    case 'resume':
      return t('svc.history.resume', { time: when(e.at) });
    case 'follow_up':
      return t('svc.history.followUp', { contact: e.contact, rating: t(`svc.rating.${e.rating}`), time: when(e.at) });
    case 'document':
      return t('svc.history.document', { document: t(`svc.document.${e.document}`), number: e.number });
    case 'spot_check':
      return t('svc.history.spotCheck', { evaluator: t(`svc.eval.evaluator.${e.evaluator}`), result: t(`svc.eval.result.${e.result}`), note: e.note ? ` · ${e.note}` : '' });
    case 'assess':
      return t('svc.history.assess', {
        adverse: t(e.adverseEvent ? 'svc.eval.adverse.yes' : 'svc.eval.adverse.no'),
        notice: t(e.noticeFailure ? 'svc.eval.notice.yes' : 'svc.eval.notice.no'),
        reason: e.reason,
      });
  }
}

export function Timeline({ record, contract }: { record: ServiceRecord; contract: Contract }) {
  const tr = useT();
  const { t, locale } = tr;
  const byId = new Map(record.events.map((e) => [e.id, e]));
  return (
    <section className="panel" data-testid="timeline">
      <h2>{t('svc.record.history')}</h2>
      <ol className="timeline">
        {orderEvents(record.events).map((e) => (
          <li key={e.id} data-testid="history-entry" data-type={e.type}>
            <time className="muted small">{new Date(e.recordedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' })}</time>{' '}
            <span className="muted small">{e.by}</span>
            <div>{describe(tr, e, byId, contract)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
