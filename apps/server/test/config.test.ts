import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config', () => {
  it('defaults: any origin for the SDK routes, the flagstaff:changes channel', () => {
    const config = loadConfig({});
    expect(config.sdkCorsOrigins).toBe('*');
    expect(config.redisChannel).toBe('flagstaff:changes');
  });

  it('reads the Redis channel, and refuses one with spaces naming the variable', () => {
    expect(loadConfig({ FLAGSTAFF_REDIS_CHANNEL: 'acme:flagstaff' }).redisChannel).toBe('acme:flagstaff');
    expect(loadConfig({}).metricsRetentionDays).toBe(30);
    expect(loadConfig({ FLAGSTAFF_METRICS_RETENTION_DAYS: '7' }).metricsRetentionDays).toBe(7);
    expect(loadConfig({}).outboxRetentionDays).toBe(7);
    expect(loadConfig({ FLAGSTAFF_OUTBOX_RETENTION_DAYS: '2' }).outboxRetentionDays).toBe(2);
    expect(() => loadConfig({ FLAGSTAFF_OUTBOX_RETENTION_DAYS: '0' })).toThrow(
      /FLAGSTAFF_OUTBOX_RETENTION_DAYS/,
    );
    expect(() => loadConfig({ FLAGSTAFF_METRICS_RETENTION_DAYS: '0' })).toThrow(
      /FLAGSTAFF_METRICS_RETENTION_DAYS/,
    );
    expect(() => loadConfig({ FLAGSTAFF_REDIS_CHANNEL: 'two words' })).toThrow(
      /FLAGSTAFF_REDIS_CHANNEL: printable ASCII/,
    );
  });

  it('reads a list of origins as browsers send them (lower-case host, no trailing slash)', () => {
    const { sdkCorsOrigins } = loadConfig({
      FLAGSTAFF_SDK_CORS_ORIGINS: 'https://App.example.com/, http://localhost:5173 ,',
    });
    expect(sdkCorsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(loadConfig({ FLAGSTAFF_SDK_CORS_ORIGINS: ' * ' }).sdkCorsOrigins).toBe('*');
  });

  it.each([
    'example.com',
    'https://app.example.com/path',
    'https://app.example.com?x=1',
    'ftp://files.example.com',
    '*, https://app.example.com',
    'null',
  ])('refuses %j as an origin list', (value) => {
    expect(() => loadConfig({ FLAGSTAFF_SDK_CORS_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ FLAGSTAFF_SDK_CORS_ORIGINS: value })).toThrow(/FLAGSTAFF_SDK_CORS_ORIGINS/);
  });
});
