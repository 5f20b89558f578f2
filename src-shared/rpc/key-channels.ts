/**
 * Channels for recovering from a signing key the OS cannot decrypt (issue 13, point 5): after a
 * Windows password reset by an administrator, or a profile copied to another PC, DPAPI no longer
 * opens the sealed signing key and device token. `key.status` says so; `key.recover` retires the
 * unreadable material (kept, never deleted) so a new key is made and the device enrols again.
 */
import { z } from 'zod';
import { channel, NoInput } from './channel';

/** The secrets the device keeps sealed: the signing key and the office token. */
export const SEALED_SECRETS = ['signing-key', 'office-token'] as const;
export type SealedSecret = (typeof SEALED_SECRETS)[number];

export interface KeyStatus {
  /** Where secrets are kept: 'safeStorage' (the OS keychain, DPAPI on Windows) or 'file'. */
  store: string;
  /** Secrets present on disk that cannot be opened; empty when all is well. */
  unreadable: SealedSecret[];
  /** Earlier key material set aside by `key.recover`, newest first (folder names under keys/retired/). */
  retired: string[];
}

export interface KeyRecovered {
  /** The folder under keys/retired/ the unreadable key, its certificate and the old enrollment went to. */
  retiredTo: string;
  moved: string[];
  /** The engineer must enrol again (the office token was unreadable or the enrollment was cleared). */
  enrolAgain: boolean;
}

export const keyChannels = {
  'key.status': channel<KeyStatus>()(NoInput),
  /** Only when something is unreadable: refuses (bad_input) a healthy key, which must not be thrown away. */
  'key.recover': channel<KeyRecovered>()(z.object({ confirm: z.literal(true) }).strict()),
};
