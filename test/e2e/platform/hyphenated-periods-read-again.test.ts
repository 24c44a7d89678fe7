import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../server/db/data-source';
import { HyphenatedPeriodsReadAgain1800001800000 } from '../../../server/db/migrations/1800001800000-HyphenatedPeriodsReadAgain';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

const MIGRATION = path.join(__dirname, '../../../server/db/migrations/1800001800000-HyphenatedPeriodsReadAgain.ts');

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

describe('migration HyphenatedPeriodsReadAgain', () => {
  it('imports nothing of the application: the date reading it needs is frozen in its own file', () => {
    // A migration must mean the same on every database it ever runs on, also after the parser changes.
    const imported = ts.preProcessFile(readFileSync(MIGRATION, 'utf8'), true, true).importedFiles;
    expect(imported.map((file) => file.fileName)).toEqual(['typeorm']);
  });

  it('rewrites the sample periods as it did when it was written, and leaves the rest', async () => {
    // [column, label, stored earliest, stored latest, stored precision] → what the migration leaves.
    const samples: [string, string, string, string, string, [string, string, string]][] = [
      ['due', 'Q3-2027', '2027-07-01', '2027-12-31', 'RANGE', ['2027-07-01', '2027-09-30', 'QUARTER']],
      ['due', 'juni-2026', '2026-06-01', '2026-12-31', 'RANGE', ['2026-06-01', '2026-06-30', 'MONTH']],
      ['due', 'H1-2027', '2027-01-01', '2027-12-31', 'RANGE', ['2027-01-01', '2027-06-30', 'HALF']],
      ['due', "Q4 - '26", '2026-10-01', '2026-12-31', 'RANGE', ['2026-10-01', '2026-12-31', 'QUARTER']],
      ['due', 'zomer-2026', '2026-06-01', '2026-12-31', 'RANGE', ['2026-06-01', '2026-08-31', 'SEASON']],
      ['due', '1 juni-2026', '2026-06-01', '2026-12-31', 'RANGE', ['2026-06-01', '2026-06-01', 'DAY']],
      ['due', 'derde kwartaal-2026', '2026-07-01', '2026-12-31', 'RANGE', ['2026-07-01', '2026-09-30', 'QUARTER']],
      ['due', 'in het begin-2027', '2027-01-01', '2027-12-31', 'RANGE', ['2027-01-01', '2027-03-31', 'QUARTER']],
      ['start', 'Q2-2026', '2026-04-01', '2026-12-31', 'RANGE', ['2026-04-01', '2026-06-30', 'QUARTER']],
      // Left: a real span, a label without the hyphen, a deadline, an unreadable label, a date edited since
      // (another first day) and one not stored as a RANGE.
      ['due', '2018-2022', '2018-01-01', '2022-12-31', 'RANGE', ['2018-01-01', '2022-12-31', 'RANGE']],
      ['due', 'juni t/m augustus 2026', '2026-06-01', '2026-08-31', 'RANGE', ['2026-06-01', '2026-08-31', 'RANGE']],
      ['due', 'uiterlijk Q3-2027', '2026-01-05', '2027-06-30', 'RANGE', ['2026-01-05', '2027-06-30', 'RANGE']],
      ['due', 'Q5-2027', '2027-01-01', '2027-12-31', 'RANGE', ['2027-01-01', '2027-12-31', 'RANGE']],
      ['due', 'Q3-2027', '2027-08-01', '2027-12-31', 'RANGE', ['2027-08-01', '2027-12-31', 'RANGE']],
      ['due', 'Q3-2027', '2027-07-01', '2027-12-31', 'YEAR', ['2027-07-01', '2027-12-31', 'YEAR']],
    ];
    const ids: string[] = [];
    for (const [column, label, earliest, latest, precision] of samples) {
      const [row] = await ds.query(
        `INSERT INTO deliverable (key, title, "${column}_label", "${column}_earliest", "${column}_latest", "${column}_precision", synthetic)
         VALUES ($1, $1, $2, $3, $4, $5, true) RETURNING id`,
        [`hyphenated-${ids.length}`, label, earliest, latest, precision],
      );
      ids.push(row.id);
    }
    const runner = ds.createQueryRunner();
    try {
      await new HyphenatedPeriodsReadAgain1800001800000().up(runner);
    } finally {
      await runner.release();
    }
    const after: { due: string[] | null; start: string[] | null }[] = await ds.query(
      `SELECT CASE WHEN due_label IS NOT NULL THEN ARRAY[due_earliest::text, due_latest::text, due_precision::text] END AS due,
              CASE WHEN start_label IS NOT NULL THEN ARRAY[start_earliest::text, start_latest::text, start_precision::text] END AS start
         FROM deliverable WHERE id = ANY($1) ORDER BY array_position($1, id)`,
      [ids],
    );
    expect(after.map((row, i) => [samples[i]![1], row.due ?? row.start])).toEqual(
      samples.map(([, label, , , , expected]) => [label, expected]),
    );
  });
});
