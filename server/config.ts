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
  })
  .transform((c) => ({
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    letterTimeZone: c.LETTER_TIME_ZONE,
    bodyLimit: c.BODY_LIMIT,
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
