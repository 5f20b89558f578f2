/**
 * Engineers and their hospitals, enrollment codes, devices, console admins and their sessions, in
 * PostgreSQL (the SQLite store's people.ts, written for several instances on one database). Where
 * SQLite's BEGIN IMMEDIATE serialises a read-check-write, this takes row locks (SELECT … FOR UPDATE),
 * lets one UPDATE … RETURNING decide, or takes an advisory lock on what has no row to lock yet.
 */
import { AlreadyExists, consoleUserState, type AuditEntry, type ConsoleUserEdit, type EnrollOutcome, type OfficeStore } from '../port';
import { toAdmin, toDevice, toEngineer, type AdminDbRow, type DeviceDbRow, type EngineerDbRow } from '../rows/people';
import { writeAudit } from './audit';
import { ENROLL_KEY_LOCK_CLASS } from './locks';
import { rows, type PostgresPool, type Sql } from './pool';

/** A primary key taken by another instance between the caller's check and this insert (23505). */
const takenAs =
  (id: string) =>
  (error: unknown): never => {
    if ((error as { code?: unknown }).code === '23505') throw new AlreadyExists(id);
    throw error;
  };

/** Thrown inside updateAdmin's transaction to roll it back. */
class LastAdmin extends Error {}

/*
 * ENROLL_KEY_LOCK_CLASS (locks.ts) is "a device is being enrolled with this public key": a key has
 * no row to lock before its device exists, and revoked devices keep theirs, so a unique index
 * cannot say "one holder that is not revoked" across the whole history.
 */

type PeopleMethods =
  | 'createEngineer'
  | 'getEngineer'
  | 'listEngineers'
  | 'setEngineerHospitals'
  | 'updateEngineer'
  | 'createEnrollmentCode'
  | 'findEnrollmentCode'
  | 'listOutstandingCodes'
  | 'expireEnrollmentCode'
  | 'findActiveDeviceByPublicKey'
  | 'enrollDevice'
  | 'getDevice'
  | 'findDeviceByTokenHash'
  | 'listDevices'
  | 'touchDevice'
  | 'revokeDevice'
  | 'createAdmin'
  | 'getAdmin'
  | 'listAdmins'
  | 'updateAdmin'
  | 'setAdminPassword'
  | 'createSession'
  | 'getSession'
  | 'deleteSession';

/** Callers hold the engineer's row lock, so two replacements of one engineer's list never interleave. */
async function replaceHospitals(sql: Sql, id: string, hospitalIds: string[]): Promise<void> {
  await sql.query('DELETE FROM engineer_hospitals WHERE engineer_id = $1', [id]);
  const unique = [...new Set(hospitalIds)];
  if (unique.length) await sql.query('INSERT INTO engineer_hospitals (engineer_id, hospital_id) SELECT $1::text, unnest($2::text[])', [id, unique]);
}

export function peopleRepo(db: PostgresPool, now: () => string): Pick<OfficeStore, PeopleMethods> {
  const hospitalsOf = async (id: string): Promise<string[]> =>
    (await db.query<{ hospital_id: string }>('SELECT hospital_id FROM engineer_hospitals WHERE engineer_id = $1 ORDER BY hospital_id', [id])).map((r) => r.hospital_id);

  return {
    async createEngineer({ id, name, hospitalIds }, audit) {
      const at = now();
      await db.transaction(async (sql) => {
        await sql.query('INSERT INTO engineers (id, name, created_at) VALUES ($1, $2, $3)', [id, name, at]).catch(takenAs(id));
        await replaceHospitals(sql, id, hospitalIds);
        await writeAudit(sql, audit, at);
      });
      return { id, name, createdAt: at, hospitalIds: [...new Set(hospitalIds)].sort(), deactivatedAt: null, version: 1 };
    },
    async getEngineer(id) {
      const [row] = await db.query<EngineerDbRow>('SELECT * FROM engineers WHERE id = $1', [id]);
      return row && toEngineer(row, await hospitalsOf(id));
    },
    async listEngineers() {
      // Two queries, not one per engineer: the people page lists them all.
      const engineers = await db.query<EngineerDbRow>('SELECT * FROM engineers ORDER BY id');
      const links = await db.query<{ engineer_id: string; hospital_id: string }>('SELECT engineer_id, hospital_id FROM engineer_hospitals ORDER BY engineer_id, hospital_id');
      const byEngineer = new Map<string, string[]>();
      for (const l of links) byEngineer.set(l.engineer_id, [...(byEngineer.get(l.engineer_id) ?? []), l.hospital_id]);
      return engineers.map((r) => toEngineer(r, byEngineer.get(r.id) ?? []));
    },
    async setEngineerHospitals(id, hospitalIds, audit) {
      await db.transaction(async (sql) => {
        await sql.query('SELECT 1 FROM engineers WHERE id = $1 FOR NO KEY UPDATE', [id]);
        await replaceHospitals(sql, id, hospitalIds);
        await sql.query('UPDATE engineers SET version = version + 1 WHERE id = $1', [id]);
        await writeAudit(sql, audit, now());
      });
    },
    async updateEngineer(id, edit, expectedVersion, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        // The row stays locked to commit: a second edit from the same version waits, then sees the new
        // one. NO KEY UPDATE (what the UPDATE below takes anyway), not UPDATE: an enrollment inserting a
        // device of this engineer only needs KEY SHARE, and must not wait on it while holding its code.
        const [row] = await rows<{ version: number }>(sql, 'SELECT version FROM engineers WHERE id = $1 FOR NO KEY UPDATE', [id]);
        if (!row) return { outcome: 'missing' as const };
        if (row.version !== expectedVersion) {
          await writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict', expectedVersion, version: row.version } }, at);
          return { outcome: 'conflict' as const };
        }
        await sql.query(
          `UPDATE engineers SET name = $1, version = version + 1,
             deactivated_at = CASE WHEN $2 THEN COALESCE(deactivated_at, $3) ELSE NULL END WHERE id = $4`,
          [edit.name, edit.deactivated, at, id],
        );
        // Codes handed out before a deactivation must not come back with a reactivation: they expire now.
        if (edit.deactivated) await sql.query('UPDATE enrollment_codes SET expires_at = $1 WHERE engineer_id = $2 AND used_at IS NULL AND expires_at > $1', [at, id]);
        await replaceHospitals(sql, id, edit.hospitalIds);
        await writeAudit(sql, audit, at);
        return { outcome: 'written' as const };
      });
    },

    async createEnrollmentCode({ codeHash, engineerId, expiresAt }, audit) {
      const at = now();
      await db.transaction(async (sql) => {
        await sql.query('INSERT INTO enrollment_codes (code_hash, engineer_id, created_at, expires_at, created_by) VALUES ($1, $2, $3, $4, $5)', [
          codeHash,
          engineerId,
          at,
          expiresAt,
          audit.actor,
        ]);
        await writeAudit(sql, audit, at);
      });
    },
    async findEnrollmentCode(codeHash, at) {
      const [row] = await db.query<{ engineer_id: string }>(
        `SELECT engineer_id FROM enrollment_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
           AND engineer_id IN (SELECT id FROM engineers WHERE deactivated_at IS NULL)`,
        [codeHash, at],
      );
      return row && { engineerId: row.engineer_id };
    },
    async listOutstandingCodes(engineerId, at) {
      const found = await db.query<{ id: string; created_at: string; created_by: string | null; expires_at: string }>(
        `SELECT substr(code_hash, 1, 8) AS id, created_at, created_by, expires_at FROM enrollment_codes
           WHERE engineer_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, code_hash`,
        [engineerId, at],
      );
      return found.map((r) => ({ id: r.id, createdAt: r.created_at, createdBy: r.created_by, expiresAt: r.expires_at }));
    },
    async expireEnrollmentCode(engineerId, codeId, at, audit) {
      return db.transaction(async (sql) => {
        const expired = await rows(
          sql,
          'UPDATE enrollment_codes SET expires_at = $1 WHERE engineer_id = $2 AND substr(code_hash, 1, 8) = $3 AND used_at IS NULL AND expires_at > $1 RETURNING code_hash',
          [at, engineerId, codeId],
        );
        if (expired.length) await writeAudit(sql, audit, at);
        return expired.length > 0;
      });
    },
    async findActiveDeviceByPublicKey(publicKeyPem) {
      const [row] = await db.query<DeviceDbRow>('SELECT * FROM devices WHERE public_key_pem = $1 AND revoked_at IS NULL ORDER BY enrolled_at LIMIT 1', [publicKeyPem]);
      return row && toDevice(row);
    },
    async enrollDevice({ codeHash, device: d }, audit) {
      const at = d.enrolledAt;
      return db.transaction(async (sql): Promise<EnrollOutcome> => {
        // Two enrollments with one key, on any instances, take turns from here to commit: the second
        // then sees the first's device. hashtext may collide; a collision only makes two wait in turn.
        await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ENROLL_KEY_LOCK_CLASS, d.publicKeyPem]);
        const [holder] = await rows<{ id: string }>(sql, 'SELECT id FROM devices WHERE public_key_pem = $1 AND revoked_at IS NULL LIMIT 1', [d.publicKeyPem]);
        if (holder) {
          await writeAudit(sql, { ...audit.keyRefused, details: { ...audit.keyRefused.details, heldBy: holder.id } }, at);
          return { outcome: 'key_in_use', deviceId: holder.id };
        }
        // One UPDATE decides: a second one with the same code waits on the row, then finds it used.
        const spent =
          (
            await rows(
              sql,
              `UPDATE enrollment_codes SET used_at = $1 WHERE code_hash = $2 AND engineer_id = $3 AND used_at IS NULL AND expires_at > $1
                 AND engineer_id IN (SELECT id FROM engineers WHERE deactivated_at IS NULL) RETURNING code_hash`,
              [at, codeHash, d.engineerId],
            )
          ).length === 1;
        // The device before the audit entries: the audit counter's lock is taken last and held to commit.
        if (spent) {
          await sql.query(
            `INSERT INTO devices (id, engineer_id, name, public_key_pem, certificate_pem, certificate_serial, token_hash, enrolled_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [d.id, d.engineerId, d.name, d.publicKeyPem, d.certificatePem, d.certificateSerial, d.tokenHash, at],
          );
        }
        await writeAudit(sql, { ...audit.codeUse, outcome: spent ? 'ok' : 'refused' }, at);
        if (!spent) return { outcome: 'code_invalid' };
        await writeAudit(sql, audit.enrolled, at);
        return { outcome: 'enrolled' };
      });
    },
    async getDevice(id) {
      const [row] = await db.query<DeviceDbRow>('SELECT * FROM devices WHERE id = $1', [id]);
      return row && toDevice(row);
    },
    async findDeviceByTokenHash(tokenHash) {
      const [row] = await db.query<DeviceDbRow>('SELECT * FROM devices WHERE token_hash = $1', [tokenHash]);
      return row && toDevice(row);
    },
    async listDevices() {
      return (await db.query<DeviceDbRow>('SELECT * FROM devices ORDER BY enrolled_at DESC')).map(toDevice);
    },
    async touchDevice(id, at) {
      await db.query('UPDATE devices SET last_seen_at = $1 WHERE id = $2', [at, id]);
    },
    async revokeDevice(id, at, audit) {
      return db.transaction(async (sql) => {
        const changed = (await rows(sql, 'UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id', [at, id])).length === 1;
        if (changed) await writeAudit(sql, audit, at);
        return changed;
      });
    },

    async createAdmin(user, audit) {
      await db.transaction(async (sql) => {
        await sql.query('INSERT INTO admins (username, password_hash, created_at, role, hospital_ids) VALUES ($1, $2, $3, $4, $5)', [
          user.username,
          user.passwordHash,
          user.createdAt,
          user.role ?? 'admin',
          JSON.stringify(user.hospitalIds ?? []),
        ]).catch(takenAs(user.username));
        await writeAudit(sql, audit, user.createdAt);
      });
    },
    async getAdmin(username) {
      const [row] = await db.query<AdminDbRow>('SELECT * FROM admins WHERE username = $1', [username]);
      return row && toAdmin(row);
    },
    async listAdmins() {
      return (await db.query<AdminDbRow>('SELECT * FROM admins ORDER BY username')).map(toAdmin);
    },
    async updateAdmin(username, edit, audit) {
      const at = now();
      const hospitals = JSON.stringify(edit.role === 'admin' ? [] : [...new Set(edit.hospitalIds)].sort());
      try {
        return await db.transaction((sql) => writeAdmin(sql, username, edit, hospitals, audit, at));
      } catch (error) {
        if (!(error instanceof LastAdmin)) throw error;
        await db.transaction((sql) => writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'last_admin' } }, at));
        return 'last_admin';
      }
    },
    async setAdminPassword(username, passwordHash, audit) {
      return db.transaction(async (sql) => {
        const changed = (await rows(sql, 'UPDATE admins SET password_hash = $1 WHERE username = $2 RETURNING username', [passwordHash, username])).length === 1;
        // A new password ends every open session of that user.
        if (changed) await sql.query('DELETE FROM sessions WHERE username = $1', [username]);
        await writeAudit(sql, { ...audit, outcome: changed ? 'ok' : 'refused' }, now());
        return changed;
      });
    },
    async createSession(tokenHash, s) {
      await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now()]);
      await db.query('INSERT INTO sessions (token_hash, username, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, s.username, s.csrfToken, s.expiresAt]);
    },
    async getSession(tokenHash, at) {
      const [row] = await db.query<{ username: string; csrf_token: string; expires_at: string }>(
        'SELECT username, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, at],
      );
      return row && { username: row.username, csrfToken: row.csrf_token, expiresAt: row.expires_at };
    },
    async deleteSession(tokenHash) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
  };
}

/**
 * updateAdmin's transaction. The active administrators' rows are locked first, in one order, then
 * the user's: two administrators demoting each other at once on two instances take turns, and the
 * second counts after the first committed. Throws LastAdmin (rolling back) when none would be left.
 */
async function writeAdmin(
  sql: Sql,
  username: string,
  edit: ConsoleUserEdit,
  hospitals: string,
  audit: AuditEntry,
  at: string,
): Promise<'written' | 'missing' | 'conflict'> {
  // NO KEY UPDATE: these edits still exclude each other, while a login's session insert (a foreign
  // key to the user, KEY SHARE) need not wait for them.
  await sql.query("SELECT username FROM admins WHERE role = 'admin' AND disabled_at IS NULL ORDER BY username FOR NO KEY UPDATE");
  const [row] = await rows<AdminDbRow>(sql, 'SELECT * FROM admins WHERE username = $1 FOR NO KEY UPDATE', [username]);
  if (row && edit.expectedState !== undefined && consoleUserState(toAdmin(row)) !== edit.expectedState) {
    await writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict' } }, at);
    return 'conflict';
  }
  if (!row) {
    await writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'missing' } }, at);
    return 'missing';
  }
  await sql.query('UPDATE admins SET role = $1, hospital_ids = $2, disabled_at = CASE WHEN $3 THEN COALESCE(disabled_at, $4) ELSE NULL END WHERE username = $5', [
    edit.role,
    hospitals,
    edit.disabled,
    at,
    username,
  ]);
  // Counted after the change by a new statement, which sees every commit that came before the locks were granted.
  const [count] = await rows<{ n: number }>(sql, "SELECT COUNT(*) AS n FROM admins WHERE role = 'admin' AND disabled_at IS NULL");
  if (!count || count.n === 0) throw new LastAdmin();
  // A disabled user is logged out everywhere at once.
  if (edit.disabled) await sql.query('DELETE FROM sessions WHERE username = $1', [username]);
  await writeAudit(sql, audit, at);
  return 'written';
}
