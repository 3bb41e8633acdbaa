import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';

describe('configuration from the environment', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: 'localhost',
      letterTimeZone: 'Europe/Brussels',
      bodyLimit: 65_536,
      rateLimit: { max: 30, windowMs: 60_000 },
      trustProxy: false,
      pressure: { maxEventLoopDelayMs: 1000, maxHeapUsedBytes: 0 },
    });
  });

  it('gives each process the cores left to it as PDF threads, unless told', () => {
    const cores = availableParallelism();
    expect(loadConfig({ WORKERS: '1' }).pdf).toEqual({ threads: cores, maxQueue: 100 });
    expect(loadConfig({ WORKERS: String(cores * 2) }).pdf.threads).toBe(1);
    expect(loadConfig({ PDF_THREADS: '0', PDF_QUEUE_MAX: '5' }).pdf).toEqual({
      threads: 0,
      maxQueue: 5,
    });
  });

  it('reads proxies as a list', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.1.0/24' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.0.1.0/24',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['LETTER_TIME_ZONE', 'Mars/Olympus'],
    ['BODY_LIMIT', '12'],
    ['RATE_LIMIT_MAX', '-1'],
    ['RATE_LIMIT_WINDOW_MS', 'soon'],
    ['MAX_EVENT_LOOP_DELAY_MS', 'x'],
    ['PDF_THREADS', '-1'],
    ['PDF_QUEUE_MAX', 'many'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`Invalid configuration:\\n {2}${name}: `),
    );
  });
});
