/**
 * Channels for updates hosted by the office (issue 13). The renderer asks; main checks the
 * office, and downloads or installs only the version the user agreed to on screen (consent:
 * `update.download` and `update.install` name that version, and main refuses any other).
 * Expected failures are part of the status (`error.code`), not RPC failures, so the screen can
 * always say what happened in the user's language.
 */
import { z } from 'zod';
import { channel, NoInput } from './channel';

/**
 * Why updates cannot run here: the loopback host (browser), a build electron-updater cannot update,
 * an OS we ship no updates for, or an install the IT office deployed another way (MSI, portable,
 * an unpacked Linux copy): the app must not install a second, per-user copy beside it.
 */
export type UpdateUnsupported = 'host' | 'not_packaged' | 'platform' | 'install_kind';

export type UpdateErrorCode =
  /** This device has no office: enroll first (同步 screen). */
  | 'not_enrolled'
  /** No answer from the office: network, address, office down. */
  | 'unreachable'
  /** The office's certificate is not the one pinned at enrollment (or the OS does not trust it). */
  | 'certificate'
  /** The office refused the device token (revoked device): enroll again. */
  | 'unauthorized'
  /** The office has no release published for this platform. */
  | 'not_published'
  /** The office's channel file is unreadable or names files without a SHA-512. */
  | 'invalid_release'
  /** The download's SHA-512 is not the channel file's: nothing is installed. */
  | 'hash_mismatch'
  /** Windows: the installer is not signed by the publisher this app was built for. */
  | 'signature_invalid'
  | 'failed';

export interface UpdateOffer {
  version: string;
  releaseNotes: string | null;
  releaseDate: string | null;
  /** Bytes of the installer, when the channel file says. */
  size: number | null;
}

export type UpdateState =
  | { state: 'idle' }
  | { state: 'checking' }
  | ({ state: 'available' } & UpdateOffer)
  | { state: 'not-available'; version: string }
  | ({ state: 'downloading'; percent: number } & UpdateOffer)
  | ({ state: 'downloaded' } & UpdateOffer)
  | { state: 'installing'; version: string }
  | { state: 'error'; code: UpdateErrorCode; detail: string };

export type UpdateStatus =
  | { supported: false; reason: UpdateUnsupported }
  /** `needsAdmin`: installed for every user of the PC, so Windows asks an administrator to confirm the install. */
  | ({ supported: true; currentVersion: string; needsAdmin: boolean } & UpdateState);

/** The version the user saw and agreed to. */
export const UpdateConsent = z.object({ version: z.string().min(1).max(100) }).strict();

export const updateChannels = {
  'update.status': channel<UpdateStatus>()(NoInput),
  /** Asks the office what it offers; downloads nothing. */
  'update.check': channel<UpdateStatus>()(NoInput),
  /** Starts downloading the offered version; progress through `update.status`. */
  'update.download': channel<UpdateStatus>()(UpdateConsent),
  /** Quits, installs the downloaded version and starts the app again. */
  'update.install': channel<UpdateStatus>()(UpdateConsent),
};
