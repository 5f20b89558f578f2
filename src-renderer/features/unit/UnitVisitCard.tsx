import type { Contract } from '../../../src-shared/catalog/reference';
import type { Item } from '../../../src-shared/catalog/schema';
import { isFinding } from '../../../src-shared/domain/answer';
import { templateKey } from '../../../src-shared/domain/steps';
import { hrefOf } from '../../app/routes';
import type { UnitVisit } from '../../db/repositories/history';
import type { AnswerRow } from '../../db/rows';
import { useT, type Translator } from '../../i18n/i18n';
import { formatAnswer } from '../inspection/format';
import type { ItemsByTemplate } from './UnitScreen';

/** A finding's level as the contract names it (一级…, Fatal…), else the template's severity. */
function levelOf({ t, l }: Translator, answer: AnswerRow, contract: Contract | undefined): string | null {
  const level = answer.faultLevelId ? contract?.faultLevels.find((f) => f.id === answer.faultLevelId) : undefined;
  if (level) return l(level.name);
  return answer.severity ? t(`insp.severity.${answer.severity}`) : null;
}

interface Props {
  visit: UnitVisit;
  assetId: string;
  items: ItemsByTemplate;
  contract: Contract | undefined;
}

/** One inspection of the unit: when, by whom, its state, and what was answered for this unit. */
export function UnitVisitCard({ visit, assetId, items, contract }: Props) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { inspection, answers } = visit;
  const target = inspection.targets.find((x) => x.kind === 'hardware' && x.assetIds.includes(assetId));
  const byId = target ? items.get(templateKey(target.templateId, target.templateVersion)) : undefined;
  const order = [...(byId?.keys() ?? [])];
  const rank = (a: AnswerRow): number => {
    const at = order.indexOf(a.itemId);
    return at < 0 ? order.length : at;
  };
  const sorted = [...answers].sort((a, b) => rank(a) - rank(b));
  const findings = answers.filter((a) => isFinding(a.outcome)).length;
  const date = new Date(inspection.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <article className="visit" data-testid="visit" data-status={inspection.status} data-id={inspection.id}>
      <header>
        <strong>{date}</strong>
        <span className={`status ${inspection.status}`}>{t(`list.status.${inspection.status}`)}</span>
        <span>{t('list.engineer', { name: inspection.engineer })}</span>
        {findings > 0 && <span className="badge fail">{t('list.findings', { count: findings })}</span>}
        <span className="actions">
          <a className="button" href={hrefOf({ name: 'inspection', inspectionId: inspection.id })} data-testid="visit-open">
            {t('unit.openInspection')}
          </a>
          {inspection.status !== 'draft' && (
            <a className="button" href={hrefOf({ name: 'signoff', inspectionId: inspection.id })} data-testid="visit-report">
              {inspection.status === 'signed' ? t('unit.openReport') : t('list.sign')}
            </a>
          )}
        </span>
      </header>
      {sorted.length === 0 ? (
        <p className="muted">{t('unit.noAnswers')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('unit.item')}</th>
              <th>{t('unit.answer')}</th>
              <th>{t('unit.note')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((answer) => {
              const item: Item | undefined = byId?.get(answer.itemId);
              const finding = isFinding(answer.outcome);
              const level = finding ? levelOf(tr, answer, contract) : null;
              return (
                <tr key={answer.id} className={finding ? 'is-finding' : undefined} data-testid="visit-answer" data-finding={finding}>
                  <td>{item ? l(item.label) : answer.itemId}</td>
                  <td>
                    {item ? formatAnswer(tr, item, answer.value) : answer.outcome}
                    {finding && <span className="badge fail level">{level ?? t('unit.finding')}</span>}
                  </td>
                  <td className="visit-note">{answer.note}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </article>
  );
}
