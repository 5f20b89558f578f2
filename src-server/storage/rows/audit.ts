/**
 * An audit log row as both stores read it (PostgreSQL's columns mirror SQLite's; its BIGINT seq
 * comes back a number), its mapping to the port's type, and an entry's columns as both write them.
 */
import type { AuditEntry, AuditRow } from '../port';

/** An entry's columns after the sequence number: at, actor, action, outcome, target, details, ip. */
export const auditValues = (entry: AuditEntry, at: string): unknown[] => [
  at,
  entry.actor,
  entry.action,
  entry.outcome,
  entry.target,
  JSON.stringify(entry.details),
  entry.ip ?? null,
];

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
