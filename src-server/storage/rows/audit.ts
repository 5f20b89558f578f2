/**
 * An audit log row as both stores read it (PostgreSQL's columns mirror SQLite's; its BIGINT seq
 * comes back a number), and its mapping to the port's type.
 */
import type { AuditRow } from '../port';

export interface AuditDbRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  outcome: 'ok' | 'refused';
  target: string;
  details: string;
  ip: string | null;
}

export const toAuditRow = (r: AuditDbRow): AuditRow => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  outcome: r.outcome,
  target: r.target,
  details: JSON.parse(r.details) as Record<string, unknown>,
  ...(r.ip ? { ip: r.ip } : {}),
});
