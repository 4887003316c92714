/** Fixed sandbox tokens, signIn sessions and their expiry. */
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from './context';

export const API_TOKEN = 'sandbox-api-token';
export const PATIENTS_ONLY_TOKEN = 'sandbox-patients-only-token';
/** Root fields the patients-only token may use (no mutations). */
export const PATIENTS_ONLY_PERMISSIONS: readonly string[] = ['patients', 'patient', 'practice'];

export type AuthFailure = 'Missing token.' | 'Invalid token.' | 'Token expired.';
export type AuthResult = { ok: true; auth: AuthInfo } | { ok: false; message: AuthFailure; label: string };

interface Session { userId: string; expiresAtMs: number }

export class TokenRegistry {
  private fixed = new Map<string, AuthInfo>();
  private sessions = new Map<string, Session>();

  constructor() {
    this.reset();
  }

  /** Drop signIn sessions and custom tokens; restore the two documented tokens. */
  reset(): void {
    this.fixed.clear();
    this.sessions.clear();
    this.addToken(API_TOKEN, 'api', 'all');
    this.addToken(PATIENTS_ONLY_TOKEN, 'patients-only', PATIENTS_ONLY_PERMISSIONS);
  }

  /** Register a token with a given scope (permission = root field name). `label` is what the request log shows. */
  addToken(token: string, label: string, permissions: 'all' | readonly string[]): void {
    this.fixed.set(token, { label, permissions: permissions === 'all' ? 'all' : new Set(permissions), userId: null });
  }

  issueSession(userId: string, nowMs: number, ttlSeconds: number): string {
    const token = `sandbox-session-${randomBytes(24).toString('hex')}`;
    this.sessions.set(token, { userId, expiresAtMs: nowMs + ttlSeconds * 1000 });
    return token;
  }

  verify(token: string | undefined, nowMs: number): AuthResult {
    if (!token) return { ok: false, message: 'Missing token.', label: 'none' };
    const fixed = this.fixed.get(token);
    if (fixed) return { ok: true, auth: fixed };
    const session = this.sessions.get(token);
    if (!session) return { ok: false, message: 'Invalid token.', label: 'invalid' };
    if (nowMs >= session.expiresAtMs) return { ok: false, message: 'Token expired.', label: 'signIn' };
    return { ok: true, auth: { label: 'signIn', permissions: 'all', userId: session.userId } };
  }
}
