import pino from 'pino';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';

/**
 * What the database refuses behind the input checks is answered as the client's error and logged as a
 * warning (an input check to add, not an outage); anything else unexpected is an error with its cause.
 */
let app: TestApp;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  app = await createTestApp({}, { logger });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => {
  lines.length = 0;
});
afterEach(async () => {
  await app.dataSource.query(`DROP TRIGGER IF EXISTS test_refuse ON knowledge_question`);
  await app.dataSource.query(`DROP FUNCTION IF EXISTS test_refuse()`);
});

const PROPOSE = `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`;

/** Makes every new knowledge question fail in the database with `sqlState`. */
async function refuseQuestions(sqlState: string): Promise<void> {
  await app.dataSource.query(
    `CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '${sqlState}', TABLE = TG_TABLE_NAME; END $$`,
  );
  await app.dataSource.query(
    `CREATE TRIGGER test_refuse BEFORE INSERT ON knowledge_question FOR EACH ROW EXECUTE FUNCTION test_refuse()`,
  );
}

async function propose(title: string) {
  const sectors = await idsByKey(app, 'Sector', 'sector');
  return app.gql(
    PROPOSE,
    { input: { title, sectorIds: [sectors.msz] } },
    await asUser(app, 'pfn.contributor@example.org'),
  );
}

const REFUSED = 'the database refused a change an input check should have caught';
const CANCELLED = 'a statement ran past DB_STATEMENT_TIMEOUT_MS and was cancelled';

/** The lines the answer wrote (logged before it is sent), apart from any background work's. */
function logged() {
  return lines
    .filter((line) => line.msg === REFUSED || line.msg === CANCELLED || line.msg === 'request failed')
    .map((line) => [line.level, line.msg, line.sqlState, line.table]);
}

describe('errors from the database', () => {
  it.each([
    ['a race on a key', '23505', 'CONFLICT'],
    ['a vanished reference', '23503', 'BAD_USER_INPUT'],
    ['a broken check constraint', '23514', 'BAD_USER_INPUT'],
    ['a deadlock', '40P01', 'CONFLICT'],
  ])(
    '%s is the client’s error, logged as a warning with its SQLSTATE and table, not its message',
    async (_case, sqlState, code) => {
      await refuseQuestions(sqlState);
      const res = await propose(`Een vraag die de database weigert (${sqlState})?`);
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(logged()).toEqual([[40, REFUSED, sqlState, 'knowledge_question']]);
      expect(JSON.stringify(lines)).not.toContain('refused for the test');
    },
  );

  it('a cancelled statement is a retryable TIMEOUT, logged as a warning with its field', async () => {
    await refuseQuestions('57014');
    const res = await propose('Een vraag waarvan de opdracht te lang duurde?');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(logged()).toEqual([[40, CANCELLED, '57014', undefined]]);
    expect(lines.find((line) => line.msg === CANCELLED)?.path).toEqual(['proposeKnowledgeQuestion']);
  });

  it('anything else is an internal error, logged as an error with its cause', async () => {
    await refuseQuestions('P0001');
    const res = await propose('Een vraag die de database onverwacht weigert?');
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged()).toEqual([[50, 'request failed', undefined, undefined]]);
    expect(JSON.stringify(lines)).toContain('refused for the test');
  });
});
