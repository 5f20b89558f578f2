/**
 * One service record: its facts, clocks now, the whole timeline (every event, corrections with
 * their reasons beside the values they replaced), follow-up calls, documents and photos, versions.
 */
import { foldRecord, MAX_CLOCK_SKEW_MS, orderEvents, type ServiceState } from '../../../src-shared/service/fold';
import type { ServiceEvent } from '../../../src-shared/service/record';
import type { OfficeContext } from '../../context';
import type { FaultHistory } from '../../service/read';
import { summarize } from '../../service/read';
import { contractById } from '../../service/derive';
import type { StoredServiceRecord } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html, type SafeHtml } from '../html';
import type { Translate } from '../i18n';
import { localized, page, type PageContext } from '../layout';
import { loadNames } from '../names';
import { clockClass, clockText } from '../service-text';
import { futureEvents } from '../../accept/fault-rules';
import { verifyStoredDocument, type DocumentVerification } from '../verify-documents';
import type { Check } from '../verify-stored';

function eventText(e: ServiceEvent, t: Translate, levelName: (id: string) => string): SafeHtml {
  switch (e.type) {
    case 'step':
      return html`${t(`svc.step.${e.step}`)}${e.withdrawn ? html` <span class="bad">${t('svc.event.withdrawn')}</span>` : ''}`;
    case 'text':
      return html`${t(`svc.field.${e.field}`)}: ${e.value}`;
    case 'classify':
      return html`${t(`svc.kind.${e.kind}`)} · ${levelName(e.levelId)}${e.reason ? ` (${e.reason})` : ''}`;
    case 'pause':
      // Words, not ⏸/▶: the console's fonts on an office PC need not have those symbols.
      return html`${t('svc.event.pause', { reason: e.reason })}`;
    case 'resume':
      return html`${t('svc.event.resume')}`;
    case 'follow_up':
      return html`${t('svc.followUps')}: ${e.contact} · ${t(`svc.rating.${e.rating}`)}`;
    case 'document':
      return html`${t(`svc.document.${e.document}`)} ${e.number}`;
    case 'spot_check':
      return html`${t('svc.annex.eventSpotCheck', { evaluator: t(`svc.annex.evaluator.${e.evaluator}`), result: t(`svc.annex.result.${e.result}`) })}${e.note ? ` · ${e.note}` : ''}`;
    case 'assess':
      return html`${t('svc.annex.eventAssess', { adverse: t(e.adverseEvent ? 'svc.annex.adverse.yes' : 'svc.annex.adverse.no'), notice: t(e.noticeFailure ? 'svc.annex.notice.yes' : 'svc.annex.notice.no') })} · ${t('svc.annex.reason', { reason: e.reason })}`;
  }
}

/**
 * Seed 004's 附件1 marks on the record: each evaluator's latest spot check and the latest
 * assessment. Shown for contracts with that evaluation, and for any record that carries one.
 */
function annexSection(state: ServiceState, t: Translate, shown: boolean): SafeHtml | string {
  const checks = (['department', 'it_office'] as const).map((ev) => ({ ev, check: state.spotChecks[ev] }));
  if (!shown && !state.assessment && checks.every((c) => !c.check)) return '';
  const a = state.assessment;
  return html`<h2>${t('svc.annex.title')}</h2><section data-annex="004">
    <h3>${t('svc.annex.spotChecks')}</h3><ul>${checks.map(
      ({ ev, check }) => html`<li data-spot-check="${ev}">${t('svc.annex.evaluatorLabel', { evaluator: t(`svc.annex.evaluator.${ev}`) })}${
        check
          ? html`<strong data-result="${check.result}">${t(`svc.annex.result.${check.result}`)}</strong> · ${check.by} · ${chinaDateTime(check.recordedAt)}${check.note ? ` · ${check.note}` : ''}`
          : html`<span class="muted">${t('svc.annex.notChecked')}</span>`
      }</li>`,
    )}</ul>
    <h3>${t('svc.annex.assessment')}</h3>${
      a
        ? html`<p data-assessment data-adverse="${String(a.adverseEvent)}" data-notice="${String(a.noticeFailure)}"><strong class="${a.adverseEvent ? 'bad' : ''}">${t(a.adverseEvent ? 'svc.annex.adverse.yes' : 'svc.annex.adverse.no')}</strong> · <strong class="${a.noticeFailure ? 'bad' : ''}">${t(a.noticeFailure ? 'svc.annex.notice.yes' : 'svc.annex.notice.no')}</strong><br>${t('svc.annex.reason', { reason: a.reason })} <span class="muted">${a.by} · ${chinaDateTime(a.recordedAt)}</span></p>`
        : html`<p class="muted">${t('svc.annex.notAssessed')}</p>`
    }</section>`;
}

/** A document's checks in one line: "signature verified · signed by device … (engineer)", or what failed. */
function documentVerdict(v: DocumentVerification, t: Translate, engineerName: (id: string) => string): SafeHtml {
  const bad = (c: Check) => html`<br><span class="bad" data-check="failed">✗ ${t('svc.doc.failed')}</span> <code>${c.detail}</code>`;
  // An unread file's detail says why (missing, damaged); its kind was never looked at.
  if (!v.kind.ok) return v.unread ? bad(v.kind) : html`${bad(v.kind)} <span class="muted">${t('svc.doc.kindMismatch')}</span>`;
  if (!v.signed) return html`<br><span class="muted" data-check="scan">${t('svc.doc.scan')}</span>`;
  const failedCheck = [v.signed.signature, v.signed.namesRecord, v.signed.signer].find((c) => !c.ok);
  const by = v.signed.by;
  if (failedCheck || !by) return bad(failedCheck ?? v.signed.signer);
  return html`<br><span class="ok" data-check="ok">✓ ${t('svc.doc.verified')}</span> · <span data-signer-device="${by.device.id}">${t('svc.doc.signer', {
    device: `${by.device.name} (${by.device.id})`,
    engineer: engineerName(by.device.engineerId),
  })}</span> <span class="muted">${by.selfSigned ? t('svc.doc.selfSigned') : t('svc.doc.officeCert')} · <code>${by.fingerprint.slice(0, 16)}…</code></span>${
    by.device.revokedAt ? html`<br><span class="bad">${t('svc.doc.revoked', { at: chinaDateTime(by.device.revokedAt) })}</span>` : ''
  }${v.signed.engineerAssigned ? '' : html`<br><span class="bad">${t('svc.doc.notAssigned')}</span>`}`;
}

export async function serviceRecordPage(ctx: OfficeContext, pc: PageContext, row: StoredServiceRecord, history: FaultHistory): Promise<string> {
  const { t, lang } = pc;
  const names = await loadNames(ctx, lang);
  const record = history.record;
  const state = foldRecord(record);
  const contract = await contractById(ctx, record.contractId);
  const levelName = (id: string): string => {
    const level = contract?.faultLevels.find((l) => l.id === id);
    return level ? localized(level.name, lang, id) : id;
  };
  const summary = summarize(row, ctx.now());
  const base = `/console/service-records/${encodeURIComponent(record.id)}`;
  const subject =
    record.subject.kind === 'system' ? names.subject(`system:${record.subject.systemId}`) : record.subject.kind === 'asset' ? record.subject.assetId : t('svc.subject.contract');

  const facts = html`<table>
    <tr><th>${t('svc.hospital')}</th><td>${names.hospital(record.hospitalId)}</td></tr>
    <tr><th>${t('svc.contract')}</th><td>${names.contract(record.contractId)}</td></tr>
    <tr><th>${t('svc.subject')}</th><td>${subject}</td></tr>
    <tr><th>${t('svc.kindLevel')}</th><td>${t(`svc.kind.${state.kind}`)} · ${levelName(state.levelId)}</td></tr>
    <tr><th>${t('svc.state')}</th><td>${t(`svc.state.${state.status}`)}${summary.pausedSince ? html` · <span class="bad">${t('svc.paused', { at: chinaDateTime(summary.pausedSince) })}</span>` : ''}</td></tr>
    <tr><th>${t('svc.reporter')}</th><td>${[record.reporter.name, record.reporter.department, record.reporter.phone].filter(Boolean).join(' · ')}</td></tr>
    <tr><th>${t('svc.channel')}</th><td>${t(`svc.channel.${record.channel}`)}</td></tr>
    <tr><th>${t('svc.engineer')}</th><td>${summary.engineerIds.map((id) => names.engineer(id)).join('、')}</td></tr>
    <tr><th>${t('svc.createdBy')}</th><td><code>${record.createdBy}</code></td></tr>
    ${(['title', 'description', 'cause', 'workaround', 'resolution'] as const).map((f) =>
      state.texts[f] ? html`<tr><th>${t(`svc.field.${f}`)}</th><td class="text">${state.texts[f]}</td></tr>` : '',
    )}</table>`;

  const clocks = html`<h2>${t('svc.clocks')}</h2>
    ${summary.fallbackYears.length ? html`<p class="bad">${t('svc.fallback', { years: summary.fallbackYears.join('、') })}</p>` : ''}
    <table><thead><tr><th>${t('svc.clockTable.step')}</th><th>${t('svc.clockTable.target')}</th><th>${t('svc.clockTable.due')}</th>
      <th>${t('svc.clockTable.done')}</th><th>${t('svc.clockTable.status')}</th></tr></thead><tbody>
    ${summary.clocks.map(
      (c) => html`<tr><td>${t(`svc.clock.${c.step}`)}</td><td>${t(`svc.unit.${c.target.unit}`, { n: c.target.amount })}${c.basis === 'outside_hours' ? t('svc.outsideHours') : ''}</td><td>${chinaDateTime(c.due)}</td>
        <td>${c.doneAt ? chinaDateTime(c.doneAt) : ''}</td><td><span class="${clockClass(c)}" data-status="${c.status}">${clockText(c, t)}</span></td></tr>`,
    )}</tbody></table>`;

  const byId = new Map(record.events.map((e) => [e.id, e]));
  // An event dated after the office received it: the device's clock ran ahead (accept/fault-rules.ts).
  const ahead = new Set(
    history.versions.flatMap((v) => [...futureEvents(record.events.filter((e) => v.addedEvents.includes(e.id)), v.receivedAt)]),
  );
  const timeline = html`<h2>${t('svc.timeline')}</h2><table class="timeline"><thead><tr><th>${t('svc.event.at')}</th><th>${t('svc.event.what')}</th>
      <th>${t('svc.event.recorded')}</th><th>${t('svc.event.by')}</th></tr></thead><tbody>
    ${orderEvents(record.events).map((e) => {
      const corrected = e.type === 'step' && e.corrects ? byId.get(e.corrects) : undefined;
      const skew = e.clock && Math.abs(e.clock.skewMs) > MAX_CLOCK_SKEW_MS ? Math.round(e.clock.skewMs / 60_000) : undefined;
      return html`<tr data-event="${e.id}"><td>${'at' in e ? chinaDateTime(e.at) : ''}</td>
        <td>${eventText(e, t, levelName)}${
          e.type === 'step' && e.corrects
            ? html`<br><span class="muted">${t('svc.event.corrects', { id: corrected && 'at' in corrected ? chinaDateTime(corrected.at) : e.corrects, reason: e.reason ?? '' })}</span>`
            : ''
        }${skew !== undefined ? html`<br><span class="bad">${t('svc.event.skewed', { min: skew })}</span>` : ''}${
          ahead.has(e.id) ? html`<br><span class="bad" data-flag="ahead">${t('svc.event.ahead')}</span>` : ''
        }</td>
        <td>${chinaDateTime(e.recordedAt)}</td><td>${e.by}</td></tr>`;
    })}</tbody></table>`;

  const followUps = html`<h2>${t('svc.followUps')}</h2>${
    state.followUps.length
      ? html`<ul>${state.followUps.map((f) => html`<li>${chinaDateTime(f.at)} · ${f.contact}${f.phone ? ` ${f.phone}` : ''} · <strong>${t(`svc.rating.${f.rating}`)}</strong>${f.comment ? ` · ${f.comment}` : ''}</li>`)}</ul>`
      : html`<p class="muted">${t('svc.followUp.none')}</p>`
  }`;

  const verified = new Map<string, DocumentVerification>();
  // One at a time: each may be a job on the check thread, which limits the console's queue.
  for (const d of state.documents) verified.set(d.id, await verifyStoredDocument(ctx, record, d));
  const files = [
    ...state.documents.map((d) => ({ sha256: d.sha256, label: `${t(`svc.document.${d.document}`)} ${d.number}`, at: d.recordedAt, eventId: d.id, check: verified.get(d.id) })),
    ...record.photos.map((p, i) => ({ sha256: p.sha256, label: `${t('svc.photo')} ${i + 1}`, at: record.createdAt, eventId: undefined, check: undefined })),
  ];
  const documents = files.length
    ? html`<h2>${t('svc.documents')}</h2><ul>${files.map(
        (f) => html`<li${f.eventId ? html` data-document="${f.eventId}"` : ''}><a href="${base}/files/${f.sha256}" target="_blank" rel="noopener">${f.label}</a> <span class="muted">${chinaDateTime(f.at)}</span>${
          f.check ? documentVerdict(f.check, t, (id) => names.engineer(id)) : ''
        }</li>`,
      )}</ul>`
    : '';

  const versions = html`<h2>${t('svc.versions')}</h2><table><thead><tr><th>${t('svc.version')}</th><th>${t('svc.version.received')}</th>
      <th>${t('svc.engineer')}</th><th>${t('svc.version.device')}</th><th>${t('svc.version.added')}</th></tr></thead><tbody>
    ${history.versions.map(
      (v) => html`<tr><td>${v.version}</td><td>${chinaDateTime(v.receivedAt)}</td><td>${names.engineer(v.engineerId)}</td><td><code>${v.deviceId}</code></td>
        <td>${v.addedEvents.length}: <code>${v.addedEvents.slice(0, 8).join(', ')}${v.addedEvents.length > 8 ? ' …' : ''}</code></td></tr>`,
    )}</tbody></table>`;

  return page(pc, t('svc.recordTitle', { id: state.texts.title || record.id }), html`${facts}${clocks}${annexSection(state, t, contract?.evaluation.annex004 !== undefined)}${timeline}${followUps}${documents}${versions}`);
}
