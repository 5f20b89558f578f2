/**
 * A checklist draft's row as both stores read it (PostgreSQL's columns mirror SQLite's), and its
 * mapping to the port's type.
 */
import type { TemplateDraft } from '../port';

export interface DraftDbRow {
  template_id: string;
  base_version: number | null;
  data: string;
  hash: string;
  updated_at: string;
  updated_by: string;
}

export const toDraft = (r: DraftDbRow): TemplateDraft => ({
  templateId: r.template_id,
  baseVersion: r.base_version,
  data: JSON.parse(r.data) as unknown,
  hash: r.hash,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});
