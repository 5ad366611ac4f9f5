// STORE_LAYOUT: region-week unless set; anything else than the two layouts stops the start.
import { describe, expect, it } from 'vitest';
import { StartupError } from '../process/fatal';
import { commonEnv, parseEnv } from './common';

const env = (vars: Record<string, string>) => ({ NODE_ENV: 'test', ...vars }) as NodeJS.ProcessEnv;

describe('STORE_LAYOUT', () => {
  it('defaults to region-week and accepts week', () => {
    expect(parseEnv(commonEnv, env({})).STORE_LAYOUT).toBe('region-week');
    expect(parseEnv(commonEnv, env({ STORE_LAYOUT: 'week' })).STORE_LAYOUT).toBe('week');
  });

  it('rejects another value with one line naming the setting', () => {
    expect(() => parseEnv(commonEnv, env({ STORE_LAYOUT: 'region' }))).toThrow(StartupError);
    expect(() => parseEnv(commonEnv, env({ STORE_LAYOUT: 'region' }))).toThrow(/invalid setting STORE_LAYOUT/);
  });
});
