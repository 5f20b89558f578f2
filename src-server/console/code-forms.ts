/**
 * One-time tokens of the enrollment-code form, kept in this process's memory: each rendering of
 * the form gets a fresh token, and a token issues at most one code. The code page is the direct
 * answer to the form's POST, so a reload or a resubmitted form must not silently hand out another
 * valid code. After a restart every token is unknown, and the form is simply filled in again.
 */
import { randomBytes } from 'node:crypto';

/** How long an unused form stays good, and how many are kept at most (the oldest go first). */
const TTL_MS = 12 * 60 * 60 * 1000;
const MAX_FORMS = 5000;

interface CodeForm {
  engineerId: string;
  username: string;
  createdAt: number;
  /** Set once the form issued a code. */
  issued?: { codeId: string; at: string };
}

export type CodeFormClaim =
  | { outcome: 'claimed' }
  | { outcome: 'issued'; codeId: string; at: string }
  /** Unknown, expired, or from another user or engineer. */
  | { outcome: 'stale' };

export class CodeForms {
  private readonly forms = new Map<string, CodeForm>();

  constructor(private readonly now: () => Date) {}

  /** A fresh token for one rendering of an engineer's code form. */
  open(engineerId: string, username: string): string {
    const at = this.now().getTime();
    for (const [token, form] of this.forms) if (at - form.createdAt > TTL_MS || this.forms.size >= MAX_FORMS) this.forms.delete(token);
    const token = randomBytes(18).toString('base64url');
    this.forms.set(token, { engineerId, username, createdAt: at });
    return token;
  }

  /**
   * Takes the form for one issue; synchronous, so two submissions of one form cannot both claim
   * it. A claimed form is `release`d if its code was refused, or `record`ed once issued.
   */
  claim(token: string, engineerId: string, username: string): CodeFormClaim {
    const form = this.forms.get(token);
    if (!form || form.engineerId !== engineerId || form.username !== username || this.now().getTime() - form.createdAt > TTL_MS) return { outcome: 'stale' };
    if (form.issued) return { outcome: 'issued', ...form.issued };
    form.issued = { codeId: '', at: '' };
    return { outcome: 'claimed' };
  }

  release(token: string): void {
    const form = this.forms.get(token);
    if (form) delete form.issued;
  }

  record(token: string, codeId: string, at: string): void {
    const form = this.forms.get(token);
    if (form) form.issued = { codeId, at };
  }
}
