import type { DataSource, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { createDataSource } from '../../../server/db/data-source';
import { entityReader, getManyRead, selectsOneEntityOnly } from '../../../server/db/entity-reader';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

/**
 * server/db/entity-reader.ts promises entities exactly as TypeORM makes them: every entity of the seeded
 * database is read four ways (TypeORM's query builder, the reader on a row, the reader on `jsonOf`, the reader
 * on the builder's own SQL) and the results must be the same objects, class and all.
 */
let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource({ url: db.url, poolSize: 2 });
  await ds.initialize();
});

afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

/** What a column is, for the coverage check: the kinds of value the reader converts differently. */
function kindOf(column: ColumnMetadata): string {
  if (column.embeddedMetadata) return 'embedded';
  if (column.isArray) return 'array';
  if (column.type === 'timestamptz') return 'timestamptz';
  if (column.type === 'date') return 'date';
  if (column.type === 'enum') return 'enum';
  if (column.type === 'jsonb') return 'jsonb';
  if (column.type === 'bigint') return 'bigint';
  return 'plain';
}

describe('entityReader', () => {
  it('reads every seeded entity as TypeORM does, from a row, from JSON and from a query builder', async () => {
    const kindsRead = new Set<string>();
    const entitiesRead: string[] = [];
    for (const metadata of ds.entityMetadatas) {
      if (metadata.isJunction || metadata.tableType !== 'regular') continue;
      const reader = entityReader<ObjectLiteral>(ds, metadata.target);
      const order = metadata.primaryColumns.map((column) => `t."${column.databaseName}"`).join(', ');
      const builder = ds
        .getRepository(metadata.target)
        .createQueryBuilder('t')
        .orderBy(
          Object.fromEntries(metadata.primaryColumns.map((column) => [`t.${column.propertyPath}`, 'ASC' as const])),
        )
        .limit(40);
      const expected = await builder.clone().getMany();
      if (expected.length === 0) continue;
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT ${reader.columnsOf('t')} FROM ${reader.table} t ORDER BY ${order} LIMIT 40`,
      );
      const json: { j: Record<string, unknown> }[] = await ds.query(
        `SELECT ${reader.jsonOf('t')} AS j FROM ${reader.table} t ORDER BY ${order} LIMIT 40`,
      );
      expect([metadata.name, rows.map((row) => reader.read(row))]).toStrictEqual([metadata.name, expected]);
      expect([metadata.name, json.map(({ j }) => reader.read(j))]).toStrictEqual([metadata.name, expected]);
      expect([metadata.name, selectsOneEntityOnly(builder)]).toEqual([metadata.name, true]);
      expect([metadata.name, await getManyRead(builder.clone())]).toStrictEqual([metadata.name, expected]);
      entitiesRead.push(metadata.name);
      for (const column of metadata.columns) if (column.isSelect && !column.isVirtual) kindsRead.add(kindOf(column));
    }
    // The comparison only means something if the seed holds every kind of column the reader treats apart.
    expect([...kindsRead].sort()).toEqual([
      'array',
      'bigint',
      'date',
      'embedded',
      'enum',
      'jsonb',
      'plain',
      'timestamptz',
    ]);
    expect(entitiesRead.length).toBeGreaterThan(20);
  });

  it('leaves a builder that joins or selects more to TypeORM', () => {
    const deliverables = ds.getRepository('Deliverable').createQueryBuilder('d');
    expect(selectsOneEntityOnly(deliverables.clone())).toBe(true);
    expect(selectsOneEntityOnly(deliverables.clone().leftJoinAndSelect('d.programme', 'p'))).toBe(false);
    expect(selectsOneEntityOnly(deliverables.clone().addSelect('d.title', 'extra'))).toBe(false);
    expect(selectsOneEntityOnly(deliverables.clone().setLock('pessimistic_write'))).toBe(false);
    expect(selectsOneEntityOnly(deliverables.clone().take(5))).toBe(false);
    expect(selectsOneEntityOnly(deliverables.clone().addFrom('Party', 'p'))).toBe(false);
    expect(
      selectsOneEntityOnly(
        deliverables.clone().setFindOptions({ relations: { programme: true }, relationLoadStrategy: 'query' }),
      ),
    ).toBe(false);
  });

  it('reads a list page with parameters, id lists and keyset order as getMany does', async () => {
    const statuses = ['PLANNED', 'IN_PROGRESS', 'DELAYED'];
    for (const first of [3, 17]) {
      const page = ds
        .getRepository('Deliverable')
        .createQueryBuilder('d')
        .where('d.status IN (:...statuses)', { statuses: statuses.slice(0, first === 3 ? 2 : 3) })
        .andWhere('(COALESCE(d.due_latest, :undated), d.id) > (:after, :id)', {
          undated: '9999-12-31',
          after: '2000-01-01',
          id: '00000000-0000-0000-0000-000000000000',
        })
        .orderBy(`COALESCE(d.due_latest, '9999-12-31')`, 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(first);
      const expected = await page.clone().getMany();
      expect(expected).toHaveLength(first);
      expect(selectsOneEntityOnly(page)).toBe(true);
      expect(await getManyRead(page.clone())).toStrictEqual(expected);
    }
  });
});
