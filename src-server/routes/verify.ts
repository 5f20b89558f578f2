/**
 * The public check a paper report's QR code leads to (`GET /verify?n=<report number>&h=<hash>`):
 * whether this office holds a report with that number and that content hash, signed by whom and
 * when — and nothing more, to anyone who has the paper. Without the hash that is printed beside it,
 * a number reveals nothing: a known number with another hash gets the same "not held" answer.
 * HTML for a phone's browser; JSON for `Accept: application/json`.
 */
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReportNumber, Sha256Hex } from '../../src-shared/report/model';
import { paths } from '../../src-shared/sync/protocol';
import { html } from '../console/html';
import { pickLang, translator } from '../console/i18n';
import type { RateLimit } from '../config';
import type { OfficeContext } from '../context';
import type { StoredReport } from '../storage/port';
import { ApiError } from '../errors';
import { heldBody, limitedBody, notHeldBody, verifyPage, type VerifyAnswer } from './verify-page';

/**
 * Only n and h count. Anything else is ignored, not refused: chat apps append their own parameters
 * (`&from=singlemessage`) to links people share, and `lang` is read by pickLang.
 */
const Query = z.object({
  n: ReportNumber,
  // Hex is hex in either case; the office stores and compares lower case (Sha256Hex).
  h: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), Sha256Hex),
});

/**
 * The report of that number and hash, the number matched whatever case it was typed in. The office
 * keeps numbers as pushed and looks them up exactly (the store's index is not ours to change): the
 * app makes them in upper case (XJ-20261202-B211CE), so the number as given, in upper case and in
 * lower case are tried — all three always, so that a held number costs no more time than any other.
 */
async function heldReport(ctx: OfficeContext, n: string, h: string): Promise<StoredReport | undefined> {
  let held: StoredReport | undefined;
  for (const candidate of new Set([n, n.toUpperCase(), n.toLowerCase()])) {
    const report = await ctx.store.findReportByNumber(candidate);
    if (!held && report?.hash === h) held = report;
  }
  return held;
}

/** The page loads only its style sheet; nothing on it runs. */
const CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A program asks for JSON; a phone's browser (and anything else) gets the page. */
const wantsJson = (request: FastifyRequest): boolean => (request.headers.accept ?? '').includes('application/json');
const rawQueryOf = (request: FastifyRequest): string => request.url.split('?')[1] ?? '';

export function verifyRoutes(app: FastifyInstance, ctx: OfficeContext, rateLimit: RateLimit): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });
  // Over the rate limit, a browser gets the page in its language rather than the protocol's JSON
  // error; every other error, and JSON clients, go on to the office's handler.
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof ApiError && error.status === 429) || wantsJson(request)) throw error;
    const lang = pickLang(request, reply);
    const t = translator(lang);
    // @fastify/rate-limit has set Retry-After (whole seconds) before it refused the request.
    const retryAfter = Number(reply.getHeader('retry-after')) || Math.ceil(rateLimit.windowMs / 1000);
    return reply
      .code(429)
      .type('text/html; charset=utf-8')
      .send(verifyPage(t, lang, rawQueryOf(request), limitedBody(t, retryAfter, ctx.now())));
  });
  // One limiter for both addresses below: a route's own `config.rateLimit` would count each apart,
  // and the trailing slash would double the budget of anyone walking report numbers.
  // groupId names the limiter's counter in the database when instances share one (http/shared-rate-limit.ts).
  const limiter = app.rateLimit({ max: rateLimit.max, timeWindow: rateLimit.windowMs, groupId: 'verify' });
  const check = async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = pickLang(request, reply);
    const t = translator(lang);
    const rawQuery = rawQueryOf(request);
    const query = Query.safeParse(request.query);
    if (!query.success) {
      if (wantsJson(request)) return reply.code(400).send({ error: { code: 'invalid_request', message: 'n must be a report number and h its 64-digit SHA-256' } });
      return reply.code(400).type('text/html; charset=utf-8').send(verifyPage(t, lang, rawQuery, html`<p class="bad">${t('verify.badQuery')}</p>`));
    }
    const { n, h } = query.data;
    const report = await heldReport(ctx, n, h);
    const held = report !== undefined;
    // Held: the number as the office holds it (and the paper prints it); else as it was asked.
    const answer: VerifyAnswer = held
      ? { held, reportNumber: report.reportNumber, hash: h, signedBy: report.signer.subject, signedAt: report.signedAt, receivedAt: report.receivedAt }
      : { held, reportNumber: n, hash: h };
    reply.code(held ? 200 : 404);
    if (wantsJson(request)) return reply.send(answer);
    const body = held ? heldBody(t, ctx.office.name, answer) : notHeldBody(t, ctx.office.name, n);
    return reply.type('text/html; charset=utf-8').send(verifyPage(t, lang, rawQuery, body));
  };
  // `/verify/` too: people retype the address, and some link tools add the slash.
  for (const url of [paths.verify, `${paths.verify}/`]) app.get(url, { onRequest: limiter, schema: { hide: true } }, check);
}
