import { isDone, isFinding } from '../../../src-shared/domain/answer';
import { progressOf, type Step } from '../../../src-shared/domain/steps';
import { useT } from '../../i18n/i18n';
import type { Session } from './session';
import { useInspection } from './store';

/** The inspection's outline: each section or unit with its progress, the current one opened. */
export function StepList({ session, index }: { session: Session; index: number }) {
  const tr = useT();
  const { l } = tr;
  const saveState = useInspection((s) => s.saveState);
  const goTo = useInspection((s) => s.goTo);
  const current = session.steps[index];
  const { byGroup } = progressOf(session.steps, session.answers);
  const groups: { key: string; first: Step; steps: { step: Step; index: number }[] }[] = [];
  session.steps.forEach((step, i) => {
    const last = groups[groups.length - 1];
    if (last?.key === step.group) last.steps.push({ step, index: i });
    else groups.push({ key: step.group, first: step, steps: [{ step, index: i }] });
  });
  return (
    <nav className="steps" aria-label="outline">
      {groups.map((group) => {
        const progress = byGroup.get(group.key)!;
        const open = current?.group === group.key;
        return (
          <div
            key={group.key}
            className={`group${open ? ' open' : ''}`}
            data-group={group.key}
            data-asset-tag={group.first.assetId ? session.assets.get(group.first.assetId)?.assetTag : undefined}
          >
            <button type="button" className="group-head" onClick={() => void goTo(group.steps[0]!.index)}>
              <span>{groupTitle(tr, session, group.first)}</span>
              <span className="count" data-testid="group-progress">
                {progress.done}/{progress.total}
              </span>
              <progress max={progress.total} value={progress.done} />
            </button>
            <ol>
              {group.steps.map(({ step, index: i }) => {
                const answer = session.answers.get(step.key);
                const state = saveState.get(step.key) === 'saved' && answer ? (isFinding(answer.outcome) ? 'finding' : 'saved') : 'open';
                // Saved, but its finding still owes a note or photo: not counted as done (domain/steps.ts progressOf).
                const owing = answer !== undefined && !isDone(step.item.onFail.require, answer);
                return (
                  <li
                    key={step.key}
                    data-step-key={step.key}
                    data-kind={step.item.kind}
                    data-state={state}
                    data-owing={owing || undefined}
                    className={`${state}${owing ? ' owing' : ''}${i === index ? ' current' : ''}`}
                  >
                    <button type="button" onClick={() => void goTo(i)}>
                      {l(step.item.label)}
                    </button>
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
    </nav>
  );
}

export function groupTitle({ t, l }: ReturnType<typeof useT>, session: Session, step: Step): string {
  const template = [...session.templates.values()].find((tpl) => tpl.id === step.templateId);
  const section = template?.sections.find((s) => s.id === step.sectionId);
  if (step.assetId) {
    const asset = session.assets.get(step.assetId);
    if (!asset) return step.assetId;
    const dept = session.hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    return `${dept ? l(dept.name) : asset.departmentId} · ${asset.room} · ${t('insp.unit', { name: l(asset.name), tag: asset.assetTag })}`;
  }
  if (step.subject.startsWith('type:')) {
    return `${template ? t('insp.onceForType', { name: l(template.name) }) : step.templateId} · ${section ? l(section.title) : ''}`;
  }
  const systemId = step.subject.slice('system:'.length);
  const system = session.contract.systems.find((s) => `${session.contract.id}/${s.id}` === systemId);
  return `${system ? l(system.name) : systemId} · ${section ? l(section.title) : ''}`;
}
