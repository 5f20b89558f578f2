import type { Hospital } from '../../../src-shared/catalog/reference';
import type { Template } from '../../../src-shared/catalog/schema';
import { hrefOf, navigate } from '../../app/routes';
import type { AssetRow, InspectionStatus, SystemRow } from '../../db/rows';
import { systemSubject, typeSubject } from '../../db/subjects';
import { useT } from '../../i18n/i18n';
import { badRange, findByTag, hasFilters, NO_FILTERS, normalizeTag, useFilters } from './find-filters';
import { locationOf } from './location';

const STATES: InspectionStatus[] = ['draft', 'completed', 'signed'];

interface Props {
  hospital: Hospital;
  systems: readonly SystemRow[];
  /** The hardware types the hospital has units of. */
  types: readonly Template[];
  assets: readonly AssetRow[];
}

/** State, system or unit type, unit (typed or scanned tag) and start dates; every change applies at once. */
export function InspectionFilters({ hospital, systems, types, assets }: Props) {
  const tr = useT();
  const { t, l } = tr;
  const hospitalId = hospital.id;
  const f = useFilters((s) => s.byHospital[hospitalId] ?? NO_FILTERS);
  const update = useFilters((s) => s.update);
  const clear = useFilters((s) => s.clear);
  const unit = findByTag(assets, f.tag);
  const tagTyped = f.tag.trim() !== '';
  return (
    <fieldset className="filters" data-testid="filters">
      <legend>{t('find.filters')}</legend>
      <label>
        {t('find.status')}
        <select value={f.status} onChange={(e) => update(hospitalId, { status: e.target.value as InspectionStatus | '' })} data-testid="filter-status">
          <option value="">{t('find.status.all')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`list.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('find.subject')}
        <select value={f.subject} onChange={(e) => update(hospitalId, { subject: e.target.value })} data-testid="filter-subject">
          <option value="">{t('find.subject.all')}</option>
          {systems.length > 0 && (
            <optgroup label={t('find.subject.systems')}>
              {systems.map((s) => (
                <option key={s.id} value={systemSubject(s.id)}>
                  {l(s.name)}
                </option>
              ))}
            </optgroup>
          )}
          {types.length > 0 && (
            <optgroup label={t('find.subject.types')}>
              {types.map((type) => (
                <option key={type.id} value={typeSubject(type.id)}>
                  {l(type.name)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {assets.length > 0 && (
        <label>
          {t('find.unit')}
          <input
            value={f.tag}
            list={`unit-tags-${hospitalId}`}
            placeholder={t('find.unit.placeholder')}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => update(hospitalId, { tag: e.target.value })}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              const found = findByTag(assets, e.currentTarget.value);
              if (found) navigate({ name: 'unit', hospitalId, assetId: found.id });
            }}
            data-testid="filter-unit"
          />
          <datalist id={`unit-tags-${hospitalId}`}>
            {assets.map((a) => (
              <option key={a.id} value={a.assetTag}>
                {l(a.name)}
              </option>
            ))}
          </datalist>
        </label>
      )}
      <label>
        {t('find.from')}
        <input type="date" value={f.from} max={f.to || undefined} onChange={(e) => update(hospitalId, { from: e.target.value })} data-testid="filter-from" />
      </label>
      <label>
        {t('find.to')}
        <input type="date" value={f.to} min={f.from || undefined} onChange={(e) => update(hospitalId, { to: e.target.value })} data-testid="filter-to" />
      </label>
      {hasFilters(f) && (
        <button type="button" className="link" onClick={() => clear(hospitalId)} data-testid="filter-clear">
          {t('find.clear')}
        </button>
      )}
      <p className="filter-note" aria-live="polite" data-testid="filter-note">
        {tagTyped && unit && (
          <>
            {t('find.unit.match', { name: l(unit.name), location: locationOf(tr, hospital, unit) })}{' '}
            <a href={hrefOf({ name: 'unit', hospitalId, assetId: unit.id })} data-testid="filter-unit-open">
              {t('find.unit.open')} →
            </a>
          </>
        )}
        {tagTyped && !unit && <span className="field-error">{t('find.unit.unknown', { tag: normalizeTag(f.tag) })}</span>}
        {!tagTyped && assets.length > 0 && <span className="muted">{t('find.unit.hint')}</span>}
        {badRange(f) && <span className="field-error"> {t('find.badRange')}</span>}
      </p>
    </fieldset>
  );
}
