/**
 * One-time tokens of the enrollment-code form: each rendering of the form gets a fresh token, and
 * a token issues at most one code. The code page is the direct answer to the form's POST, so a
 * reload or a resubmitted form must not silently hand out another valid code. The tokens live in
 * the store (only their SHA-256), so a form rendered by one instance can be submitted to another.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CodeFormClaim, OfficeStore } from '../storage/port';

export type { CodeFormClaim };

/** How long an unused form stays good. */
const TTL_MS = 12 * 60 * 60 * 1000;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export class CodeForms {
  constructor(
    private readonly store: OfficeStore,
    private readonly now: () => Date,
  ) {}

  private cutoff(): string {
    return new Date(this.now().getTime() - TTL_MS).toISOString();
  }

  /** A fresh token for one rendering of an engineer's code form. */
  async open(engineerId: string, username: string): Promise<string> {
    const token = randomBytes(18).toString('base64url');
    await this.store.openCodeForm({ tokenHash: hashOf(token), engineerId, username, createdAt: this.now().toISOString() }, this.cutoff());
    return token;
  }

  /**
   * Takes the form for one issue, atomically in the store, so two submissions of one form cannot
   * both claim it. A claimed form is `release`d if its code was refused, or `record`ed once issued.
   */
  async claim(token: string, engineerId: string, username: string): Promise<CodeFormClaim> {
    if (!token) return { outcome: 'stale' };
    return this.store.claimCodeForm(hashOf(token), engineerId, username, this.cutoff());
  }

  async release(token: string): Promise<void> {
    await this.store.releaseCodeForm(hashOf(token));
  }

  async record(token: string, codeId: string, at: string): Promise<void> {
    await this.store.recordCodeForm(hashOf(token), codeId, at);
  }
}
