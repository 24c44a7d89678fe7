import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sector's synergy overview is read per sector too (server/cache/dependencies.ts, SECTOR_ROOTS): its
 * links are those whose guideline is in the sector or whose assessment is, and its trajectories' counts
 * read `synergy_conflict_party`. So, on top of SectorChangeNotifications1800000600000:
 * - a link sends its own sectors too (its guidelines' `guideline_sector` rows and its assessments'
 *   `sector_id`, from old and new rows), looked up in the same statement as the sectors of the conflicts
 *   referring to it, as `synergy_link:own`: a second notification, not more sectors in the first, so that a
 *   link in no conflict (as a batch of new aligned links) still keeps every sector's cached conflicts;
 * - what moves a link between sectors sends its txid as a reference, so that a link's lookup whose
 *   snapshot may not see the move counts for every sector: `guideline_sector` (on `iza_sector_changed`
 *   for that alone, with `*` for the sectors: it counts whole wherever it is read), and `package_assessment`
 *   when a `sector_id` changes (a new assessment has no link yet, a deleted one's links go with it). The
 *   conflict refresh such a move schedules sends one too today (from `synergy_conflict_sector`, whose
 *   statements fire even when no row changes); the overview does not rely on that;
 * - `synergy_conflict_party` names the sectors of its conflicts, with the lookup's snapshot;
 * - a lookup's notification ends with its own txid (`table@txid@snapshot@sectors@own`; a listener not yet
 *   upgraded ignores it): a lookup always sees its own transaction, whose references, heard just before
 *   in the same commit, were not missed;
 * - TRUNCATE sends its txid as a reference: a snapshot older than it reads the table empty afterwards.
 * NULL sectors mean every sector (`*`).
 */

/** The sectors of the stored conflicts referring to `rows` through `column`, as the landed migration looks them up. */
const conflictSectors = (column: string) =>
  `SELECT s.sector_id FROM synergy_conflict c JOIN synergy_conflict_sector s ON s.conflict_key = c.key
    WHERE c.${column} IN (SELECT id FROM rows)`;

interface Notifying {
  /** The statement's sectors, from its rows (`rows`: old and new versions alike); null: none looked up. */
  lookup: string | null;
  /** The sectors the rows are in themselves, sent under `<table>:own` (with `lookup`, in its statement). */
  own?: string;
  /** Every sector, without a lookup. */
  every?: boolean;
  /** Whether the statement sends its txid as a reference, from `old_rows` / `new_rows` per event. */
  reference: { INSERT: string; UPDATE: string; DELETE: string };
}

const NEVER = { INSERT: 'false', UPDATE: 'false', DELETE: 'false' };
const ALWAYS = { INSERT: 'true', UPDATE: 'true', DELETE: 'true' };

/** What each table's trigger sends, and what it sent before (none: the trigger every table has). */
const NOTIFYING: Record<string, { up: Notifying; down?: Notifying }> = {
  synergy_link: {
    up: {
      lookup: conflictSectors('link_id'),
      own: `SELECT gs.sector_id FROM guideline_sector gs WHERE gs.guideline_id IN (SELECT guideline_id FROM rows)
             UNION SELECT a.sector_id FROM package_assessment a WHERE a.id IN (SELECT assessment_id FROM rows)`,
      reference: NEVER,
    },
    down: { lookup: conflictSectors('link_id'), reference: NEVER },
  },
  package_assessment: {
    up: {
      lookup: conflictSectors('assessment_id'),
      reference: {
        ...NEVER,
        UPDATE: `EXISTS (SELECT 1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
                          WHERE n.id IS NULL OR o.sector_id IS DISTINCT FROM n.sector_id)`,
      },
    },
    down: { lookup: conflictSectors('assessment_id'), reference: NEVER },
  },
  synergy_conflict_party: {
    up: {
      lookup: `SELECT s.sector_id FROM synergy_conflict_sector s WHERE s.conflict_key IN (SELECT conflict_key FROM rows)`,
      reference: NEVER,
    },
    down: { lookup: null, reference: NEVER },
  },
  guideline_sector: { up: { lookup: null, every: true, reference: ALWAYS } },
};

/** Tables that name no sector and only say that they moved something: their txid, a reference. */
export const SECTOR_MOVE_TABLES = Object.keys(NOTIFYING).filter((table) => !NOTIFYING[table]!.down);

const EVENTS = [
  ['INSERT', 'REFERENCING NEW TABLE AS new_rows', 'SELECT * FROM new_rows'],
  [
    'UPDATE',
    'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows',
  ],
  ['DELETE', 'REFERENCING OLD TABLE AS old_rows', 'SELECT * FROM old_rows'],
] as const;

/** The trigger function of a table, and its three statement triggers (with transition tables when they are read). */
async function createNotifying(queryRunner: QueryRunner, table: string, { lookup, own, every, reference }: Notifying) {
  const branch = (event: (typeof EVENTS)[number]) => {
    const [name, , rows] = event;
    const array = (sql: string) =>
      `ARRAY(SELECT DISTINCT x.s FROM (${sql.replace(/\brows\b/g, `(${rows}) r`)}) x(s) WHERE x.s IS NOT NULL ORDER BY 1)`;
    // One statement: the sectors and the snapshot they were read in.
    const body = lookup
      ? `SELECT pg_current_snapshot()::text, ${array(lookup)}${own ? `, ${array(own)}` : ''}
           INTO looked_up, sectors${own ? ', own_sectors' : ''};`
      : '';
    return `${body}
            PERFORM "iza_notify_sector_change"(TG_TABLE_NAME, ${reference[name]}, looked_up, sectors);
            ${own ? `PERFORM "iza_notify_sectors"(TG_TABLE_NAME || ':own', false, looked_up, own_sectors);` : ''}`;
  };
  // Transition tables only when the function reads them (they cost a copy of every row written).
  const referencing = lookup !== null || Object.values(reference).some((r) => /_rows\b/.test(r));
  await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "iza_notify_sector_change_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                looked_up text;
                sectors uuid[] := ${every ? 'NULL' : `'{}'`};
                ${own ? 'own_sectors uuid[];' : ''}
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    ${branch(EVENTS[0])}
                ELSIF TG_OP = 'UPDATE' THEN
                    ${branch(EVENTS[1])}
                ELSE
                    ${branch(EVENTS[2])}
                END IF;
                RETURN NULL;
            END $$
        `);
  for (const [event, transition] of EVENTS) {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "iza_data_change_${event.toLowerCase()}" ON "${table}"`);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change_${event.toLowerCase()}" AFTER ${event} ON "${table}"
            ${referencing ? transition : ''} FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_sector_change_${table}"()
        `);
  }
}

export class OverviewSectorNotifications1800000700000 implements MigrationInterface {
  name = 'OverviewSectorNotifications1800000700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION "iza_notify_sectors"(name text, reference boolean, looked_up text, sectors uuid[])
            RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                own text := pg_current_xact_id()::text;
                payload text;
                tail text;
            BEGIN
                payload := name || '@' || CASE WHEN reference THEN own ELSE '' END || '@' || coalesce(looked_up, '') || '@';
                tail := CASE WHEN looked_up IS NULL THEN '' ELSE '@' || own END;
                -- pg_notify takes up to 8000 bytes: past that, every sector (the txids are kept).
                PERFORM pg_notify('iza_sector_changed', CASE
                    WHEN sectors IS NULL
                      OR octet_length(payload) + octet_length(tail) + 37 * coalesce(array_length(sectors, 1), 0) > 7900
                    THEN payload || '*' ELSE payload || array_to_string(sectors, ',') END || tail);
            END $$
        `);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "iza_notify_sector_change"(tbl text, reference boolean, looked_up text, sectors uuid[])
            RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('iza_data_changed', tbl);
                PERFORM "iza_notify_sectors"(tbl, reference, looked_up, sectors);
            END $$
        `);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "iza_notify_sector_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
                PERFORM pg_notify('iza_sector_changed', TG_TABLE_NAME || '@' || pg_current_xact_id()::text || '@@*');
                -- The links a sector holds (its overview) are heard under their own name too.
                IF TG_TABLE_NAME = 'synergy_link' THEN
                    PERFORM pg_notify('iza_sector_changed', 'synergy_link:own@' || pg_current_xact_id()::text || '@@*');
                END IF;
                RETURN NULL;
            END $$
        `);
    // guideline_sector had the trigger every table has; it now fires on TRUNCATE only, as on the others.
    await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "guideline_sector"`);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER TRUNCATE ON "guideline_sector"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_sector_truncate"()
        `);
    for (const [table, { up }] of Object.entries(NOTIFYING)) await createNotifying(queryRunner, table, up);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SECTOR_MOVE_TABLES) {
      for (const [event] of EVENTS)
        await queryRunner.query(`DROP TRIGGER "iza_data_change_${event.toLowerCase()}" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION "iza_notify_sector_change_${table}"()`);
      await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "${table}"`);
      await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()
        `);
    }
    for (const [table, { down }] of Object.entries(NOTIFYING))
      if (down) await createNotifying(queryRunner, table, down);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "iza_notify_sector_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
                PERFORM pg_notify('iza_sector_changed', TG_TABLE_NAME || '@@@*');
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "iza_notify_sector_change"(tbl text, reference boolean, looked_up text, sectors uuid[])
            RETURNS void LANGUAGE plpgsql AS $$
            DECLARE payload text;
            BEGIN
                payload := tbl || '@' || CASE WHEN reference THEN pg_current_xact_id()::text ELSE '' END
                    || '@' || coalesce(looked_up, '') || '@';
                PERFORM pg_notify('iza_data_changed', tbl);
                -- pg_notify takes up to 8000 bytes: past that, every sector (the txid is kept).
                PERFORM pg_notify('iza_sector_changed', CASE
                    WHEN octet_length(payload) + 37 * coalesce(array_length(sectors, 1), 0) > 7900 THEN payload || '*'
                    ELSE payload || array_to_string(sectors, ',') END);
            END $$
        `);
    await queryRunner.query(`DROP FUNCTION "iza_notify_sectors"(text, boolean, text, uuid[])`);
  }
}
