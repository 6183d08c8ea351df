import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const idleMinutes = z.coerce
  .number()
  .int()
  .min(5)
  .max(60 * 24 * 7);
const absoluteHours = z.coerce
  .number()
  .int()
  .min(1)
  .max(24 * 90);

/** A comma-separated list, each item trimmed, empty items dropped. */
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(
      z
        .url({ message: `must be a URL (${protocols.join(', ')})` })
        .refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
          message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
        })
        .optional(),
    )
    .optional();

/**
 * Every environment variable Crosswalk reads, with its default. `.env.example` documents the same list.
 * This is the only module that reads `process.env`.
 */
export const EnvSchema = z.object({
  /** `production` on a real deployment: start-up then requires PUBLIC_URL. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port of the one HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Public origin, e.g. https://crosswalk.example.org; used for links in emails and the CSRF check. Required in
   * production. Unset: the server's own address (HOST and PORT, or localhost).
   */
  PUBLIC_URL: optionalUrl(['http', 'https']),
  /** Directory for the embedded database and other local state. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** A PostgreSQL URL; when unset, the embedded database under DATA_DIR is used. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** Maximum connections to PostgreSQL (ignored for the embedded database, which has one). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Secret (at least 32 characters) that signs realtime tickets. Every process of one deployment needs the same
   * one. Unset: generated once and kept in DATA_DIR/realtime-secret.
   */
  REALTIME_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /**
   * Redis URL; when set, several processes serve one deployment: live-document updates, socket.io rooms and the
   * HTTP rate limits are shared through it. Needs DATABASE_URL (the embedded database serves one process).
   */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'letters, digits, colons, hyphens and underscores only' })
    .default('crosswalk:'),
  /** Minutes of inactivity after which a sign-in ends. */
  SIGN_IN_IDLE_MINUTES: idleMinutes.optional(),
  /** Hours after which a sign-in ends, however active. */
  SIGN_IN_ABSOLUTE_HOURS: absoluteHours.optional(),
  /** The names these two had before "session" came to mean only a video meeting: still read. */
  SESSION_IDLE_MINUTES: idleMinutes.optional(),
  SESSION_ABSOLUTE_HOURS: absoluteHours.optional(),
  /** Set to true when Crosswalk runs behind a reverse proxy that sets X-Forwarded-* headers. */
  TRUST_PROXY: bool.default(false),
  /**
   * Whether each process brings the database to its schema as it starts (the default). A rollout that runs
   * `crosswalk migrate` first sets it to false: a process then refuses to start on a database it does not match.
   */
  MIGRATE_ON_START: bool.default(true),
  /**
   * ICE servers for browser-to-browser video, as JSON: [{"urls":"stun:stun.example.org:3478"},
   * {"urls":"turn:turn.example.org:3478","username":"u","credential":"p"}]. Empty: direct connections only.
   */
  ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(
      z.array(
        z.strictObject({
          urls: z.union([z.string().regex(/^(stun|turns?):/), z.array(z.string().regex(/^(stun|turns?):/)).min(1)]),
          username: z.string().optional(),
          credential: z.string().optional(),
        }),
      ),
    ),
  /**
   * A TURN server with time-limited credentials (coturn's use-auth-secret): comma-separated turn: or turns: URLs,
   * e.g. `turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp`. Needs TURN_SECRET.
   */
  TURN_URLS: commaList
    .pipe(
      z
        .array(
          z.string().regex(/^turns?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/, {
            message: 'must be turn: or turns: URLs, e.g. turn:turn.example.org:3478?transport=udp',
          }),
        )
        .min(1),
    )
    .optional(),
  /** The TURN server's shared secret (coturn's static-auth-secret), at least 32 characters. */
  TURN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** How long a TURN credential lasts, in seconds: at most an hour. */
  TURN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60, { message: 'must be at least 60 seconds' })
    .max(3600, { message: 'must be at most 3600 seconds (an hour)' })
    .default(3600),
  /** `relay`: browsers send all video through the TURN server, never directly to each other. */
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  /** LiveKit SFU: set all three to route video through LiveKit instead of the browser mesh. */
  LIVEKIT_URL: optionalUrl(['ws', 'wss', 'http', 'https']),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example.org:587. Unset: mail goes to the outbox page. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** Sender address for outgoing mail. */
  MAIL_FROM: z.string().min(3).default('Crosswalk <no-reply@crosswalk.local>'),
  /** Create this administrator on first start if no administrator exists (with ADMIN_PASSWORD). */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
  /** Which parts this process serves: any of api, web, realtime. */
  SERVICES: z
    .string()
    .default('api,web,realtime')
    .transform((value) => value.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(['api', 'web', 'realtime'])).min(1)),
  /**
   * A bearer token (at least 32 characters) that lets a Prometheus scraper read `GET /metrics`. Unset, and
   * METRICS_FROM_PRIVATE_NETWORK not true: the route does not exist (404).
   */
  METRICS_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** true: `GET /metrics` answers any TCP peer on loopback or a private network (10/8, 172.16/12, 192.168/16, fc00::/7). */
  METRICS_FROM_PRIVATE_NETWORK: bool.default(false),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Failed sign-ins allowed per account from one IP address per 15 minutes (after a growing wait between them). */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).max(1000).default(10),
  /** Failed sign-ins allowed per IP address, whatever the account, per 15 minutes. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10000).default(50),
  /**
   * Failed or refused sign-ins on one account, from all addresses, per 15 minutes before the account counts as
   * under attack: the owner is emailed (once per 15 minutes) and every address waits from its first failure.
   * It never refuses an address that has not failed itself, so a stranger cannot lock the owner out.
   */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100000).default(30),
  /** Failed sign-ins per account and address before the wait starts (1 s, then doubling with each failure). */
  LOGIN_FAILURES_BEFORE_DELAY: z.coerce.number().int().min(1).max(1000).default(3),
  /** State-changing API requests allowed per IP address per minute. */
  WRITE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(600),
  /**
   * Single sign-on providers (OpenID Connect), comma-separated short names, e.g. `microsoft,google`. Each needs
   * OIDC_<NAME>_ISSUER, OIDC_<NAME>_CLIENT_ID and OIDC_<NAME>_CLIENT_SECRET; OIDC_<NAME>_LABEL and
   * OIDC_<NAME>_ALLOWED_DOMAINS are optional (see `parseOidcProviders`).
   */
  OIDC_PROVIDERS: commaList
    .pipe(
      z.array(
        z.string().regex(/^[a-z][a-z0-9]{0,30}$/, { message: 'names: lower-case letters and digits, e.g. microsoft' }),
      ),
    )
    .default([]),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  realtimeSecret: string | undefined;
  signInIdleMs: number;
  signInAbsoluteMs: number;
  trustProxy: boolean;
  migrateOnStart: boolean;
  smtpUrl: string | undefined;
  iceServers: { urls: string | string[]; username?: string | undefined; credential?: string | undefined }[];
  /** A TURN server whose credentials are made per person from a shared secret (see ice-servers.ts). */
  turn: { urls: string[]; secret: string; ttlSeconds: number } | undefined;
  /** What the browsers' ICE may use: `relay` sends every call through TURN. */
  iceTransportPolicy: 'all' | 'relay';
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  mailFrom: string;
  admin: { email: string; password: string } | undefined;
  services: { api: boolean; web: boolean; realtime: boolean };
  /** Who may read `GET /metrics`; undefined: nobody (the route answers 404 like any unknown address). */
  metrics: { token: string | undefined; fromPrivateNetwork: boolean } | undefined;
  logLevel: Env['LOG_LEVEL'];
  /** Single sign-on providers, in the order the sign-in page shows them. */
  oidcProviders: OidcProviderConfig[];
  limits: {
    loginFailuresPerAccountAndIp: number;
    loginFailuresPerIp: number;
    loginFailuresPerAccount: number;
    loginFailuresBeforeDelay: number;
    writeRequestsPerMinute: number;
  };
}

export interface OidcProviderConfig {
  /** Short name, used in the callback address: /api/auth/oidc/<id>/callback. */
  id: string;
  /** What the sign-in button says after "Sign in with". */
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Email domains accepted from this provider (lower case); empty: any domain of an existing account. */
  allowedDomains: string[];
}

const OidcProviderEnv = z.object({
  ISSUER: z
    .url({ message: 'must be the issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0' })
    .refine((value) => value.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(value), {
      message: 'must start with https:// (plain http only for a provider on this machine)',
    }),
  CLIENT_ID: z.string({ message: 'required' }).min(1, { message: 'required' }),
  CLIENT_SECRET: z.string({ message: 'required' }).min(1, { message: 'required' }),
  LABEL: z.string().min(1).max(60).optional(),
  ALLOWED_DOMAINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { message: 'must be domains, e.g. school.org.uk' })))
    .optional(),
});

/** Reads OIDC_<NAME>_* for each provider named in OIDC_PROVIDERS; returns the providers or every problem. */
export function parseOidcProviders(
  names: string[],
  env: Record<string, string | undefined>,
): { providers: OidcProviderConfig[]; problems: string[] } {
  const providers: OidcProviderConfig[] = [];
  const problems: string[] = [];
  for (const id of new Set(names)) {
    const prefix = `OIDC_${id.toUpperCase()}_`;
    const values = Object.fromEntries(
      ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'LABEL', 'ALLOWED_DOMAINS'].map((key) => [key, env[prefix + key]]),
    );
    const result = OidcProviderEnv.safeParse(values);
    if (!result.success) {
      problems.push(...result.error.issues.map((issue) => `${prefix}${issue.path.join('.')}: ${issue.message}`));
      continue;
    }
    const e = result.data;
    providers.push({
      id,
      label: e.LABEL ?? id.charAt(0).toUpperCase() + id.slice(1),
      issuer: e.ISSUER,
      clientId: e.CLIENT_ID,
      clientSecret: e.CLIENT_SECRET,
      allowedDomains: e.ALLOWED_DOMAINS ?? [],
    });
  }
  return { providers, problems };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Parses an environment (normally `process.env`); throws ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const e = result.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(['ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither']);
  }
  if (e.NODE_ENV === 'production' && e.PUBLIC_URL === undefined) {
    throw new ConfigError([
      'PUBLIC_URL: required when NODE_ENV=production (the address people use, e.g. https://crosswalk.example.org)',
    ]);
  }
  if (e.REDIS_URL !== undefined) {
    const problems = [
      ...(e.DATABASE_URL === undefined
        ? ['REDIS_URL: several processes need a shared PostgreSQL (set DATABASE_URL too)']
        : []),
      ...(e.REALTIME_SECRET === undefined
        ? ['REDIS_URL: every process must sign realtime tickets alike (set the same REALTIME_SECRET on each)']
        : []),
    ];
    if (problems.length > 0) {
      throw new ConfigError(problems);
    }
  }
  const oidc = parseOidcProviders(e.OIDC_PROVIDERS, cleaned);
  if (oidc.problems.length > 0) {
    throw new ConfigError(oidc.problems);
  }
  const livekitSet = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET].filter((v) => v !== undefined).length;
  if (livekitSet !== 0 && livekitSet !== 3) {
    throw new ConfigError(['LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET: set all three or none']);
  }
  if ((e.TURN_URLS === undefined) !== (e.TURN_SECRET === undefined)) {
    throw new ConfigError(['TURN_URLS and TURN_SECRET: set both or neither']);
  }
  const staticTurn = e.ICE_SERVERS.some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/.test(url)),
  );
  if (e.ICE_TRANSPORT_POLICY === 'relay' && e.TURN_URLS === undefined && !staticTurn) {
    throw new ConfigError(['ICE_TRANSPORT_POLICY=relay: needs a TURN server (set TURN_URLS and TURN_SECRET)']);
  }
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    realtimeSecret: e.REALTIME_SECRET,
    signInIdleMs: (e.SIGN_IN_IDLE_MINUTES ?? e.SESSION_IDLE_MINUTES ?? 12 * 60) * 60_000,
    signInAbsoluteMs: (e.SIGN_IN_ABSOLUTE_HOURS ?? e.SESSION_ABSOLUTE_HOURS ?? 7 * 24) * 3_600_000,
    trustProxy: e.TRUST_PROXY,
    migrateOnStart: e.MIGRATE_ON_START,
    smtpUrl: e.SMTP_URL,
    iceServers: e.ICE_SERVERS,
    turn:
      e.TURN_URLS && e.TURN_SECRET
        ? { urls: e.TURN_URLS, secret: e.TURN_SECRET, ttlSeconds: e.TURN_TTL_SECONDS }
        : undefined,
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    livekit:
      e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
        ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
        : undefined,
    mailFrom: e.MAIL_FROM,
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD }
        : undefined,
    services: {
      api: e.SERVICES.includes('api'),
      web: e.SERVICES.includes('web'),
      realtime: e.SERVICES.includes('realtime'),
    },
    metrics:
      e.METRICS_TOKEN !== undefined || e.METRICS_FROM_PRIVATE_NETWORK
        ? { token: e.METRICS_TOKEN, fromPrivateNetwork: e.METRICS_FROM_PRIVATE_NETWORK }
        : undefined,
    logLevel: e.LOG_LEVEL,
    oidcProviders: oidc.providers,
    limits: {
      loginFailuresPerAccountAndIp: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      loginFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      loginFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      loginFailuresBeforeDelay: e.LOGIN_FAILURES_BEFORE_DELAY,
      writeRequestsPerMinute: e.WRITE_REQUESTS_PER_MINUTE,
    },
  });
}

/** Reads the process environment once, printing every problem and exiting with status 1 when it is invalid. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw error;
  }
}
