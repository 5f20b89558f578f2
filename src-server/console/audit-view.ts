/**
 * The audit log as an office reads it (issue 14): the page's filter from the query, Beijing days
 * turned into the log's UTC bounds, and each entry's action, actor, outcome and details in words.
 * The page (pages/audit.ts) and its export (audit-export.ts) show the same thing.
 */
import type { OfficeContext } from '../context';
import type { AuditFilter, AuditRow } from '../storage/port';
import { isMessageKey, type Translate } from './i18n';
import { listsZh } from './i18n/lists';

export interface AuditQuery {
  /** An action code, or NO_LOGINS for every action but logins. */
  action?: string;
  actor?: string;
  target?: string;
  outcome?: AuditRow['outcome'];
  from?: string;
  to?: string;
  page: number;
}

export const NO_LOGINS = '-console.login';
const LOGIN = 'console.login';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ACTION_PREFIX = 'audit.act.';

export function readAuditQuery(q: Record<string, unknown>): AuditQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim().length > 0 && v.length <= 200 ? v.trim() : undefined);
  const date = (v: unknown): string | undefined => (typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
  const n = Number(q.page);
  return {
    action: text(q.action),
    actor: text(q.actor),
    target: text(q.target),
    outcome: q.outcome === 'ok' || q.outcome === 'refused' ? q.outcome : undefined,
    from: date(q.from),
    to: date(q.to),
    page: Number.isInteger(n) && n > 0 && n <= 100_000 ? n : 1,
  };
}

/** The start of a day in Beijing (UTC+8 all year) as the log's ISO time. */
const beijingMidnight = (day: string, plusDays = 0): string => new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();

/** The store's filter for a query: `to` includes the whole of its day. */
export function auditFilter(q: AuditQuery): { action?: string } & AuditFilter {
  return {
    ...(q.action === NO_LOGINS ? { exceptAction: LOGIN } : q.action ? { action: q.action } : {}),
    ...(q.actor ? { actorText: q.actor } : {}),
    ...(q.target ? { targetText: q.target } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.from ? { from: beijingMidnight(q.from) } : {}),
    ...(q.to ? { to: beijingMidnight(q.to, 1) } : {}),
  };
}

/** The action codes the console has words for, in the order of the dictionary. */
export const KNOWN_ACTIONS: readonly string[] = Object.keys(listsZh)
  .filter((k) => k.startsWith(ACTION_PREFIX))
  .map((k) => k.slice(ACTION_PREFIX.length));

/** "保存合同" for `reference.contract.save`; an action the console has no words for shows as its code. */
export function actionLabel(t: Translate, code: string): string {
  const key = `${ACTION_PREFIX}${code}`;
  return isMessageKey(key) ? t(key) : code;
}

export const outcomeLabel = (t: Translate, outcome: AuditRow['outcome']): string => t(outcome === 'ok' ? 'audit.outcome.ok' : 'audit.outcome.refused');

/** 用户 admin, 设备 <its name>, 命令行, 系统 (the office itself), 未登录; anything else as written. */
export function actorLabel(t: Translate, actor: string, deviceNames: ReadonlyMap<string, string>): string {
  if (actor === 'cli') return t('audit.actor.cli');
  if (actor === 'anonymous') return t('audit.actor.anonymous');
  if (actor === 'system') return t('audit.actor.system');
  const [kind, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (kind === 'admin' && name) return t('audit.actor.admin', { name });
  if (kind === 'device' && name) return t('audit.actor.device', { name: deviceNames.get(name) ?? name });
  return actor;
}

export async function deviceNames(ctx: OfficeContext): Promise<Map<string, string>> {
  return new Map((await ctx.store.listDevices()).map((d) => [d.id, d.name ? `${d.name} (${d.id.slice(0, 8)})` : d.id]));
}

const SHORT = 80;
const clip = (s: string): string => (s.length > SHORT ? `${s.slice(0, SHORT - 1)}…` : s);

function shortValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    const items = value.slice(0, 5).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
    return clip(`${items.join(', ')}${value.length > 5 ? ` … (${value.length})` : ''}`);
  }
  return clip(JSON.stringify(value));
}

/** The details as short `key: value` lines (the full JSON stays beside them). */
export function detailPairs(details: Record<string, unknown>, limit = 8): string[] {
  const entries = Object.entries(details);
  const pairs = entries.slice(0, limit).map(([k, v]) => `${k}: ${shortValue(v)}`);
  return entries.length > limit ? [...pairs, `… (+${entries.length - limit})`] : pairs;
}
