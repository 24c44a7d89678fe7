import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a sector's conflicts are read from tell listeners which sectors' answers their change can
 * reach, so a change in one sector keeps the cached conflicts of the others (server/cache/dependencies.ts,
 * SECTOR_TABLES). Each statement still sends the plain table name on `iza_data_changed` (what every
 * listener, an instance not yet upgraded included, reads as "the table changed"), and then, on
 * `iza_sector_changed`, `table@txid@snapshot@sector,sector,…`:
 * - txid: the writing transaction, sent by the stored conflicts themselves (`synergy_conflict`,
 *   `synergy_conflict_sector`): which record a sector's conflicts refer to changes only with them;
 * - snapshot: for a record a sector reads because a conflict refers to it (guideline, recommendation,
 *   assessment, link), the snapshot that looked up those conflicts (`xmin:xmax:xip,…`). A conflict
 *   committed by a transaction that snapshot could not see may refer to the record too: the listener then
 *   counts the change for every sector (server/cache/data-changes.ts);
 * - the sectors: where the changed rows are (`sector_id`, a sector count's `scope_id`), or where the
 *   conflicts referring to them are; none for the bookkeeping tables no sector's read looks at.
 * Too many sectors for a notification, or TRUNCATE, send `*` for the sectors: every sector. Identical
 * notifications in a transaction are sent once.
 */
const OWN_SECTORS: Record<string, string> = {
  synergy_conflict_sector: 'SELECT sector_id FROM rows',
  synergy_conflict_count: `SELECT scope_id FROM rows WHERE scope = 'SECTOR'`,
};
/** Records a sector's conflicts refer to, by the column of `synergy_conflict` that refers to them. */
const REFERRED: Record<string, string> = {
  guideline: 'guideline_id',
  recommendation: 'recommendation_id',
  package_assessment: 'assessment_id',
  synergy_link: 'link_id',
};
/**
 * Written with the conflicts, and read by no sector's answer (a sector's conflicts filtered on parties too,
 * which read `synergy_conflict_party`, count per table).
 */
const NO_SECTOR = ['synergy_conflict', 'synergy_conflict_party', 'synergy_conflict_dirty', 'synergy_conflict_pending'];
const REFERENCES = ['synergy_conflict', 'synergy_conflict_sector'];

export const SECTOR_NOTIFYING_TABLES = [...Object.keys(OWN_SECTORS), ...Object.keys(REFERRED), ...NO_SECTOR];

/** The body that computes `sectors` (and `looked_up`) from the statement's rows, in `rows`. */
function sectorsOf(table: string): string {
  if (OWN_SECTORS[table]) return `sectors := ARRAY(SELECT DISTINCT s FROM (${OWN_SECTORS[table]}) x(s) ORDER BY 1);`;
  const column = REFERRED[table];
  if (!column) return '';
  // One statement: the sectors and the snapshot they were read in.
  return `SELECT pg_current_snapshot()::text,
                 ARRAY(SELECT DISTINCT s.sector_id FROM synergy_conflict c
                         JOIN synergy_conflict_sector s ON s.conflict_key = c.key
                        WHERE c.${column} IN (SELECT id FROM rows) ORDER BY 1)
            INTO looked_up, sectors;`;
}

export class SectorChangeNotifications1800000600000 implements MigrationInterface {
  name = 'SectorChangeNotifications1800000600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION "iza_notify_sector_change"(tbl text, reference boolean, looked_up text, sectors uuid[])
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
    await queryRunner.query(`
            CREATE FUNCTION "iza_notify_sector_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
                PERFORM pg_notify('iza_sector_changed', TG_TABLE_NAME || '@@@*');
                RETURN NULL;
            END $$
        `);
    for (const table of SECTOR_NOTIFYING_TABLES) {
      const body = sectorsOf(table);
      // The transition tables as one `rows` relation: old and new versions alike.
      const branch = (rows: string) => body.replace(/\brows\b/g, `(${rows}) r`);
      await queryRunner.query(`
            CREATE FUNCTION "iza_notify_sector_change_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                looked_up text;
                sectors uuid[] := '{}';
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    ${branch('SELECT * FROM new_rows')}
                ELSIF TG_OP = 'UPDATE' THEN
                    ${branch('SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows')}
                ELSE
                    ${branch('SELECT * FROM old_rows')}
                END IF;
                PERFORM "iza_notify_sector_change"(TG_TABLE_NAME, ${REFERENCES.includes(table)}, looked_up, sectors);
                RETURN NULL;
            END $$
        `);
      await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "${table}"`);
      // TRUNCATE: every sector, under the name every table's trigger has.
      await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_sector_truncate"()
        `);
      for (const [event, referencing] of [
        ['INSERT', 'REFERENCING NEW TABLE AS new_rows'],
        ['UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
        ['DELETE', 'REFERENCING OLD TABLE AS old_rows'],
      ])
        await queryRunner.query(`
            CREATE TRIGGER "iza_data_change_${event!.toLowerCase()}" AFTER ${event} ON "${table}"
            ${body ? referencing : ''} FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_sector_change_${table}"()
        `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SECTOR_NOTIFYING_TABLES) {
      for (const event of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER "iza_data_change_${event}" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "iza_data_change" ON "${table}"`);
      await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()
        `);
      await queryRunner.query(`DROP FUNCTION "iza_notify_sector_change_${table}"()`);
    }
    await queryRunner.query(`DROP FUNCTION "iza_notify_sector_truncate"()`);
    await queryRunner.query(`DROP FUNCTION "iza_notify_sector_change"(text, boolean, text, uuid[])`);
  }
}
