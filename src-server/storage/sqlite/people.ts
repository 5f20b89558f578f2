/** Engineers and their hospitals, enrollment codes, devices, console admins and their sessions. */
import type { Database } from 'better-sqlite3';
import { AlreadyExists, consoleUserState, type EnrollOutcome, type Engineer, type OfficeStore } from '../port';
import { toAdmin, toDevice, toEngineer, type AdminDbRow, type DeviceDbRow, type EngineerDbRow } from '../rows/people';
import { writeAudit } from './audit';

/** Thrown inside updateAdmin's transaction to roll it back. */
class LastAdmin extends Error {}

/** An insert whose primary key is taken; one process cannot race its own check, but the port says so alike. */
function taken(id: string, insert: () => unknown): void {
  try {
    insert();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AlreadyExists(id);
    throw error;
  }
}

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

export function peopleRepo(db: Database, now: () => string): Pick<OfficeStore, PeopleMethods> {
  const hospitalsOf = (id: string): string[] =>
    (db.prepare('SELECT hospital_id FROM engineer_hospitals WHERE engineer_id = ? ORDER BY hospital_id').all(id) as { hospital_id: string }[]).map(
      (r) => r.hospital_id,
    );
  const engineerOf = (r: EngineerDbRow): Engineer => toEngineer(r, hospitalsOf(r.id));
  const replaceHospitals = (id: string, hospitalIds: string[]): void => {
    db.prepare('DELETE FROM engineer_hospitals WHERE engineer_id = ?').run(id);
    const add = db.prepare('INSERT INTO engineer_hospitals (engineer_id, hospital_id) VALUES (?, ?)');
    for (const h of new Set(hospitalIds)) add.run(id, h);
  };

  return {
    async createEngineer({ id, name, hospitalIds }, audit) {
      const at = now();
      db.transaction(() => {
        taken(id, () => db.prepare('INSERT INTO engineers (id, name, created_at) VALUES (?, ?, ?)').run(id, name, at));
        replaceHospitals(id, hospitalIds);
        writeAudit(db, audit, at);
      })();
      return { id, name, createdAt: at, hospitalIds: [...new Set(hospitalIds)].sort(), deactivatedAt: null, version: 1 };
    },
    async getEngineer(id) {
      const row = db.prepare('SELECT * FROM engineers WHERE id = ?').get(id) as EngineerDbRow | undefined;
      return row && engineerOf(row);
    },
    async listEngineers() {
      return (db.prepare('SELECT * FROM engineers ORDER BY id').all() as EngineerDbRow[]).map(engineerOf);
    },
    async setEngineerHospitals(id, hospitalIds, audit) {
      db.transaction(() => {
        replaceHospitals(id, hospitalIds);
        db.prepare('UPDATE engineers SET version = version + 1 WHERE id = ?').run(id);
        writeAudit(db, audit, now());
      })();
    },
    async updateEngineer(id, edit, expectedVersion, audit) {
      const at = now();
      return db.transaction(() => {
        const row = db.prepare('SELECT version FROM engineers WHERE id = ?').get(id) as { version: number } | undefined;
        if (!row) return { outcome: 'missing' as const };
        if (row.version !== expectedVersion) {
          writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict', expectedVersion, version: row.version } }, at);
          return { outcome: 'conflict' as const };
        }
        db.prepare(
          `UPDATE engineers SET name = ?, version = version + 1,
             deactivated_at = CASE WHEN ? THEN COALESCE(deactivated_at, ?) ELSE NULL END WHERE id = ?`,
        ).run(edit.name, edit.deactivated ? 1 : 0, at, id);
        // Codes handed out before a deactivation must not come back with a reactivation: they expire now.
        if (edit.deactivated) db.prepare('UPDATE enrollment_codes SET expires_at = ? WHERE engineer_id = ? AND used_at IS NULL AND expires_at > ?').run(at, id, at);
        replaceHospitals(id, edit.hospitalIds);
        writeAudit(db, audit, at);
        return { outcome: 'written' as const };
      }).immediate();
    },

    async createEnrollmentCode({ codeHash, engineerId, expiresAt }, audit) {
      const at = now();
      db.transaction(() => {
        db.prepare('INSERT INTO enrollment_codes (code_hash, engineer_id, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?)').run(
          codeHash,
          engineerId,
          at,
          expiresAt,
          audit.actor,
        );
        writeAudit(db, audit, at);
      })();
    },
    async findEnrollmentCode(codeHash, at) {
      const row = db
        .prepare(
          `SELECT engineer_id FROM enrollment_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
             AND engineer_id IN (SELECT id FROM engineers WHERE deactivated_at IS NULL)`,
        )
        .get(codeHash, at) as
        | { engineer_id: string }
        | undefined;
      return row && { engineerId: row.engineer_id };
    },
    async listOutstandingCodes(engineerId, at) {
      const rows = db
        .prepare(
          `SELECT substr(code_hash, 1, 8) AS id, created_at, created_by, expires_at FROM enrollment_codes
             WHERE engineer_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, code_hash`,
        )
        .all(engineerId, at) as { id: string; created_at: string; created_by: string | null; expires_at: string }[];
      return rows.map((r) => ({ id: r.id, createdAt: r.created_at, createdBy: r.created_by, expiresAt: r.expires_at }));
    },
    async expireEnrollmentCode(engineerId, codeId, at, audit) {
      return db.transaction(() => {
        const expired =
          db
            .prepare('UPDATE enrollment_codes SET expires_at = ? WHERE engineer_id = ? AND substr(code_hash, 1, 8) = ? AND used_at IS NULL AND expires_at > ?')
            .run(at, engineerId, codeId, at).changes > 0;
        if (expired) writeAudit(db, audit, at);
        return expired;
      })();
    },
    async findActiveDeviceByPublicKey(publicKeyPem) {
      const row = db.prepare('SELECT * FROM devices WHERE public_key_pem = ? AND revoked_at IS NULL ORDER BY enrolled_at LIMIT 1').get(publicKeyPem) as
        | DeviceDbRow
        | undefined;
      return row && toDevice(row);
    },
    async enrollDevice({ codeHash, device: d }, audit) {
      const at = d.enrolledAt;
      // BEGIN IMMEDIATE: the write lock is taken before the checks, so two requests with the same
      // key (or the same code), from this process or another, cannot both pass them.
      return db.transaction((): EnrollOutcome => {
        const holder = db.prepare('SELECT id FROM devices WHERE public_key_pem = ? AND revoked_at IS NULL LIMIT 1').get(d.publicKeyPem) as { id: string } | undefined;
        if (holder) {
          writeAudit(db, { ...audit.keyRefused, details: { ...audit.keyRefused.details, heldBy: holder.id } }, at);
          return { outcome: 'key_in_use', deviceId: holder.id };
        }
        // One UPDATE decides: two devices racing with the same code cannot both see it unused.
        const spent = db
          .prepare(
            `UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ? AND engineer_id = ? AND used_at IS NULL AND expires_at > ?
               AND engineer_id IN (SELECT id FROM engineers WHERE deactivated_at IS NULL)`,
          )
          .run(at, codeHash, d.engineerId, at).changes === 1;
        writeAudit(db, { ...audit.codeUse, outcome: spent ? 'ok' : 'refused' }, at);
        if (!spent) return { outcome: 'code_invalid' };
        db.prepare(
          `INSERT INTO devices (id, engineer_id, name, public_key_pem, certificate_pem, certificate_serial, token_hash, enrolled_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(d.id, d.engineerId, d.name, d.publicKeyPem, d.certificatePem, d.certificateSerial, d.tokenHash, at);
        writeAudit(db, audit.enrolled, at);
        return { outcome: 'enrolled' };
      }).immediate();
    },
    async getDevice(id) {
      const row = db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceDbRow | undefined;
      return row && toDevice(row);
    },
    async findDeviceByTokenHash(tokenHash) {
      const row = db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(tokenHash) as DeviceDbRow | undefined;
      return row && toDevice(row);
    },
    async listDevices() {
      return (db.prepare('SELECT * FROM devices ORDER BY enrolled_at DESC').all() as DeviceDbRow[]).map(toDevice);
    },
    async touchDevice(id, at) {
      db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(at, id);
    },
    async revokeDevice(id, at, audit) {
      return db.transaction(() => {
        const changed = db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
        if (changed) writeAudit(db, audit, at);
        return changed;
      })();
    },

    async createAdmin(user, audit) {
      db.transaction(() => {
        taken(user.username, () =>
          db
            .prepare('INSERT INTO admins (username, password_hash, created_at, role, hospital_ids) VALUES (?, ?, ?, ?, ?)')
            .run(user.username, user.passwordHash, user.createdAt, user.role ?? 'admin', JSON.stringify(user.hospitalIds ?? [])),
        );
        writeAudit(db, audit, user.createdAt);
      })();
    },
    async getAdmin(username) {
      const row = db.prepare('SELECT * FROM admins WHERE username = ?').get(username) as AdminDbRow | undefined;
      return row && toAdmin(row);
    },
    async listAdmins() {
      return (db.prepare('SELECT * FROM admins ORDER BY username').all() as AdminDbRow[]).map(toAdmin);
    },
    async updateAdmin(username, edit, audit) {
      const at = now();
      const hospitals = JSON.stringify(edit.role === 'admin' ? [] : [...new Set(edit.hospitalIds)].sort());
      const write = db.transaction((): 'written' | 'missing' | 'conflict' => {
        const row = db.prepare('SELECT * FROM admins WHERE username = ?').get(username) as AdminDbRow | undefined;
        if (row && edit.expectedState !== undefined && consoleUserState(toAdmin(row)) !== edit.expectedState) {
          writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict' } }, at);
          return 'conflict';
        }
        const changed =
          db
            .prepare(`UPDATE admins SET role = ?, hospital_ids = ?, disabled_at = CASE WHEN ? THEN COALESCE(disabled_at, ?) ELSE NULL END WHERE username = ?`)
            .run(edit.role, hospitals, edit.disabled ? 1 : 0, at, username).changes === 1;
        if (!changed) {
          writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'missing' } }, at);
          return 'missing';
        }
        // Counted after the change, under the write lock: two administrators demoting each other at once cannot both pass.
        const admins = (db.prepare("SELECT COUNT(*) AS n FROM admins WHERE role = 'admin' AND disabled_at IS NULL").get() as { n: number }).n;
        if (admins === 0) throw new LastAdmin();
        // A disabled user is logged out everywhere at once.
        if (edit.disabled) db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
        writeAudit(db, audit, at);
        return 'written';
      });
      try {
        return write.immediate();
      } catch (error) {
        if (!(error instanceof LastAdmin)) throw error;
        writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'last_admin' } }, at);
        return 'last_admin';
      }
    },
    async setAdminPassword(username, passwordHash, audit) {
      return db.transaction(() => {
        const changed = db.prepare('UPDATE admins SET password_hash = ? WHERE username = ?').run(passwordHash, username).changes === 1;
        // A new password ends every open session of that user.
        if (changed) db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
        writeAudit(db, { ...audit, outcome: changed ? 'ok' : 'refused' }, now());
        return changed;
      })();
    },
    async createSession(tokenHash, s) {
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now());
      db.prepare('INSERT INTO sessions (token_hash, username, csrf_token, expires_at) VALUES (?, ?, ?, ?)').run(
        tokenHash,
        s.username,
        s.csrfToken,
        s.expiresAt,
      );
    },
    async getSession(tokenHash, at) {
      const row = db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?').get(tokenHash, at) as
        | { username: string; csrf_token: string; expires_at: string }
        | undefined;
      return row && { username: row.username, csrfToken: row.csrf_token, expiresAt: row.expires_at };
    },
    async deleteSession(tokenHash) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
  };
}
