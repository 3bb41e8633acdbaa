import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * The process's whole configuration, from environment variables only, validated at start.
 * A wrong value stops the process with a message naming the variable.
 */
const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** The calendar day of a letter (and so its due date) is taken in this time zone. */
    LETTER_TIME_ZONE: z
      .string()
      .default('Europe/Brussels')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'not an IANA time zone, e.g. Europe/Dublin'),
    /** Largest request body accepted, in bytes. */
    BODY_LIMIT: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
    /** Letters (form posts and API calls) one client may ask for per window; 0 turns the limit off. */
    RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(30),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    /**
     * Whether to believe X-Forwarded-For: "false" (default: direct connections), "true" (any
     * proxy), or a comma-separated list of the proxies' addresses or CIDRs.
     * Set it only behind a proxy: otherwise anyone could choose their own rate-limit key.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v): boolean | string[] => {
        if (v === 'true' || v === 'false') return v === 'true';
        return v
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
      }),
    /** Load shedding: answer 503 with Retry-After while the event loop lags more than this. */
    MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    /** Server processes sharing the port: one per core by default; 1 serves in this process. */
    WORKERS: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
    /** Load shedding on heap use, in bytes; 0 turns it off. */
    MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
    /**
     * The page's public address, for the links in calendar files ("what to do next");
     * by default http://localhost:PORT/.
     */
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'not an http(s) address, e.g. https://example.org/' })
      .optional(),
    /**
     * Worker threads per process that typeset PDFs, so the event loop keeps answering while
     * letters are made; by default the cores left to each process (cores / WORKERS, at
     * least 1). 0 typesets on the event loop.
     */
    PDF_THREADS: z.coerce.number().int().min(0).max(64).optional(),
    /** PDFs that may wait for a thread in each process; more are answered 503 with Retry-After. */
    PDF_QUEUE_MAX: z.coerce.number().int().min(0).default(100),
  })
  .transform((c) => ({
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    letterTimeZone: c.LETTER_TIME_ZONE,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}/`).replace(/\/?$/, '/'),
    bodyLimit: c.BODY_LIMIT,
    rateLimit: { max: c.RATE_LIMIT_MAX, windowMs: c.RATE_LIMIT_WINDOW_MS },
    trustProxy: c.TRUST_PROXY,
    workers: c.WORKERS,
    pdf: {
      threads: c.PDF_THREADS ?? Math.max(1, Math.floor(availableParallelism() / c.WORKERS)),
      maxQueue: c.PDF_QUEUE_MAX,
    },
    pressure: {
      maxEventLoopDelayMs: c.MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: c.MAX_HEAP_USED_BYTES,
    },
  }));

export type Config = z.output<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
