import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { LIMITS } from '../../../src-shared/domain/limits';
import { compareAssets } from '../../../src-shared/domain/steps';
import { blankSheetFileName, calendarDate } from '../../../src-shared/report/file-name';
import { hrefOf, navigate, type InspectionPreset } from '../../app/routes';
import { repositories } from '../../db';
import type { AssetRow } from '../../db/rows';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { asksMode, defaultMode, startInspection } from './start-inspection';
import type { InspectionMode } from '../../../src-shared/catalog/period-schema';
import { chinaDate } from '../../../src-shared/period/windows';
import { contractRoleNames, paperVerdicts } from '../signoff/verdict-labels';
import { invoke } from '../../platform/invoke';
import { CharCounter } from '../../ui/LimitedText';
import { downloadPdf, printPdf } from '../signoff/pdf-actions';

interface FormValues {
  contractId: string;
  /** Asked only where the contract allows both (issue 12); else its only mode is used. */
  mode: InspectionMode;
  engineer: string;
  systemIds: string[];
  assetIds: string[];
}

const ENGINEER_KEY = 'xunjian.engineer';

/** `preset` (from a contract plan's next visit) ticks its contract, systems and units at the start. */
/** Whether today (China calendar) is after or before the contract's service period: warned, not refused. */
function outsidePeriod(period: { start: string; end: string }): 'ended' | 'not_begun' | undefined {
  const today = chinaDate(new Date().toISOString());
  return today > period.end ? 'ended' : today < period.start ? 'not_begun' : undefined;
}

export function NewInspectionScreen({ hospitalId, preset }: { hospitalId: string; preset?: InspectionPreset }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const [failure, setFailure] = useState<string | null>(null);
  // Under Electron the blank sheet opens in the PDF window (pdf-actions.ts): this says so.
  const [notice, setNotice] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const [hospital, contracts] = await Promise.all([repos.reference.getHospital(hospitalId), repos.reference.listContracts(hospitalId)]);
    return { hospital, contracts };
  }, [hospitalId]);
  const form = useForm<FormValues>({
    defaultValues: {
      contractId: preset?.contractId ?? '',
      mode: 'on_site',
      engineer: localStorage.getItem(ENGINEER_KEY) ?? '',
      systemIds: preset?.systemIds ?? [],
      assetIds: preset?.assetIds ?? [],
    },
  });
  const { register, handleSubmit, watch, setValue, formState, clearErrors } = form;
  const contractId = watch('contractId');
  const contract = data?.contracts.find((c) => c.id === contractId);
  const askMode = asksMode(contract);
  // Each contract starts at its own default (the first mode it names).
  useEffect(() => {
    setValue('mode', defaultMode(contract));
  }, [contract, setValue]);
  const systemIds = watch('systemIds');
  const assetIds = watch('assetIds');
  const engineer = watch('engineer');
  // "Choose at least one" is about the choice as it is now: ticking one answers it.
  useEffect(() => {
    if (systemIds.length > 0 || assetIds.length > 0) clearErrors('root');
  }, [systemIds, assetIds, clearErrors]);
  // The name is the engineer's for the next inspection too, and is kept as it is typed.
  useEffect(() => {
    localStorage.setItem(ENGINEER_KEY, engineer.trim());
  }, [engineer]);
  useEffect(() => {
    if (!contractId && data?.contracts[0]) setValue('contractId', data.contracts[0].id);
  }, [contractId, data, setValue]);

  const scope = useLiveQuery(async () => {
    if (!contractId) return null;
    const repos = repositories();
    const [systems, assets] = await Promise.all([repos.reference.listSystems(contractId), repos.reference.listAssets(contractId)]);
    const known = await repos.reference.latestTemplates([...systems.map((s) => s.templateId), ...assets.map((a) => a.templateId)]);
    return { systems, assets: assets.sort(compareAssets), known };
  }, [contractId]);

  const departments = useMemo(() => {
    const hospital = data?.hospital;
    const groups = new Map<string, { label: string; assets: AssetRow[] }>();
    for (const asset of scope?.assets ?? []) {
      const key = `${asset.campusId}/${asset.departmentId}`;
      const campus = hospital?.campuses.find((c) => c.id === asset.campusId);
      const dept = campus?.departments.find((d) => d.id === asset.departmentId);
      const label = [hospital && hospital.campuses.length > 1 && campus ? l(campus.name) : '', dept ? l(dept.name) : asset.departmentId]
        .filter(Boolean)
        .join(' · ');
      const group = groups.get(key) ?? { label, assets: [] };
      group.assets.push(asset);
      groups.set(key, group);
    }
    return [...groups.entries()];
  }, [scope, data, l]);

  if (!data?.hospital) return null;
  const hospital = data.hospital;

  const onSubmit = handleSubmit(async (values) => {
    if (!scope) return;
    if (values.systemIds.length === 0 && values.assetIds.length === 0) {
      form.setError('root', { message: t('new.nothingSelected') });
      return;
    }
    try {
      const inspection = await startInspection(repositories(), {
        hospitalId,
        contractId: values.contractId,
        engineer: values.engineer,
        systems: scope.systems.filter((s) => values.systemIds.includes(s.id)),
        assets: scope.assets.filter((a) => values.assetIds.includes(a.id)),
        mode: askMode ? values.mode : defaultMode(contract),
      });
      navigate({ name: 'inspection', inspectionId: inspection.id });
    } catch (error) {
      setFailure(describeError(locale, error));
    }
  });

  /** A paper sheet of the chosen systems and units, for wet-ink sign-off where no screen can be signed on. */
  async function blankSheet(action: 'print' | 'save'): Promise<void> {
    const values = form.getValues();
    setFailure(null);
    setNotice(null);
    if (!scope || (values.systemIds.length === 0 && values.assetIds.length === 0)) {
      form.setError('root', { message: t('new.nothingSelected') });
      return;
    }
    try {
      const contract = data?.contracts.find((c) => c.id === values.contractId);
      const systems = scope.systems.filter((s) => values.systemIds.includes(s.id));
      const assets = scope.assets.filter((a) => values.assetIds.includes(a.id));
      const templates = [...new Set([...systems.map((s) => s.templateId), ...assets.map((a) => a.templateId)])]
        .map((id) => scope.known.get(id))
        .filter((x) => x !== undefined);
      const { pdfBase64 } = await invoke('report.blankSheet', {
        locale,
        templates,
        units: assets.map((a) => ({ templateId: a.templateId, name: l(a.name), assetTag: a.assetTag, location: `${departmentName(a)} / ${a.room}` })),
        hospital: l(hospital.name),
        ...(contract ? { contract: l(contract.name), roles: contract.signOff.roles, duplicate: contract.signOff.copies >= 2, verdicts: paperVerdicts(tr, contract), roleNames: contractRoleNames(tr, contract) } : {}),
      });
      const fileName = blankSheetFileName(locale, { hospital: l(hospital.name), date: calendarDate(new Date()) });
      if (action === 'print') setNotice(await printPdf(tr, { kind: 'bytes', base64: pdfBase64, fileName }));
      else downloadPdf(fileName, pdfBase64);
    } catch (error) {
      setFailure(describeError(locale, error));
    }
  }

  const departmentName = (asset: AssetRow): string => {
    const dept = hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    return dept ? l(dept.name) : asset.departmentId;
  };

  const toggleAssets = (ids: string[], on: boolean): void => {
    const current = new Set(assetIds);
    for (const id of ids) if (on) current.add(id); else current.delete(id);
    setValue('assetIds', [...current]);
  };

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate>
      <p>
        <a href={hrefOf({ name: 'hospital', hospitalId })}>← {t('app.back')}</a>
      </p>
      <h1>{t('new.title', { hospital: l(hospital.name) })}</h1>
      <label>
        {t('new.contract')}
        <select {...register('contractId')} data-testid="contract-select">
          {data.contracts.map((c) => (
            <option key={c.id} value={c.id}>
              {l(c.name)}
            </option>
          ))}
        </select>
      </label>
      {contract && outsidePeriod(contract.period) && (
        <p className="banner warn" role="status" data-testid="contract-outside-period" data-reason={outsidePeriod(contract.period)}>
          {t(outsidePeriod(contract.period) === 'ended' ? 'new.outsidePeriod.ended' : 'new.outsidePeriod.notBegun', { start: contract.period.start, end: contract.period.end })}
        </p>
      )}
      {askMode && contract?.inspection.cadence && (
        <fieldset className="mode" data-testid="mode">
          <legend>{t('new.mode')}</legend>
          <div className="ratings" role="radiogroup">
            {contract.inspection.cadence.modes.map((m) => (
              <label key={m} className="check">
                <input type="radio" value={m} {...register('mode')} data-testid={`mode-${m}`} />
                {t(`insp.mode.${m}`)}
              </label>
            ))}
          </div>
          <p className="muted small">{t('new.modeHint')}</p>
        </fieldset>
      )}
      <label>
        {t('new.engineer')}
        <input
          {...register('engineer', { validate: (v) => v.trim() !== '' || t('new.engineer.required') })}
          maxLength={LIMITS.personName}
          data-testid="engineer"
          autoComplete="name"
        />
        <CharCounter length={engineer.length} max={LIMITS.personName} id="engineer-counter" />
      </label>
      {formState.errors.engineer && <p className="field-error">{formState.errors.engineer.message}</p>}
      {scope && scope.systems.length > 0 && (
        <fieldset>
          <legend>{t('new.systems')}</legend>
          <div className="checks">
            {scope.systems.map((s) => (
              <label key={s.id} className="check" title={scope.known.has(s.templateId) ? '' : t('new.templateMissing', { name: l(s.name) })}>
                <input type="checkbox" value={s.id} disabled={!scope.known.has(s.templateId)} {...register('systemIds')} data-testid={`system-${s.id}`} />
                {l(s.name)}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {departments.length > 0 && (
        <fieldset>
          <legend>{t('new.hardware')}</legend>
          {departments.map(([key, group]) => (
            <div key={key} className="dept" data-testid={`dept-${key}`}>
              <label className="check strong">
                <input
                  type="checkbox"
                  checked={group.assets.every((a) => assetIds.includes(a.id))}
                  onChange={(e) => toggleAssets(group.assets.map((a) => a.id), e.target.checked)}
                  data-testid={`dept-all-${key}`}
                />
                {group.label} <span className="muted">{t('new.unitCount', { count: group.assets.length })}</span>
              </label>
              <div className="checks">
                {group.assets.map((a) => (
                  <label key={a.id} className="check">
                    <input type="checkbox" value={a.id} disabled={!scope?.known.has(a.templateId)} {...register('assetIds')} />
                    {a.room} · {l(a.name)} <code>{a.assetTag}</code>
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      )}
      {formState.errors.root && <p className="field-error">{formState.errors.root.message}</p>}
      {failure && <p className="banner error">{failure}</p>}
      {notice && (
        <p className="banner info" role="status" data-testid="blank-notice">
          {notice}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="start">
          {t('new.start')}
        </button>
        <button type="button" onClick={() => void blankSheet('print')} data-testid="blank-print">
          {t('new.blankSheetPrint')}
        </button>
        <button type="button" className="link" onClick={() => void blankSheet('save')} data-testid="blank-save">
          {t('new.blankSheetSave')}
        </button>
      </div>
    </form>
  );
}
