/**
 * Checklist drafts waiting to be published, and Excel import previews waiting to be confirmed
 * (issue 14). Each guarded write is one transaction whose guard holds against other instances:
 * an INSERT … ON CONFLICT DO NOTHING or an UPDATE … WHERE hash, or the row read FOR UPDATE.
 */
import type { AuditEntry, OfficeStore } from '../port';
import { previewCutoff, toDraft, toImportPreview, type DraftDbRow, type ImportPreviewDbRow } from '../rows/drafts';
import { writeAudit } from './audit';
import { IMPORT_PREVIEW_LOCK_SEED } from './locks';
import { rows, type PostgresPool, type Sql } from './pool';
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

/** The draft's hash, its row locked until commit (null: no draft, nothing locked). */
async function lockedHash(sql: Sql, templateId: string): Promise<string | null> {
  return (await rows<{ hash: string }>(sql, 'SELECT hash FROM template_drafts WHERE template_id = $1 FOR UPDATE', [templateId]))[0]?.hash ?? null;
}

export function draftsRepo(db: PostgresPool, now: () => string): Pick<OfficeStore, DraftMethods> {
  const refuse = (sql: Sql, audit: AuditEntry, at: string) => writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict' } }, at);
  const cutoff = (): string => previewCutoff(now());

  return {
    async listTemplateDrafts() {
      return (await db.query<DraftDbRow>('SELECT * FROM template_drafts ORDER BY template_id')).map(toDraft);
    },
    async getTemplateDraft(templateId) {
      const [row] = await db.query<DraftDbRow>('SELECT * FROM template_drafts WHERE template_id = $1', [templateId]);
      return row && toDraft(row);
    },
    async saveTemplateDraft(draft, expectedHash, audit) {
      const at = now();
      const values = [draft.templateId, draft.baseVersion, JSON.stringify(draft.data), draft.hash, at, draft.updatedBy];
      return db.transaction(async (sql) => {
        // A new draft: the insert itself is the guard (a concurrent one waits on the key, then finds it taken).
        // An edit: the update's WHERE is re-checked on the newest row if another edit committed meanwhile.
        const written =
          expectedHash === null
            ? await rows(
                sql,
                `INSERT INTO template_drafts (template_id, base_version, data, hash, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (template_id) DO NOTHING RETURNING template_id`,
                values,
              )
            : await rows(
                sql,
                `UPDATE template_drafts SET base_version = $2, data = $3, hash = $4, updated_at = $5, updated_by = $6
                 WHERE template_id = $1 AND hash = $7 RETURNING template_id`,
                [...values, expectedHash],
              );
        if (written.length === 0) {
          await refuse(sql, audit, at);
          return { outcome: 'conflict' as const };
        }
        await writeAudit(sql, audit, at);
        return { outcome: 'written' as const };
      });
    },
    async deleteTemplateDraft(templateId, expectedHash, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        const stored = await lockedHash(sql, templateId);
        if (stored === null) return { outcome: 'missing' as const };
        if (stored !== expectedHash) {
          await refuse(sql, audit, at);
          return { outcome: 'conflict' as const };
        }
        await sql.query('DELETE FROM template_drafts WHERE template_id = $1', [templateId]);
        await writeAudit(sql, audit, at);
        return { outcome: 'written' as const };
      });
    },
    async publishTemplateDraft(templateId, expectedHash, row, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        const writer = referenceWriter(sql);
        // The reference counter first (lock order), then the draft's row.
        await writer.lock();
        const stored = await lockedHash(sql, templateId);
        if (stored === null) return { outcome: 'missing' as const };
        const taken = (await writer.stored([row])).size > 0;
        // A published version is never rewritten: another publish of the same version came first.
        if (stored !== expectedHash || taken) {
          await refuse(sql, audit, at);
          return { outcome: 'conflict' as const };
        }
        await writer.apply([{ row }], audit.actor, at);
        await sql.query('DELETE FROM template_drafts WHERE template_id = $1', [templateId]);
        await writeAudit(sql, audit, at);
        return { outcome: 'written' as const };
      });
    },

    async saveImportPreview(preview) {
      const oldest = cutoff();
      await db.transaction(async (sql) => {
        // One open preview per user and hospital: two instances saving for the same pair take turns
        // here, so the second's delete sees the first's row (a hash collision only makes others wait).
        await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [JSON.stringify([preview.username, preview.hospitalId]), IMPORT_PREVIEW_LOCK_SEED]);
        await sql.query('DELETE FROM import_previews WHERE created_at < $1', [oldest]);
        await sql.query('DELETE FROM import_previews WHERE username = $1 AND hospital_id = $2', [preview.username, preview.hospitalId]);
        await sql.query('INSERT INTO import_previews (id, username, hospital_id, created_at, data) VALUES ($1, $2, $3, $4, $5)', [
          preview.id,
          preview.username,
          preview.hospitalId,
          preview.createdAt,
          JSON.stringify(preview.data),
        ]);
      });
    },
    async getImportPreview(id, username) {
      const [row] = await db.query<ImportPreviewDbRow>(
        'SELECT * FROM import_previews WHERE id = $1 AND username = $2 AND created_at >= $3',
        [id, username, cutoff()],
      );
      return row && toImportPreview(row);
    },
    async deleteImportPreview(id) {
      await db.query('DELETE FROM import_previews WHERE id = $1', [id]);
    },
  };
}
