import pino from 'pino';
import type { DataSource, MigrationInterface } from 'typeorm';
import { createDataSource } from '../../../server/db/data-source';
import { prepareDatabase } from '../../../server/db/database';
import { migrations } from '../../../server/db/migrations';
import { seedAll } from '../../../server/db/seed';
import partiesJson from '../../../server/db/seed/data/parties.json';
import type { PartyRecord } from '../../../server/db/seed/records';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

// Every test here builds a database from empty (all migrations, some the seed as well), some of them several
// times: on a loaded CI machine that takes longer than the suite's default 30 s.
jest.setTimeout(120_000);

const silent = pino({ level: 'silent' });
const partiesData = partiesJson as PartyRecord[];

async function withEmptyDatabase(fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const db: TestDatabase = await createTestDatabase({ empty: true });
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  await ds.initialize();
  try {
    await fn(ds);
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

/** Every row of every application table, so two states can be compared exactly. */
async function snapshot(ds: DataSource): Promise<Record<string, unknown[]>> {
  const tables: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name } of tables) {
    result[table_name] = await ds.query(`SELECT to_jsonb(t) AS row FROM "${table_name}" t ORDER BY to_jsonb(t)::text`);
  }
  return result;
}

describe('connections', () => {
  it('compile no statement with JIT, on every pooled connection', async () => {
    await withEmptyDatabase(async (ds) => {
      // Two at once, so both pooled connections answer.
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        const [[outside], [inside]] = await Promise.all([
          ds.query(`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid`),
          runner.query(`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid`),
        ]);
        expect(outside.pid).not.toBe(inside.pid);
        expect([outside.jit, inside.jit]).toEqual(['off', 'off']);
      } finally {
        await runner.release();
      }
    });
  });
});

describe('migrations', () => {
  it('match the entities exactly (no drift)', async () => {
    await withEmptyDatabase(async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    });
  });

  it('revert cleanly, every one of them, and apply again', async () => {
    await withEmptyDatabase(async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const tables = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables[0].n).toBe(0);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(migrations.length);
    });
  });
});

/**
 * The functions, triggers, indexes and enum types (their values in order) of the schema, so a migration's down()
 * can be compared with the state before its up().
 */
async function definitions(ds: DataSource): Promise<string[]> {
  const rows: { def: string }[] = await ds.query(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind = 'f'
     UNION ALL
     SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
     UNION ALL
     SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL
     SELECT 'enum ' || t.typname || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')'
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname
     ORDER BY 1`,
  );
  return rows.map((r) => r.def);
}

/**
 * From this migration on, each down() is checked to restore what the migrations before it left; older ones
 * have landed (several restore a function in another wording than it had) and are only reverted above.
 */
const CHECKED_DOWN_FROM = 1800002853000;

describe('migrations, each down()', () => {
  it('leaves functions, triggers and indexes exactly as the migrations before it left them', async () => {
    await withEmptyDatabase(async (ds) => {
      const runner = ds.createQueryRunner();
      try {
        // In the order TypeORM runs them: by the timestamp their names end with.
        const timestamp = (m: MigrationInterface) => Number(/\d+$/.exec(m.constructor.name)![0]);
        const instances = migrations
          .map((M) => new (M as new () => MigrationInterface)())
          .sort((a, b) => timestamp(a) - timestamp(b));
        // Each in a transaction of its own, as the server runs them (migrationsTransactionMode 'each').
        const inTransaction = async (step: (r: typeof runner) => Promise<void>) => {
          await runner.startTransaction();
          await step(runner);
          await runner.commitTransaction();
        };
        const before = new Map<MigrationInterface, string[]>();
        for (const migration of instances) {
          if (timestamp(migration) >= CHECKED_DOWN_FROM) before.set(migration, await definitions(ds));
          await inTransaction((r) => migration.up(r));
        }
        const differing: Record<string, string[]> = {};
        for (const migration of [...before.keys()].reverse()) {
          await inTransaction((r) => migration.down(r));
          const now = await definitions(ds);
          const was = before.get(migration)!;
          const diff = [...now.filter((d) => !was.includes(d)), ...was.filter((d) => !now.includes(d))];
          if (diff.length > 0) differing[migration.constructor.name] = diff;
        }
        expect(before.size).toBeGreaterThan(0);
        expect(differing).toEqual({});
      } finally {
        await runner.release();
      }
    });
  });
});

describe('seed', () => {
  it('loads every party from the documents with kind, sectors and sources, none synthetic', async () => {
    await withEmptyDatabase(async (ds) => {
      await prepareDatabase(ds, silent, { demoUsers: true });
      const parties: { key: string; kind: string; synthetic: boolean; sources: unknown[] }[] = await ds.query(
        'SELECT key, kind, synthetic, sources FROM party',
      );
      expect(parties).toHaveLength(partiesData.length);
      const byKey = new Map(parties.map((p) => [p.key, p]));
      for (const record of partiesData) {
        const row = byKey.get(record.key)!;
        expect(row.kind).toBe(record.kind);
        expect(row.synthetic).toBe(false);
        expect(row.sources).toEqual(record.sources);
      }
      const links = await ds.query('SELECT count(*)::int AS n FROM party_sector');
      expect(links[0].n).toBe(partiesData.reduce((n, p) => n + p.sectorKeys.length, 0));
      for (const named of ['vws', 'zorginstituut', 'zonmw', 'nza', 'fms', 'patientenfederatie', 'igj']) {
        expect(byKey.has(named)).toBe(true);
      }
    });
  });

  it('is idempotent: a second run changes nothing', async () => {
    await withEmptyDatabase(async (ds) => {
      await prepareDatabase(ds, silent, { demoUsers: true });
      const before = await snapshot(ds);
      await seedAll(ds, { demoUsers: true });
      const after = await snapshot(ds);
      expect(after).toEqual(before);
      expect(before.party!.length).toBe(partiesData.length);
    });
  });

  it('leaves records edited on the platform alone', async () => {
    await withEmptyDatabase(async (ds) => {
      await prepareDatabase(ds, silent, { demoUsers: true });
      await ds.query(`UPDATE party SET description = 'edited' WHERE key = 'vws'`);
      await seedAll(ds, { demoUsers: true });
      const [vws] = await ds.query(`SELECT description FROM party WHERE key = 'vws'`);
      expect(vws.description).toBe('edited');
    });
  });
});
