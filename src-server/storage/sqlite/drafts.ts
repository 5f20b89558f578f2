/** Checklist drafts waiting to be published, and Excel import previews waiting to be confirmed (issue 14). */
import type { Database } from 'better-sqlite3';
import type { OfficeStore } from '../port';
import { previewCutoff, toDraft, toImportPreview, type DraftDbRow, type ImportPreviewDbRow } from '../rows/drafts';
import { writeAudit } from './audit';
import { referenceWriter } from './reference';

type DraftMethods =
  | 'listTemplateDrafts'
  | 'getTemplateDraft'
  | 'saveTemplateDraft'
  | 'deleteTemplateDraft'
  | 'publishTemplateDraft'
  | 'saveImportPreview'
  | 'getImportPreview'
  | 'deleteImportPreview';

export function draftsRepo(db: Database, now: () => string): Pick<OfficeStore, DraftMethods> {
  const writer = referenceWriter(db);
  const storedHash = (templateId: string): string | null =>
    (db.prepare('SELECT hash FROM template_drafts WHERE template_id = ?').get(templateId) as { hash: string } | undefined)?.hash ?? null;
  const refuse = (audit: Parameters<typeof writeAudit>[1], at: string) =>
    writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict' } }, at);

  return {
    async listTemplateDrafts() {
      return (db.prepare('SELECT * FROM template_drafts ORDER BY template_id').all() as DraftDbRow[]).map(toDraft);
    },
    async getTemplateDraft(templateId) {
      const row = db.prepare('SELECT * FROM template_drafts WHERE template_id = ?').get(templateId) as DraftDbRow | undefined;
      return row && toDraft(row);
    },
    async saveTemplateDraft(draft, expectedHash, audit) {
      const at = now();
      return db.transaction(() => {
        if (storedHash(draft.templateId) !== expectedHash) {
          refuse(audit, at);
          return { outcome: 'conflict' as const };
        }
        db.prepare(
          `INSERT INTO template_drafts (template_id, base_version, data, hash, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (template_id) DO UPDATE SET base_version = excluded.base_version, data = excluded.data, hash = excluded.hash,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(draft.templateId, draft.baseVersion, JSON.stringify(draft.data), draft.hash, at, draft.updatedBy);
        writeAudit(db, audit, at);
        return { outcome: 'written' as const };
      }).immediate();
    },
    async deleteTemplateDraft(templateId, expectedHash, audit) {
      const at = now();
      return db.transaction(() => {
        const stored = storedHash(templateId);
        if (stored === null) return { outcome: 'missing' as const };
        if (stored !== expectedHash) {
          refuse(audit, at);
          return { outcome: 'conflict' as const };
        }
        db.prepare('DELETE FROM template_drafts WHERE template_id = ?').run(templateId);
        writeAudit(db, audit, at);
        return { outcome: 'written' as const };
      }).immediate();
    },
    async publishTemplateDraft(templateId, expectedHash, row, audit) {
      const at = now();
      return db.transaction(() => {
        const stored = storedHash(templateId);
        if (stored === null) return { outcome: 'missing' as const };
        const taken = writer.stored(row.kind, row.key);
        // A published version is never rewritten: another publish of the same version came first.
        if (stored !== expectedHash || taken !== undefined) {
          refuse(audit, at);
          return { outcome: 'conflict' as const };
        }
        writer.put(row, audit.actor, at);
        db.prepare('DELETE FROM template_drafts WHERE template_id = ?').run(templateId);
        writeAudit(db, audit, at);
        return { outcome: 'written' as const };
      }).immediate();
    },

    async saveImportPreview(preview) {
      const cutoff = previewCutoff(now());
      db.transaction(() => {
        db.prepare('DELETE FROM import_previews WHERE created_at < ?').run(cutoff);
        // One open preview per user and hospital: a new upload or mapping replaces the older ones.
        db.prepare('DELETE FROM import_previews WHERE username = ? AND hospital_id = ?').run(preview.username, preview.hospitalId);
        db.prepare('INSERT INTO import_previews (id, username, hospital_id, created_at, data) VALUES (?, ?, ?, ?, ?)').run(
          preview.id,
          preview.username,
          preview.hospitalId,
          preview.createdAt,
          JSON.stringify(preview.data),
        );
      })();
    },
    async getImportPreview(id, username) {
      const cutoff = previewCutoff(now());
      const row = db.prepare('SELECT * FROM import_previews WHERE id = ? AND username = ? AND created_at >= ?').get(id, username, cutoff) as ImportPreviewDbRow | undefined;
      return row && toImportPreview(row);
    },
    async deleteImportPreview(id) {
      db.prepare('DELETE FROM import_previews WHERE id = ?').run(id);
    },
  };
}
