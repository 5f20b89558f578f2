/**
 * A new fault or service request, as reported by phone, remotely, on site or in writing. The
 * form is kept as it is typed (form-draft.ts); the record is stored through the repository, which
 * applies the same rules again (service/rules.ts).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ServiceKind } from '../../../src-shared/catalog/reference';
import { ReportChannel, SERVICE_LIMITS, type ServiceSubject } from '../../../src-shared/service/record';
import { hrefOf, navigate } from '../../app/routes';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { CharCounter, LimitedTextArea } from '../../ui/LimitedText';
import { dropDraft, hasTyping, loadDraft, saveDraft, type ServiceFormValues } from './form-draft';
import { fromLocalInput, isFuture, promiseText, toLocalInput } from './promises';
import { rememberWriter, writer } from './steps';
import './service.css';

const CHANNELS = ReportChannel.options.filter((c) => c !== 'inspection');

function subjectOf(value: string): ServiceSubject | undefined {
  if (value === 'contract') return { kind: 'contract' };
  const [kind, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  if (kind === 'system' && id) return { kind: 'system', systemId: id };
  if (kind === 'asset' && id) return { kind: 'asset', assetId: id };
  return undefined;
}

export function NewServiceScreen({ hospitalId: routeHospital }: { hospitalId?: string }) {
  const { t, l, locale } = useT();
  const [draft] = useState(() => loadDraft());
  const restored = hasTyping(draft);
  const [failure, setFailure] = useState<string | null>(null);
  const defaults: ServiceFormValues = {
    hospitalId: routeHospital ?? '',
    contractId: '',
    subject: 'contract',
    kind: 'fault',
    levelId: '',
    reporterName: '',
    reporterDepartment: '',
    reporterPhone: '',
    channel: 'phone',
    reportedAt: toLocalInput(new Date()),
    title: '',
    description: '',
    engineer: writer(''),
  };
  const form = useForm<ServiceFormValues>({ defaultValues: restored ? { ...defaults, ...draft } : defaults });
  const { register, handleSubmit, watch, setValue, formState } = form;

  // Every change goes to the draft at once: a reload mid-sentence keeps the sentence.
  useEffect(() => {
    const { unsubscribe } = watch((values) => saveDraft(values as Partial<ServiceFormValues>));
    return unsubscribe;
  }, [watch]);

  const [hospitalId, contractId, kind, levelId, title, description, engineer] = watch(['hospitalId', 'contractId', 'kind', 'levelId', 'title', 'description', 'engineer']);
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const hospitals = await repos.reference.listHospitals();
    const contracts = hospitalId ? await repos.reference.listContracts(hospitalId) : [];
    const contract = contracts.find((c) => c.id === contractId);
    const assets = contract ? await repos.reference.listAssets(contract.id) : [];
    return { hospitals, contracts, contract, assets };
  }, [hospitalId, contractId]);

  const contract = data?.contract;
  const kinds = useMemo(() => (contract ? ServiceKind.options.filter((k) => contract.faultLevels.some((lv) => lv.kinds.includes(k))) : []), [contract]);
  const levels = useMemo(() => contract?.faultLevels.filter((lv) => lv.kinds.includes(kind as ServiceKind)) ?? [], [contract, kind]);

  // Choices that no longer fit (another hospital, contract or kind) fall back to the first that does.
  useEffect(() => {
    if (!data) return;
    if (!hospitalId && data.hospitals[0]) setValue('hospitalId', data.hospitals[0].id);
    if (hospitalId && !data.contracts.some((c) => c.id === contractId) && data.contracts[0]) setValue('contractId', data.contracts[0].id);
  }, [data, hospitalId, contractId, setValue]);
  useEffect(() => {
    if (!contract) return;
    if (!kinds.includes(kind as ServiceKind) && kinds[0]) setValue('kind', kinds[0]);
    else if (!levels.some((lv) => lv.id === levelId) && levels[0]) setValue('levelId', levels[0].id);
  }, [contract, kinds, kind, levels, levelId, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    const subject = subjectOf(values.subject);
    const reportedAt = fromLocalInput(values.reportedAt);
    if (!subject || !reportedAt) return;
    try {
      rememberWriter(values.engineer);
      const row = await repositories().serviceRecords.create({
        hospitalId: values.hospitalId,
        contractId: values.contractId,
        subject,
        channel: ReportChannel.parse(values.channel),
        reporter: {
          name: values.reporterName.trim(),
          ...(values.reporterDepartment.trim() ? { department: values.reporterDepartment.trim() } : {}),
          ...(values.reporterPhone.trim() ? { phone: values.reporterPhone.trim() } : {}),
        },
        kind: ServiceKind.parse(values.kind),
        levelId: values.levelId,
        reportedAt,
        title: values.title.trim(),
        description: values.description,
        by: values.engineer.trim(),
      });
      dropDraft();
      navigate({ name: 'service-record', recordId: row.id });
    } catch (error) {
      setFailure(describeError(locale, error));
    }
  });

  if (!data) return null;
  const required = (v: string): true | string => v.trim() !== '' || t('svc.form.required');
  return (
    <form className="panel form service-form" onSubmit={onSubmit} noValidate data-testid="service-form">
      <p>
        <a href={hrefOf(routeHospital ? { name: 'hospital', hospitalId: routeHospital } : { name: 'service-board' })}>← {t('app.back')}</a>
      </p>
      <h1>{t('svc.new.title')}</h1>
      {restored && (
        <p className="banner info" data-testid="draft-restored">
          {t('svc.new.restored')}{' '}
          <button type="button" className="link" onClick={() => { dropDraft(); form.reset(defaults); }} data-testid="draft-discard">
            {t('svc.new.discard')}
          </button>
        </p>
      )}
      <div className="form-grid">
        <label>
          {t('svc.form.hospital')}
          <select {...register('hospitalId')} data-testid="form-hospital">
            {data.hospitals.map((h) => <option key={h.id} value={h.id}>{l(h.name)}</option>)}
          </select>
        </label>
        <label>
          {t('svc.form.contract')}
          <select {...register('contractId')} data-testid="form-contract">
            {data.contracts.map((c) => <option key={c.id} value={c.id}>{l(c.name)}</option>)}
          </select>
        </label>
        <label>
          {t('svc.form.subject')}
          <select {...register('subject')} data-testid="form-subject">
            <option value="contract">{t('svc.form.wholeContract')}</option>
            {contract?.systems.map((s) => <option key={s.id} value={`system:${s.id}`}>{l(s.name)}</option>)}
            {data.assets.map((a) => <option key={a.id} value={`asset:${a.id}`}>{`${l(a.name)} · ${a.room} · ${a.assetTag}`}</option>)}
          </select>
        </label>
        <label>
          {t('svc.form.kind')}
          <select {...register('kind')} data-testid="form-kind">
            {kinds.map((k) => <option key={k} value={k}>{t(`svc.kind.${k}`)}</option>)}
          </select>
        </label>
      </div>
      <fieldset data-testid="form-levels">
        <legend>{t('svc.form.level')}</legend>
        {levels.map((lv) => (
          <label key={lv.id} className="check level-choice">
            <input type="radio" value={lv.id} {...register('levelId', { validate: required })} data-testid={`form-level-${lv.id}`} />
            <span>
              <strong>{l(lv.name)}</strong> <span className="muted">{promiseText(t, lv)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('svc.form.reporter')}</legend>
        <div className="form-grid">
          <label>
            {t('svc.form.reporterName')}
            <input {...register('reporterName', { validate: required })} maxLength={SERVICE_LIMITS.personName} data-testid="form-reporter" />
          </label>
          <label>
            {t('svc.form.reporterDepartment')}
            <input {...register('reporterDepartment')} maxLength={SERVICE_LIMITS.title} data-testid="form-department" />
          </label>
          <label>
            {t('svc.form.reporterPhone')}
            <input {...register('reporterPhone')} maxLength={SERVICE_LIMITS.phone} inputMode="tel" data-testid="form-phone" />
          </label>
          <label>
            {t('svc.form.channel')}
            <select {...register('channel')} data-testid="form-channel">
              {CHANNELS.map((c) => <option key={c} value={c}>{t(`svc.channel.${c}`)}</option>)}
            </select>
          </label>
          <label>
            {t('svc.form.reportedAt')}
            <input
              type="datetime-local"
              max={toLocalInput(new Date())}
              {...register('reportedAt', {
                validate: (v) => {
                  const iso = fromLocalInput(v);
                  return !iso ? t('svc.form.badTime') : isFuture(iso) ? t('svc.form.future') : true;
                },
              })}
              data-testid="form-reported-at"
            />
          </label>
        </div>
      </fieldset>
      {formState.errors.reportedAt && <p className="field-error" data-testid="form-time-error">{formState.errors.reportedAt.message}</p>}
      {(formState.errors.reporterName || formState.errors.levelId) && <p className="field-error">{t('svc.form.missing')}</p>}
      <label className="wide">
        {t('svc.form.title')}
        <input {...register('title', { validate: required })} maxLength={SERVICE_LIMITS.title} data-testid="form-title" />
        <CharCounter length={title.length} max={SERVICE_LIMITS.title} id="form-title-counter" />
      </label>
      {formState.errors.title && <p className="field-error">{formState.errors.title.message}</p>}
      <label className="wide">
        {t('svc.form.description')}
        <LimitedTextArea rows={5} {...register('description')} max={SERVICE_LIMITS.text} value={description} counterId="form-description-counter" data-testid="form-description" />
      </label>
      <label>
        {t('svc.form.engineer')}
        <input {...register('engineer', { validate: required })} maxLength={SERVICE_LIMITS.personName} autoComplete="name" data-testid="form-engineer" />
        <CharCounter length={engineer.length} max={SERVICE_LIMITS.personName} id="form-engineer-counter" />
      </label>
      {formState.errors.engineer && <p className="field-error">{formState.errors.engineer.message}</p>}
      {failure && <p className="banner error" role="alert" data-testid="form-failure">{failure}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="form-submit">
          {t('svc.new.submit')}
        </button>
      </div>
    </form>
  );
}
