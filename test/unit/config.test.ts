import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

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

  it('turns the explorer and introspection off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ explorer: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
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
