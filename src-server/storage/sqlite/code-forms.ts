/** The console's code-form tokens and the rate-limit counters (schema 9): small rows, each write one statement. */
import type { Database } from 'better-sqlite3';
import type { CodeFormClaim, OfficeStore } from '../port';

export function codeFormsRepo(db: Database): Pick<OfficeStore, 'openCodeForm' | 'claimCodeForm' | 'releaseCodeForm' | 'recordCodeForm' | 'hitRateLimit'> {
  return {
    async openCodeForm(form, expireBefore) {
      db.transaction(() => {
        db.prepare('DELETE FROM code_forms WHERE created_at < ?').run(expireBefore);
        db.prepare('INSERT INTO code_forms (token_hash, engineer_id, username, created_at) VALUES (?, ?, ?, ?)').run(
          form.tokenHash,
          form.engineerId,
          form.username,
          form.createdAt,
        );
      })();
    },
    async claimCodeForm(tokenHash, engineerId, username, notBefore): Promise<CodeFormClaim> {
      // One UPDATE takes an unclaimed form: a second submission finds it claimed.
      const taken = db
        .prepare('UPDATE code_forms SET claimed = 1 WHERE token_hash = ? AND engineer_id = ? AND username = ? AND created_at >= ? AND claimed = 0')
        .run(tokenHash, engineerId, username, notBefore);
      if (taken.changes === 1) return { outcome: 'claimed' };
      const form = db
        .prepare('SELECT code_id, issued_at FROM code_forms WHERE token_hash = ? AND engineer_id = ? AND username = ? AND created_at >= ?')
        .get(tokenHash, engineerId, username, notBefore) as { code_id: string | null; issued_at: string | null } | undefined;
      // Claimed but not yet recorded: the first submission is still issuing; this one shows it as issued.
      if (form) return { outcome: 'issued', codeId: form.code_id ?? '', at: form.issued_at ?? '' };
      return { outcome: 'stale' };
    },
    async releaseCodeForm(tokenHash) {
      db.prepare('UPDATE code_forms SET claimed = 0 WHERE token_hash = ? AND code_id IS NULL').run(tokenHash);
    },
    async recordCodeForm(tokenHash, codeId, at) {
      db.prepare('UPDATE code_forms SET code_id = ?, issued_at = ? WHERE token_hash = ?').run(codeId, at, tokenHash);
    },
    async hitRateLimit(key, windowMs, nowMs) {
      // A window starts at the key's first hit (as @fastify/rate-limit's own store counts).
      const row = db
        .prepare(
          `INSERT INTO rate_limits (key, window_start, count) VALUES (@key, @now, 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN excluded.window_start >= window_start + @window THEN 1 ELSE count + 1 END,
             window_start = CASE WHEN excluded.window_start >= window_start + @window THEN excluded.window_start ELSE window_start END
           RETURNING count, window_start`,
        )
        .get({ key, now: nowMs, window: windowMs }) as { count: number; window_start: number };
      return { count: row.count, resetAtMs: row.window_start + windowMs };
    },
  };
}
