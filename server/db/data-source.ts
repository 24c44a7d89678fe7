import type { EventEmitter } from 'node:events';
import { DataSource, type LogLevel, type Logger as TypeOrmLogger } from 'typeorm';
import { entities } from '../../entities';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** Cancels any SQL statement running longer than this (PostgreSQL statement_timeout). */
  statementTimeoutMs?: number;
  /** Receives every SQL statement; tests count them. */
  onQuery?: (sql: string) => void;
}

class QueryListener implements TypeOrmLogger {
  constructor(private readonly onQuery: (sql: string) => void) {}
  logQuery(query: string): void {
    this.onQuery(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(_level: LogLevel): void {}
}

export function createDataSource({ url, poolSize = 10, statementTimeoutMs, onQuery }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; extensions come from migrations only.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 3_000,
      application_name: 'iza-platform',
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
    ...(onQuery ? { logging: ['query' as const], logger: new QueryListener(onQuery) } : { logging: false }),
  });
}

/**
 * Initialises the data source and gives every pooled connection a standing error listener: when the
 * server goes away, pg emits 'error' on connections that are checked out but between queries, and an
 * unhandled 'error' event would end the process. Queries still fail and reconnect as usual.
 */
export async function initializeDataSource(
  dataSource: DataSource,
  onError: (error: Error) => void = () => {},
): Promise<DataSource> {
  await dataSource.initialize();
  const pool = (dataSource.driver as unknown as { master?: EventEmitter & { _clients?: EventEmitter[] } }).master;
  // The connection TypeORM opened while initialising already exists; later ones announce themselves.
  for (const client of pool?._clients ?? []) client.on('error', onError);
  pool?.on('connect', (client: EventEmitter) => client.on('error', onError));
  return dataSource;
}
