/**
 * People (issue 14): engineers (add, edit, assign hospitals, deactivate), their one-time enrollment
 * codes as text and QR code, devices with their last sync (and revoke), each list as .xlsx; and the
 * public /enroll page an enrollment link opens on a phone. Console users are in user-routes.ts.
 * Administrators only (readers get 403 from requireAdmin). Refused input re-renders its form with
 * what was typed and the problem named per field; success is POST → 303 → GET with a notice.
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handoverString } from '../../src-shared/sync/enrollment-code';
import { enrollmentLink, ENROLL_PATH } from '../../src-shared/sync/enrollment-link';
import { AdminError, createEngineer, createEnrollmentCode, editEngineer, revokeDevice, revokeEnrollmentCode } from '../admin/operations';
import type { OfficeContext } from '../context';
import { CodeForms } from './code-forms';
import { officeCaFingerprint } from '../enroll-handover';
import type { Engineer } from '../storage/port';
import type { ConsoleHelpers } from './helpers';
import type { MessageKey } from './i18n';
import { devicesWorkbook, engineersWorkbook } from './people-export';
import { actorOf, doneOf, lastEditor, notFound, sendWorkbook } from './people-shared';
import { devicesPage, readDevicesQuery } from './pages/devices';
import { engineerEditPage, type EngineerEditOptions } from './pages/engineer-edit';
import { engineersPage } from './pages/engineers';
import { enrollLandingPage } from './pages/enroll-landing';
import { enrollmentCodePage } from './pages/enrollment-code';
import { hospitalsOfForm, problemsOf } from './pages/people-form';
import type { ConsoleSession } from './session';

const DEFAULT_CODE_DAYS = '7';

const NOTICES: Record<string, MessageKey> = {
  created: 'people.created',
  saved: 'people.saved',
  deactivated: 'people.deactivated',
  reactivated: 'people.reactivated',
};
/** `?revoked=<code id>` after revoking a code, `?gone=<code id>` when there was nothing to revoke. */
const CODE_ID = /^[0-9a-f]{8}$/;

/** The office serves HTTPS itself (`--tls`) on this connection, rather than plain HTTP behind a proxy. */
const servesTls = (request: FastifyRequest): boolean => (request.raw.socket as Partial<TLSSocket>).encrypted === true;

/** The office address a laptop would use: the address typed, else the console request's own origin. */
type OfficeUrl = { ok: true; origin: string } | { ok: false; problem: 'people.problem.officeUrl' | 'people.problem.officeHttps' };

function readOfficeUrl(typed: string, tls: boolean): OfficeUrl {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    return { ok: false, problem: 'people.problem.officeUrl' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'people.problem.officeUrl' };
  // A handover with the CA fingerprint is only accepted over https:// (handoverProblem): the link must say https.
  if (tls && url.protocol !== 'https:') return { ok: false, problem: 'people.problem.officeHttps' };
  // The path is kept, so an office behind a proxy at a sub-path (https://it.hospital.cn/xunjian) is
  // reached there; a console address pasted in (…/console/engineers/…) is cut back to the office's.
  const path = url.pathname.replace(/\/console(\/.*)?$/, '').replace(/\/+$/, '');
  return { ok: true, origin: `${url.origin}${path}` };
}

export function peopleConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const codeForms = new CodeForms(ctx.store, ctx.now);

  // —— Engineers ——

  app.get('/console/engineers', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await engineersPage(ctx, h.pageContext(request, reply, session)));
  });

  app.post('/console/engineers', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const form = h.formOf(request);
    const typed = { id: String(form.id ?? '').trim(), name: String(form.name ?? ''), hospitalIds: hospitalsOfForm(form) };
    try {
      await createEngineer(ctx, typed, actorOf(session));
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      const pc = h.pageContext(request, reply, session);
      return h.sendHtml(reply, await engineersPage(ctx, pc, { form: typed, problems: problemsOf(error, pc.t) }), 400);
    }
    return reply.redirect(`/console/engineers/${encodeURIComponent(typed.id)}?done=created`, 303);
  });

  app.get('/console/engineers.xlsx', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return sendWorkbook(ctx, request, reply, session, 'engineers.export', await engineersWorkbook(ctx, h.pageContext(request, reply, session).lang));
  });

  /** The engineer of the route, or a 404 page already sent. */
  const engineerOf = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession): Promise<Engineer | undefined> => {
    const id = (request.params as { id: string }).id;
    const engineer = await ctx.store.getEngineer(id);
    if (!engineer) await notFound(h, reply, h.pageContext(request, reply, session).t('people.problem.noEngineer', { id }));
    return engineer;
  };

  /** The engineer's page; every rendering gets a fresh one-time token for its code form. */
  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: ConsoleSession,
    engineer: Engineer,
    options: Partial<Omit<EngineerEditOptions, 'code'>> & { code?: Omit<EngineerEditOptions['code'], 'token'> },
    status = 200,
  ) => {
    const pc = h.pageContext(request, reply, session);
    const code = { days: DEFAULT_CODE_DAYS, officeUrl: ownOrigin(request), ...options.code, token: await codeForms.open(engineer.id, session.username) };
    return h.sendHtml(reply, await engineerEditPage(ctx, pc, engineer, { ...options, code }), status);
  };

  app.get('/console/engineers/:id', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    const { t } = h.pageContext(request, reply, session);
    const done = doneOf(request, NOTICES);
    const query = request.query as { revoked?: unknown; gone?: unknown };
    const revoked = typeof query.revoked === 'string' && CODE_ID.test(query.revoked) ? t('people.codes.revoked', { id: query.revoked }) : undefined;
    const gone = typeof query.gone === 'string' && CODE_ID.test(query.gone) ? t('people.codes.gone', { id: query.gone }) : undefined;
    const notice = done ? t(done) : (revoked ?? gone);
    return editPage(request, reply, session, engineer, notice ? { notice } : {});
  });

  /** A guarded edit from one of the engineer's forms: written, or the form again with its problem or the conflict. */
  const saveEngineer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: ConsoleSession,
    engineer: Engineer,
    edit: { name: string; hospitalIds: string[]; deactivated: boolean },
    done: string,
  ) => {
    const pc = h.pageContext(request, reply, session);
    const version = Number(h.formOf(request).version);
    try {
      const result = await editEngineer(ctx, engineer.id, edit, Number.isInteger(version) ? version : -1, actorOf(session));
      if (result.outcome === 'missing') return notFound(h, reply, pc.t('people.problem.noEngineer', { id: engineer.id }));
      if (result.outcome === 'conflict') {
        const current = (await ctx.store.getEngineer(engineer.id)) ?? engineer;
        const who = (await lastEditor(ctx, engineer.id, /^engineer\./)) ?? pc.t('edit.conflict.someone');
        return editPage(request, reply, session, current, { conflict: { who, typed: edit } }, 409);
      }
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return editPage(request, reply, session, engineer, { form: edit, problems: problemsOf(error, pc.t) }, 400);
    }
    return reply.redirect(`/console/engineers/${encodeURIComponent(engineer.id)}?done=${done}`, 303);
  };

  app.post('/console/engineers/:id', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    const form = h.formOf(request);
    const edit = { name: String(form.name ?? ''), hospitalIds: hospitalsOfForm(form), deactivated: Boolean(engineer.deactivatedAt) };
    return saveEngineer(request, reply, session, engineer, edit, 'saved');
  });

  app.post('/console/engineers/:id/deactivate', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    if (h.formOf(request).confirm !== '1') return editPage(request, reply, session, engineer, { unconfirmed: true }, 400);
    return saveEngineer(request, reply, session, engineer, { name: engineer.name, hospitalIds: engineer.hospitalIds, deactivated: true }, 'deactivated');
  });

  app.post('/console/engineers/:id/reactivate', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    return saveEngineer(request, reply, session, engineer, { name: engineer.name, hospitalIds: engineer.hospitalIds, deactivated: false }, 'reactivated');
  });

  // The code is shown in this answer only: the office keeps its hash, and the page is no-store.
  // The form's one-time token makes a reload or a resubmitted form say so instead of issuing another code.
  app.post('/console/engineers/:id/code', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    const pc = h.pageContext(request, reply, session);
    const form = h.formOf(request);
    const typed = { days: String(form.days ?? DEFAULT_CODE_DAYS).trim(), officeUrl: String(form.officeUrl ?? '').trim() || ownOrigin(request) };
    const tls = servesTls(request);
    const office = readOfficeUrl(typed.officeUrl, tls);
    if (!office.ok) return editPage(request, reply, session, engineer, { code: { ...typed, problems: { officeUrl: pc.t(office.problem) } } }, 400);
    const token = String(form.form ?? '');
    const claim = await codeForms.claim(token, engineer.id, session.username);
    if (claim.outcome !== 'claimed') {
      const codeRefused = claim.outcome === 'issued' ? { issued: { codeId: claim.codeId, at: claim.at } } : { stale: true as const };
      return editPage(request, reply, session, engineer, { code: typed, codeRefused }, 409);
    }
    let issued: { code: string; expiresAt: string; codeId: string };
    try {
      // Digits only: Number() would also take `1e1` or `0x7`.
      issued = await createEnrollmentCode(ctx, engineer.id, /^[0-9]{1,3}$/.test(typed.days) ? Number(typed.days) : Number.NaN, actorOf(session));
    } catch (error) {
      await codeForms.release(token);
      if (!(error instanceof AdminError)) throw error;
      return editPage(request, reply, session, engineer, { code: { ...typed, problems: problemsOf(error, pc.t) } }, 400);
    }
    await codeForms.record(token, issued.codeId, ctx.now().toISOString());
    const fingerprint = await officeCaFingerprint(ctx);
    const handover = tls ? handoverString(issued.code, fingerprint) : issued.code;
    const page = await enrollmentCodePage(pc, {
      engineer,
      code: issued.code,
      expiresAt: issued.expiresAt,
      caFingerprint: fingerprint,
      tls,
      handover,
      link: enrollmentLink(office.origin, handover),
    });
    return h.sendHtml(reply, page);
  });

  app.post('/console/engineers/:id/codes/:codeId/revoke', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const engineer = await engineerOf(request, reply, session);
    if (!engineer) return reply;
    const codeId = (request.params as { codeId: string }).codeId;
    const revoked = await revokeEnrollmentCode(ctx, engineer.id, codeId, actorOf(session));
    const answer = CODE_ID.test(codeId) ? `${revoked ? 'revoked' : 'gone'}=${codeId}` : 'gone=';
    return reply.redirect(`/console/engineers/${encodeURIComponent(engineer.id)}?${answer}#codes`, 303);
  });

  // —— Devices ——

  app.get('/console/devices', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await devicesPage(ctx, h.pageContext(request, reply, session), readDevicesQuery(request.query as Record<string, unknown>)));
  });
  app.get('/console/devices.xlsx', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const q = readDevicesQuery(request.query as Record<string, unknown>);
    return sendWorkbook(ctx, request, reply, session, 'devices.export', await devicesWorkbook(ctx, q, h.pageContext(request, reply, session).lang));
  });
  app.post('/console/devices/:id/revoke', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    try {
      await revokeDevice(ctx, (request.params as { id: string }).id, actorOf(session));
    } catch (error) {
      if (error instanceof AdminError) return notFound(h, reply, error.message);
      throw error;
    }
    return reply.redirect('/console/devices', 303);
  });

  // —— The page an enrollment link opens (public: the code stays in the fragment) ——

  app.get(ENROLL_PATH, hide, async (request, reply) => h.sendHtml(reply, enrollLandingPage(h.pageContext(request, reply))));
}
