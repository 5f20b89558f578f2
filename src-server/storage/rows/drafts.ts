/**
 * Rows of checklist drafts and import previews as both stores read them (PostgreSQL's columns
 * mirror SQLite's), their mapping to the port's types, and how long a preview is kept.
 */
import type { ImportPreview, TemplateDraft } from '../port';

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

export interface ImportPreviewDbRow {
  id: string;
  username: string;
  hospital_id: string;
  created_at: string;
  data: string;
}

export const toImportPreview = (r: ImportPreviewDbRow): ImportPreview => ({
  id: r.id,
  username: r.username,
  hospitalId: r.hospital_id,
  createdAt: r.created_at,
  data: JSON.parse(r.data) as unknown,
});

/** A preview is worth keeping for a working day; older ones are dropped when a new one is saved. */
const PREVIEW_HOURS = 24;

/** The oldest `created_at` a preview may have at `now` (ISO) and still be read. */
export const previewCutoff = (now: string): string => new Date(Date.parse(now) - PREVIEW_HOURS * 3_600_000).toISOString();
