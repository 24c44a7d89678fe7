import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig, PUBLIC_JWT_SECRETS } from '../../server/config';

// `AUTH_JWT_SECRET=value`, `AUTH_JWT_SECRET: value` or `"AUTH_JWT_SECRET": "value"`; `$(...)` and `${...}` are commands, not secrets.
const SECRET_ASSIGNMENT = /AUTH_JWT_SECRET["'`]?[ \t]*[=:][ \t]*["'`]?([^\s"'`]+)/g;

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      databaseUrl: undefined,
      explorer: true,
      introspection: true,
      seedOnStart: true,
    });
    expect(config.embeddedPg.dir).toBe(path.resolve('.data/postgres'));
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  const PRODUCTION = { NODE_ENV: 'production', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://login.example.org/realms/iza' };

  it('turns the explorer, introspection and demo users off in production unless asked for', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ explorer: false, introspection: false, seedDemoUsers: false });
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('signs development tokens with a built-in secret, but wants a real one in production', () => {
    expect(loadConfig({}).auth).toMatchObject({ mode: 'local', issuer: 'iza-platform', audience: 'iza-platform' });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    const secret = 's'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).auth).toMatchObject({
      mode: 'local',
      secret,
    });
  });

  it.each(PUBLIC_JWT_SECRETS)('refuses the published secret %s in production only', (secret) => {
    expect(loadConfig({ AUTH_JWT_SECRET: secret }).auth).toMatchObject({ secret });
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: ` ${secret} ` })).toThrow(
      /AUTH_JWT_SECRET is a published example/,
    );
  });

  it('lists every secret README.md, .env.example and docker-compose.yml show as refused in production', () => {
    const shown = ['README.md', '.env.example', 'docker-compose.yml'].flatMap((file) =>
      [...readFileSync(path.join(__dirname, '..', '..', file), 'utf8').matchAll(SECRET_ASSIGNMENT)]
        .map((match) => match[1]!)
        .filter((value) => !value.startsWith('$')),
    );
    expect(PUBLIC_JWT_SECRETS).toContain(DEVELOPMENT_JWT_SECRET);
    expect(PUBLIC_JWT_SECRETS).toEqual(expect.arrayContaining(shown));
  });

  it('reads an OpenID Connect issuer and JWKS address', () => {
    const config = loadConfig({
      ...PRODUCTION,
      OIDC_JWKS_URI: 'https://login.example.org/certs',
      AUTH_AUDIENCE: 'iza-api',
    });
    expect(config.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://login.example.org/realms/iza',
      jwksUri: 'https://login.example.org/certs',
      audience: 'iza-api',
    });
  });

  it('reads a DATABASE_URL and a PORT', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u:p@db.example:5433/iza', PORT: '8080' });
    expect(config.databaseUrl).toBe('postgresql://u:p@db.example:5433/iza');
    expect(config.port).toBe(8080);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/iza' }],
    ['DATABASE_URL', { DATABASE_URL: 'localhost:5432' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SEED_ON_START', { SEED_ON_START: 'maybe' }],
    ['MAX_PAGE_SIZE', { MAX_PAGE_SIZE: '-5' }],
    ['AUTH_MODE', { AUTH_MODE: 'saml' }],
    ['TRUSTED_DOCUMENTS', { TRUSTED_DOCUMENTS: '/nonexistent/manifest.json' }],
    ['TRUSTED_DOCUMENTS_ENFORCE', { TRUSTED_DOCUMENTS_ENFORCE: 'true' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'portal.example.org' }],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }],
    ['MAX_QUERY_COST', { MAX_QUERY_COST: '0' }],
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'too-short' }],
    ['OIDC_ISSUER', { AUTH_MODE: 'oidc' }],
    ['OIDC_JWKS_URI', { AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example.org', OIDC_JWKS_URI: 'ftp://x' }],
  ])('names %s when it is invalid', (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).not.toContain('\n');
  });
});

describe('settings that would weaken production', () => {
  const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'y'.repeat(40) };
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'an identity provider over plain http',
      { AUTH_MODE: 'oidc', OIDC_ISSUER: 'http://idp.example.org' },
      /OIDC_ISSUER/,
    ],
    [
      'signing keys over plain http',
      { AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example.org', OIDC_JWKS_URI: 'http://idp.example.org/keys' },
      /OIDC_JWKS_URI/,
    ],
    ['the demo accounts', { SEED_DEMO_USERS: 'true' }, /SEED_DEMO_USERS/],
  ])('refuses %s', (_case, env, variable) => {
    expect(() => loadConfig({ ...production, ...env })).toThrow(variable);
  });

  it('accepts an identity provider on this host over loopback', () => {
    expect(
      loadConfig({ ...production, AUTH_MODE: 'oidc', OIDC_ISSUER: 'http://127.0.0.1:8443/realms/iza' }).auth.mode,
    ).toBe('oidc');
  });
});

describe('numbers out of range', () => {
  it.each([
    ['TRUST_PROXY', '1000'],
    ['TRUST_PROXY', '-3'],
    ['EVENTS_SWEEP_SECONDS', '-5'],
    ['WEBHOOK_WORKER_INTERVAL_MS', '-1'],
  ])('refuses %s=%s, naming it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('keeps 0 as off where that is documented', () => {
    const config = loadConfig({ EVENTS_SWEEP_SECONDS: '0', WEBHOOK_WORKER_INTERVAL_MS: '0', TRUST_PROXY: '0' });
    expect([config.events.sweepSeconds, config.events.webhooks.workerIntervalMs, config.trustProxy]).toEqual([0, 0, 0]);
  });
});
