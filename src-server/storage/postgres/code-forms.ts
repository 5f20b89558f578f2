/**
 * The console's code-form tokens and the rate-limit counters in PostgreSQL, shared by every
 * instance on the database. Each write is one statement, so no two instances can both claim a form
 * or both count the same hit; a counter row is rewritten in place when its window turns over.
 */
import type { CodeFormClaim, OfficeStore } from '../port';
import type { PostgresPool } from './pool';

/** The longest rate-limit window the office is configured with (cli/serve-options.ts parseRateLimit: 24 h). */
const LONGEST_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How often one instance sweeps counters of windows that have ended. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export function codeFormsRepo(db: PostgresPool): Pick<OfficeStore, 'openCodeForm' | 'claimCodeForm' | 'releaseCodeForm' | 'recordCodeForm' | 'hitRateLimit'> {
  let sweptAtMs = 0;

  /**
   * Counters are keyed by limit and client address, so they would grow with every address ever
   * seen. A row whose window began more than the longest window ago has ended; dropping it is the
   * same as the next hit resetting it. Once per SWEEP_EVERY_MS per instance keeps it cheap.
   */
  const sweep = async (windowMs: number, nowMs: number): Promise<void> => {
    if (nowMs - sweptAtMs < SWEEP_EVERY_MS) return;
    sweptAtMs = nowMs;
    // A failed sweep costs nothing but rows; the next one retries, and the request it rode on stands.
    await db.query('DELETE FROM rate_limits WHERE window_start < $1', [nowMs - Math.max(LONGEST_WINDOW_MS, windowMs)]).catch(() => undefined);
  };

  return {
    async openCodeForm(form, expireBefore) {
      await db.transaction(async (sql) => {
        await sql.query('DELETE FROM code_forms WHERE created_at < $1', [expireBefore]);
        await sql.query('INSERT INTO code_forms (token_hash, engineer_id, username, created_at) VALUES ($1, $2, $3, $4)', [
          form.tokenHash,
          form.engineerId,
          form.username,
          form.createdAt,
        ]);
      });
    },
    async claimCodeForm(tokenHash, engineerId, username, notBefore): Promise<CodeFormClaim> {
      // One UPDATE takes an unclaimed form: a second submission, on any instance, waits on the row
      // and then finds it claimed.
      const taken = await db.query(
        'UPDATE code_forms SET claimed = 1 WHERE token_hash = $1 AND engineer_id = $2 AND username = $3 AND created_at >= $4 AND claimed = 0 RETURNING token_hash',
        [tokenHash, engineerId, username, notBefore],
      );
      if (taken.length === 1) return { outcome: 'claimed' };
      const [form] = await db.query<{ code_id: string | null; issued_at: string | null }>(
        'SELECT code_id, issued_at FROM code_forms WHERE token_hash = $1 AND engineer_id = $2 AND username = $3 AND created_at >= $4',
        [tokenHash, engineerId, username, notBefore],
      );
      // Claimed but not yet recorded: the first submission is still issuing; this one shows it as issued.
      if (form) return { outcome: 'issued', codeId: form.code_id ?? '', at: form.issued_at ?? '' };
      return { outcome: 'stale' };
    },
    async releaseCodeForm(tokenHash) {
      await db.query('UPDATE code_forms SET claimed = 0 WHERE token_hash = $1 AND code_id IS NULL', [tokenHash]);
    },
    async recordCodeForm(tokenHash, codeId, at) {
      await db.query('UPDATE code_forms SET code_id = $1, issued_at = $2 WHERE token_hash = $3', [codeId, at, tokenHash]);
    },
    async hitRateLimit(key, windowMs, nowMs) {
      // A window starts at a key's first hit, as @fastify/rate-limit's own store counts: a client
      // refused at its tenth attempt waits the whole window, not what is left of a clock-aligned one.
      // One statement, atomic under concurrent hits from every instance. An instance whose clock is
      // a little behind (before the row's start) counts into the row's window rather than restart it.
      const [row] = await db.query<{ count: number; window_start: number }>(
        `INSERT INTO rate_limits AS r (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN excluded.window_start >= r.window_start + $3 THEN 1 ELSE r.count + 1 END,
           window_start = CASE WHEN excluded.window_start >= r.window_start + $3 THEN excluded.window_start ELSE r.window_start END
         RETURNING count, window_start`,
        [key, nowMs, windowMs],
      );
      if (!row) throw new Error(`rate limit ${key}: the counter's row was not returned`);
      await sweep(windowMs, nowMs);
      return { count: row.count, resetAtMs: row.window_start + windowMs };
    },
  };
}
