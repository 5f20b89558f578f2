/**
 * Rows of engineers, devices and console admins as both stores read them (PostgreSQL's columns
 * mirror SQLite's), and their mapping to the port's types.
 */
import type { AdminUser, ConsoleRole, Device, Engineer } from '../port';

export interface DeviceDbRow {
  id: string;
  engineer_id: string;
  name: string;
  public_key_pem: string;
  certificate_pem: string;
  certificate_serial: string;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

export const toDevice = (r: DeviceDbRow): Device => ({
  id: r.id,
  engineerId: r.engineer_id,
  name: r.name,
  publicKeyPem: r.public_key_pem,
  certificatePem: r.certificate_pem,
  certificateSerial: r.certificate_serial,
  enrolledAt: r.enrolled_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});

export interface EngineerDbRow {
  id: string;
  name: string;
  created_at: string;
  deactivated_at: string | null;
  version: number;
}

/** The hospitals live in their own table; each store reads them its own way (per row, or one query for a list). */
export const toEngineer = (r: EngineerDbRow, hospitalIds: string[]): Engineer => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  hospitalIds,
  deactivatedAt: r.deactivated_at,
  version: r.version,
});

export interface AdminDbRow {
  username: string;
  password_hash: string;
  created_at: string;
  role: ConsoleRole;
  hospital_ids: string;
  disabled_at: string | null;
}

export const toAdmin = (r: AdminDbRow): AdminUser => ({
  username: r.username,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  role: r.role,
  hospitalIds: JSON.parse(r.hospital_ids) as string[],
  disabledAt: r.disabled_at,
});
