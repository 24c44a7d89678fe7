import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../server/db/data-source';
import { prepareDatabase } from '../../../server/db/database';
import { migrations } from '../../../server/db/migrations';
import { AssessmentRequests1800002910000 } from '../../../server/db/migrations/1800002910000-AssessmentRequests';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

/**
 * Migration AssessmentRequests on a database that was in use (the seeded template, a request raised): its down()
 * keeps the request as a SIGNAL and takes the grants that the code before it knew nothing of, and an up() again
 * with start-up's seeding gives them back, as it gives them to a database seeded before the migration.
 */
jest.setTimeout(120_000);

const silent = pino({ level: 'silent' });
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

const timestamp = (M: Function) => Number(/\d+$/.exec(M.name)![0]);
const OURS = timestamp(AssessmentRequests1800002910000);

const labels = async (type: string): Promise<string[]> =>
  (
    await ds.query(`SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`, [type])
  ).map((r: { l: string }) => r.l);
const requestGrants = async () =>
  (
    await ds.query(
      `SELECT g.key FROM capability_grant g JOIN responsibility r ON r.id = g.responsibility_id
        WHERE g.capability = 'REQUEST_PACKAGE_ASSESSMENT' AND r.key = 'zin-beoordeelt-op-verzoek' ORDER BY 1`,
    )
  ).map((r: { key: string }) => r.key);
const GRANTS = [
  'insurer-request-package-assessment',
  'provider-association-request-package-assessment',
  'vws-request-package-assessment',
];

it('reverts to the types before it, keeps a request as a SIGNAL, and comes back with its grants', async () => {
  expect(await requestGrants()).toEqual(GRANTS);
  const [signal] = await ds.query(
    `INSERT INTO package_signal (raising_party_id, addressee_party_id, kind, title, description)
     SELECT (SELECT id FROM party WHERE key = 'nvz'), (SELECT id FROM party WHERE key = 'zorginstituut'),
            'ASSESSMENT_REQUEST', 'Verzoek', 'Beoordeel dit.'
     RETURNING id`,
  );
  const kinds = await labels('package_signal_kind');
  const capabilities = await labels('capability');

  // Undo ours, and any that came after it.
  for (let i = 0; i <= migrations.filter((M) => timestamp(M) > OURS).length; i++)
    await ds.undoLastMigration({ transaction: 'each' });
  expect(await labels('package_signal_kind')).toEqual(kinds.filter((k) => k !== 'ASSESSMENT_REQUEST'));
  // Ours, and those the migrations after it add (MinisterialDecisions, FundingArrangements).
  const added = ['REQUEST_PACKAGE_ASSESSMENT', 'DECIDE_ON_PACKAGE_ADVICE', 'RECORD_FUNDING_ARRANGEMENTS'];
  expect(await labels('capability')).toEqual(capabilities.filter((c) => !added.includes(c)));
  expect((await ds.query('SELECT kind, status FROM package_signal WHERE id = $1', [signal.id]))[0]).toEqual({
    kind: 'SIGNAL',
    status: 'OPEN',
  });
  expect(await ds.query(`SELECT key FROM capability_grant WHERE key LIKE '%request-package-assessment'`)).toEqual([]);

  await prepareDatabase(ds, silent, { demoUsers: true });
  expect(await labels('package_signal_kind')).toEqual(kinds);
  expect(await requestGrants()).toEqual(GRANTS);
});

it('gives a database seeded before it the new grants at start-up (the seed reloads by checksum)', async () => {
  await ds.query(`DELETE FROM capability_grant WHERE capability = 'REQUEST_PACKAGE_ASSESSMENT'`);
  await ds.query(`UPDATE seed_run SET checksum = 'before-assessment-requests' WHERE dataset = 'capability-grants'`);
  await prepareDatabase(ds, silent, { demoUsers: true });
  expect(await requestGrants()).toEqual(GRANTS);
});
