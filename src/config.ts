/**
 * Server configuration from the environment and command-line flags (flags win),
 * validated with zod. A wrong value stops start-up with a message naming the
 * variable or flag, never a stack trace.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

export const LogLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LogLevels)[number];

export const Config = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  databaseUrl: z
    .string()
    .refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z.string().min(1).default('./.barometer/data'),
  logLevel: z.enum(LogLevels).default('info'),
  /** Largest request body accepted, in bytes. */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Folder of study definitions loaded at start-up. */
  definitionsDir: z.string().min(1).default('./survey-definitions'),
  /** Open the demo wave on a database where no wave has opened yet. */
  demo: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * On a database where no wave has opened yet, build the flagship's demo world in the background
   * with this many completes per country per wave (0: no demo world, only the demo wave).
   */
  demoWorld: z.coerce.number().int().min(0).max(1000).default(0),
  /** Who answers in that demo world (src/demo/scenario.ts): `realistic` or `textbook`. */
  demoScenario: z.enum(['textbook', 'realistic']).default('realistic'),
  /** That demo world also fields the planned 2028 wave (the perception question): a preview, simulated. */
  demoPlanned: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Session starts per minute per client address; 0 switches the limit off. */
  rateLimit: z.coerce.number().int().min(0).default(120),
  /** Open links in the web pages take one submitted response per device (cookie). */
  onePerDevice: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Seconds graceful shutdown waits for in-flight requests. */
  shutdownTimeout: z.coerce.number().min(0).default(10),
  /** Seconds a request body may take to arrive before the request is refused with 408. */
  bodyTimeout: z.coerce.number().min(0.1).max(600).default(10),
  /** The public base URL of the server (`https://survey.example.org`): links in pages and the API description. */
  publicUrl: z
    .string()
    .url()
    .refine((s) => /^https?:\/\//.test(s), 'must be an http:// or https:// URL')
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  /** Trust X-Forwarded-Proto/-For from a reverse proxy in front of the server (only then). */
  trustProxy: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type Config = z.infer<typeof Config>;

/** Each config key with the environment variable and the flag that set it. */
const sources = {
  port: { env: 'PORT', flag: 'port' },
  host: { env: 'HOST', flag: 'host' },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url' },
  dataDir: { env: 'BAROMETER_DATA_DIR', flag: 'data-dir' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level' },
  bodyLimit: { env: 'BAROMETER_BODY_LIMIT', flag: 'body-limit' },
  shutdownTimeout: { env: 'BAROMETER_SHUTDOWN_TIMEOUT', flag: 'shutdown-timeout' },
  definitionsDir: { env: 'BAROMETER_DEFINITIONS', flag: 'definitions' },
  demo: { env: 'BAROMETER_DEMO', flag: 'demo' },
  demoWorld: { env: 'BAROMETER_DEMO_WORLD', flag: 'demo-world' },
  demoScenario: { env: 'BAROMETER_DEMO_SCENARIO', flag: 'demo-scenario' },
  demoPlanned: { env: 'BAROMETER_DEMO_PLANNED', flag: 'demo-planned' },
  rateLimit: { env: 'BAROMETER_RATE_LIMIT', flag: 'rate-limit' },
  onePerDevice: { env: 'BAROMETER_ONE_PER_DEVICE', flag: 'one-per-device' },
  bodyTimeout: { env: 'BAROMETER_BODY_TIMEOUT', flag: 'body-timeout' },
  publicUrl: { env: 'BAROMETER_PUBLIC_URL', flag: 'public-url' },
  trustProxy: { env: 'BAROMETER_TRUST_PROXY', flag: 'trust-proxy' },
} as const satisfies Record<keyof Config, { env: string; flag: string }>;

export type ConfigKey = keyof typeof sources;
export const configFlags: readonly string[] = Object.values(sources).map((s) => s.flag);

export { ConfigError } from './errors.ts';

function isConfigKey(key: PropertyKey): key is ConfigKey {
  return typeof key === 'string' && key in sources;
}

/**
 * Builds the config from environment variables and flag values (flag name →
 * value, as `util.parseArgs` returns them). Empty environment values count as unset.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<Record<string, string | undefined>> = {},
): Config {
  const raw: Record<string, string> = {};
  const origin: Record<string, string> = {};
  for (const [key, src] of Object.entries(sources)) {
    const fromFlag = flags[src.flag];
    const fromEnv = env[src.env];
    if (fromFlag !== undefined) {
      raw[key] = fromFlag;
      origin[key] = `--${src.flag}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      origin[key] = src.env;
    }
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path[0];
        const name = key !== undefined && isConfigKey(key) ? (origin[key] ?? sources[key].env) : String(key);
        const value = key !== undefined && isConfigKey(key) ? raw[key] : undefined;
        return `${name}${value === undefined ? '' : ` = ${JSON.stringify(name === 'DATABASE_URL' ? redactUrl(value) : value)}`}: ${issue.message}`;
      }),
    );
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir), definitionsDir: resolve(parsed.data.definitionsDir) };
}

/** Hides the password of a connection URL for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
