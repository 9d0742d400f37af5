// Tokens as the platform issues them (seed 鉴权管理): appAccessToken up to 30 days,
// teamAccessToken and user tokens up to 2 hours, and "asked with less than 10 minutes left →
// a new token, and both stay valid". Codes are single-use and live 5 minutes.
import type { IdSource } from './ids.js';

/** An app registered on the simulated 京ME: the credentials and team its tokens are issued for. */
export interface SimApp {
  appKey: string;
  appSecret: string;
  openTeamId: string;
}

/** Token and code lifetimes of the simulated platform; override parts with `SimulatorOptions.lifetimes`. */
export interface TokenLifetimes {
  /** Seconds; default 30 days. */
  appToken: number;
  /** Seconds; default 2 hours. */
  teamToken: number;
  /** Seconds; default 2 hours. */
  userToken: number;
  /** Seconds; default 5 minutes. */
  code: number;
  /** Seconds left below which a new token is issued; default 600. */
  renewWindow: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = {
  appToken: 30 * 24 * 3600,
  teamToken: 2 * 3600,
  userToken: 2 * 3600,
  code: 300,
  renewWindow: 600,
};

/** Which token: appAccessToken, teamAccessToken or user access token. */
export type TokenKind = 'app' | 'team' | 'user';

/** A token the simulated platform issued. */
export interface IssuedToken {
  kind: TokenKind;
  token: string;
  appKey: string;
  /** For user tokens, the erp. */
  erp?: string;
  /** Epoch ms (simulator clock). */
  expiresAt: number;
}

interface Code {
  appKey: string;
  erp: string;
  expiresAt: number;
  used: boolean;
}

/** Result codes from the seed's 开放平台错误 table. */
export const AUTH = {
  badApp: 99990102,
  appTokenInvalid: 99990000,
  teamTokenInvalid: 99990001,
  userTokenInvalid: 99990002,
  badCode: 99990118,
} as const;

/**
 * The simulated platform's token issuer (鉴权管理): app, team and user access tokens, renewal
 * within the renew window, and single-use pre-authorisation codes. Failures return `{ code }`
 * with the platform's error code.
 */
export class AuthServer {
  readonly #apps = new Map<string, SimApp>();
  readonly #tokens = new Map<string, IssuedToken>();
  /** Newest token per (kind, appKey[, erp]) so renewals can decide. */
  readonly #latest = new Map<string, IssuedToken>();
  readonly #codes = new Map<string, Code>();
  /** Who a user is, per erp, and per app (openUserId): made on first sight, stable after. */
  readonly #people = new Map<string, { userId: string; userCode: string }>();
  readonly #openUserIds = new Map<string, string>();
  /** How many tokens were issued per kind, for tests ("one token request"). */
  readonly issued = { app: 0, team: 0, user: 0 };

  constructor(
    apps: SimApp[],
    readonly lifetimes: TokenLifetimes,
    private readonly ids: IdSource,
    private readonly now: () => number,
  ) {
    for (const a of apps) this.#apps.set(a.appKey, a);
  }

  /** The registered app with this appKey. */
  app(appKey: string): SimApp | undefined {
    return this.#apps.get(appKey);
  }

  #issue(kind: TokenKind, appKey: string, lifetimeS: number, erp?: string): { token: string; expireIn: number } {
    const slot = `${kind}:${appKey}:${erp ?? ''}`;
    const now = this.now();
    const current = this.#latest.get(slot);
    if (current && current.expiresAt - now > this.lifetimes.renewWindow * 1000) {
      return { token: current.token, expireIn: Math.floor((current.expiresAt - now) / 1000) };
    }
    const t: IssuedToken = { kind, token: this.ids.token(), appKey, expiresAt: now + lifetimeS * 1000, ...(erp ? { erp } : {}) };
    this.#tokens.set(t.token, t);
    this.#latest.set(slot, t);
    this.issued[kind] += 1;
    return { token: t.token, expireIn: lifetimeS };
  }

  /** app_access_token: checks appKey and appSecret. */
  appAccessToken(appKey: unknown, appSecret: unknown): { code: number } | { token: string; expireIn: number } {
    const app = typeof appKey === 'string' ? this.#apps.get(appKey) : undefined;
    if (!app || app.appSecret !== appSecret) return { code: AUTH.badApp };
    return this.#issue('app', app.appKey, this.lifetimes.appToken);
  }

  /** team_access_token: needs a live appAccessToken and the app's openTeamId. */
  teamAccessToken(appAccessToken: unknown, openTeamId: unknown): { code: number } | { token: string; expireIn: number } {
    const t = this.valid(appAccessToken, 'app');
    if (!t) return { code: AUTH.appTokenInvalid };
    const app = this.#apps.get(t.appKey);
    if (!app || app.openTeamId !== openTeamId) return { code: AUTH.badApp };
    return this.#issue('team', app.appKey, this.lifetimes.teamToken);
  }

  /** A pre-authorisation code for `erp`, as the im_robot_authorize flow hands out. */
  newCode(appKey: string, erp: string): { code: string; expireIn: number } {
    const code = this.ids.code();
    this.#codes.set(code, { appKey, erp, expiresAt: this.now() + this.lifetimes.code * 1000, used: false });
    return { code, expireIn: this.lifetimes.code };
  }

  /**
   * The 获取当前登录人信息 identity of `erp` as seen by `appKey`: `userId` and `userCode` are the
   * user's own, `openUserId` is "用户在应用内的唯一标识" (one per app and user).
   */
  person(appKey: string, erp: string): { openUserId: string; userId: string; userCode: string } {
    let p = this.#people.get(erp);
    if (!p) {
      p = { userId: this.ids.token().slice(0, 16), userCode: String(this.#people.size + 1).padStart(8, '0') };
      this.#people.set(erp, p);
    }
    const key = `${appKey}\n${erp}`;
    let openUserId = this.#openUserIds.get(key);
    if (!openUserId) this.#openUserIds.set(key, (openUserId = this.ids.token().padEnd(32, '0').slice(0, 32)));
    return { openUserId, ...p };
  }

  /** access_token: exchanges an unused, unexpired code of the same app for a user token. */
  userAccessToken(appAccessToken: unknown, code: unknown): { code: number } | { token: string; expireIn: number; erp: string; appKey: string } {
    const t = this.valid(appAccessToken, 'app');
    if (!t) return { code: AUTH.appTokenInvalid };
    const c = typeof code === 'string' ? this.#codes.get(code) : undefined;
    if (!c || c.used || c.expiresAt <= this.now() || c.appKey !== t.appKey) return { code: AUTH.badCode };
    c.used = true;
    const issued = this.#issue('user', t.appKey, this.lifetimes.userToken, c.erp);
    return { ...issued, erp: c.erp, appKey: t.appKey };
  }

  /** The live token of that kind, or undefined (unknown or expired). */
  valid(token: unknown, kind: TokenKind): IssuedToken | undefined {
    const t = typeof token === 'string' ? this.#tokens.get(token) : undefined;
    if (!t || t.kind !== kind || t.expiresAt <= this.now()) return undefined;
    return t;
  }

  /** Test hook: expire every token of a kind now. */
  expireAll(kind: TokenKind): void {
    for (const t of this.#tokens.values()) if (t.kind === kind) t.expiresAt = Math.min(t.expiresAt, this.now());
  }
}
