/** What the office service can be told at start, and the defaults when it is not. */

export interface Limits {
  /** Small JSON bodies: enrollment, fault records, blob lists. */
  jsonBodyBytes: number;
  /** A report envelope (the canonical record can hold thousands of answers). */
  reportBodyBytes: number;
  /** A service record version: up to 2,000 events with 4,000-character texts (service/record.ts SERVICE_LIMITS). */
  faultBodyBytes: number;
  /** One blob: a signed PDF with photos, or one photo. */
  blobBytes: number;
  /** An offline bundle file. */
  bundleBytes: number;
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface RateLimits {
  enroll: RateLimit;
  login: RateLimit;
  /** The public paper check (/verify): enough for a hospital checking its copies, not for walking report numbers. */
  verify: RateLimit;
  /** Update checks and downloads (GET /api/v1/updates/…), per client address; each device also needs its token. UPDATES_RATE_LIMIT when absent. */
  updates?: RateLimit;
}

export interface ServerOptions {
  /** Keys, TLS certificates and published updates; with SQLite (no `database`) also the database and blobs. */
  dataDir: string;
  /**
   * A postgres:// URL: records and blobs in PostgreSQL, so several instances can share them
   * (issue 15). Absent: SQLite and a blob folder in the data folder.
   */
  database?: string;
  /** Reference data loaded on first start; null to start empty. Defaults to the repository's assets/catalog. */
  catalogDir?: string | null;
  /** Shown on receipts and in the console; set once, on first start. */
  officeName?: string;
  limits?: Partial<Limits>;
  rateLimits?: Partial<RateLimits>;
  /** Pino log level, or false for silence (tests). */
  logLevel?: string | false;
  /** Names this instance on every log line; hostname:pid when not given. */
  instanceName?: string;
  /** Mark the session cookie Secure: set when the office serves HTTPS or a TLS proxy sits in front. */
  secureCookies?: boolean;
  /**
   * Serve HTTPS with a certificate from the office CA for these host names and IP addresses
   * (kept in <data>/tls, renewed before it expires). Absent: plain HTTP, for a TLS proxy in front.
   */
  tls?: { names: string[]; renewCheckMs?: number };
  /**
   * Proxies whose X-Forwarded-For is believed: their addresses or CIDR ranges (or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`), or a hop count. Absent: the socket's address, always.
   */
  trustProxy?: string[] | number;
  sessionHours?: number;
  /** Where people reach this office's public paper check, if not at the address devices use: told to devices for reports' QR codes. */
  publicUrl?: string;
  now?: () => Date;
}

export const DEFAULT_LIMITS: Limits = {
  jsonBodyBytes: 1024 * 1024,
  reportBodyBytes: 16 * 1024 * 1024,
  // 2,000 text events of 4,000 CJK characters are 24 MB of UTF-8 (3 bytes each) and about 0.5 MB of JSON
  // around them; a device refuses a record past SERVICE_LIMITS.recordBytes (30 MiB), so its push fits here.
  faultBodyBytes: 32 * 1024 * 1024,
  blobBytes: 64 * 1024 * 1024,
  bundleBytes: 4 * 1024 * 1024 * 1024,
};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  enroll: { max: 10, windowMs: 60_000 },
  login: { max: 10, windowMs: 60_000 },
  verify: { max: 30, windowMs: 60_000 },
};

/** A check is one request and a download one or two: room for a whole office behind one address. */
export const UPDATES_RATE_LIMIT: RateLimit = { max: 120, windowMs: 60_000 };

export const DEFAULT_OFFICE_NAME = '巡检办公室';
