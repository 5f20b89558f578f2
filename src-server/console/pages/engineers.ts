/** The engineers list (hospitals, devices, state, last sync) and the form that adds one. */
import { LIMITS } from '../../../src-shared/domain/limits';
import type { OfficeContext } from '../../context';
import type { Device, Engineer } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html } from '../html';
import { page, type PageContext } from '../layout';
import { csrfField, fieldError, hospitalChecks, hospitalNames, hospitalOptions, problemBanner, type FieldProblems } from './people-form';

/** What the add form held when it was refused, so nothing typed is lost. */
export interface EngineerForm {
  id: string;
  name: string;
  hospitalIds: string[];
}

export interface EngineerRow {
  engineer: Engineer;
  devices: Device[];
  /** Active (not revoked) devices. */
  active: number;
  /** The latest contact of any of the engineer's devices, ISO. */
  lastSync: string | undefined;
}

export async function engineerRows(ctx: OfficeContext): Promise<EngineerRow[]> {
  const devices = await ctx.store.listDevices();
  return (await ctx.store.listEngineers()).map((engineer) => {
    const own = devices.filter((d) => d.engineerId === engineer.id);
    const seen = own.map((d) => d.lastSeenAt).filter((at): at is string => Boolean(at));
    return { engineer, devices: own, active: own.filter((d) => !d.revokedAt).length, lastSync: seen.sort().at(-1) };
  });
}

export async function engineersPage(
  ctx: OfficeContext,
  pc: PageContext,
  options: { form?: EngineerForm; problems?: FieldProblems } = {},
): Promise<string> {
  const { t, session } = pc;
  const hospitals = await hospitalOptions(ctx, pc.lang);
  const rows = await engineerRows(ctx);
  const form = options.form ?? { id: '', name: '', hospitalIds: [] };
  const problems = options.problems;
  const list = rows.length
    ? html`<table class="people"><thead><tr><th>${t('people.col.id')}</th><th>${t('people.col.name')}</th><th>${t('people.col.hospitals')}</th>
        <th>${t('people.col.devices')}</th><th>${t('people.col.status')}</th><th>${t('people.col.lastSync')}</th><th></th></tr></thead><tbody>${rows.map(
          ({ engineer: e, active, devices, lastSync }) => html`<tr data-engineer="${e.id}"${e.deactivatedAt ? html` class="inactive"` : ''}>
          <td class="nowrap"><code>${e.id}</code></td><td class="name">${e.name}</td><td class="hospitals">${hospitalNames(hospitals, e.hospitalIds, t) || '—'}</td>
          <td class="num"><a href="/console/devices?engineer=${encodeURIComponent(e.id)}">${active}</a>${devices.length > active ? html` <span class="muted">/ ${devices.length}</span>` : ''}</td>
          <td class="nowrap">${e.deactivatedAt ? html`<span class="bad">${t('people.status.deactivated', { at: chinaDateTime(e.deactivatedAt) })}</span>` : html`<span class="ok">${t('people.status.active')}</span>`}</td>
          <td class="nowrap">${lastSync ? chinaDateTime(lastSync) : '—'}</td>
          <td class="nowrap"><a class="button" href="/console/engineers/${encodeURIComponent(e.id)}">${t('people.edit')}</a></td></tr>`,
        )}</tbody></table>`
    : html`<p class="muted">${t('people.none')}</p>`;
  const add = html`<section class="panel" id="add">
    <h2>${t('people.add.title')}</h2>
    ${problemBanner(problems, ['id', 'name', 'hospitals'], t)}
    <form method="post" action="/console/engineers" class="stacked">
      ${csrfField(session?.csrfToken)}
      <label>${t('people.field.id')}<input name="id" value="${form.id}" required autocomplete="off">
        <span class="hint">${t('people.field.id.hint')}</span>${fieldError(problems, 'id')}</label>
      <label>${t('people.field.name')}<input name="name" value="${form.name}" maxlength="${LIMITS.personName}" required>${fieldError(problems, 'name')}</label>
      <fieldset><legend>${t('people.field.hospitals')}</legend>${hospitalChecks(hospitals, form.hospitalIds, t)}${fieldError(problems, 'hospitals')}</fieldset>
      <button type="submit">${t('people.add.submit')}</button>
    </form></section>`;
  const body = html`<p class="actions"><a class="button" href="/console/engineers.xlsx">${t('people.export')}</a></p>
    ${list}<p class="muted">${t('people.lastSync.note')}</p>${add}`;
  return page(pc, t('people.title'), body);
}
