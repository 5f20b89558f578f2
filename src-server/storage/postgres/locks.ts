/**
 * Every advisory lock the PostgreSQL store takes, named here so no two meanings share a key.
 * PostgreSQL keeps two spaces that never overlap: single 64-bit keys and pairs of 32-bit keys.
 * A pair's first key is its class, fixed here; its second is chosen by the caller, sometimes by a
 * client (a blob's SHA-256), so two meanings must never share a class.
 */

/** Single key: "the Xunjian schema" (schema.ts migrations). */
export const SCHEMA_LOCK = 7305001;

/**
 * Single key: "an office instance has this database open" (presence.ts), shared by every open
 * store, taken exclusively by restore.
 */
export const OFFICE_PRESENCE_LOCK = 7305004;

/** Pair class: "a device is being enrolled with this public key" (people.ts), second key hashtext(key). */
export const ENROLL_KEY_LOCK_CLASS = 7305002;

/** Pair class: "this blob is being stored" (blobs.ts), second key from the SHA-256's first 32 bits. */
export const BLOB_LOCK_CLASS = 7305003;

/**
 * Single keys hashed from text (hashtextextended(text, seed)): a collision with each other or with
 * SCHEMA_LOCK is a 2^-64 chance and would only make one writer wait for another.
 */
export const IMPORT_PREVIEW_LOCK_SEED = 7305002;
export const SERVICE_RECORD_LOCK_SEED = 0;
