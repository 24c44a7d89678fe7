import type { MigrationInterface, QueryRunner } from 'typeorm';

/** domain_event_assign_cursor as DomainEvents wrote it, literally: down() restores it. */
const ASSIGN_CURSOR = `
            CREATE OR REPLACE FUNCTION domain_event_assign_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                next_cursor bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('domain_event_cursor'));
                next_cursor := nextval('domain_event_cursor_seq');
                UPDATE domain_event SET cursor = next_cursor WHERE id = NEW.id;
                PERFORM pg_notify('iza_domain_event', next_cursor::text);
                RETURN NULL;
            END
            $$
        `;

/** The same, also listing the event under each party it names or tells once its cursor is known. */
const ASSIGN_CURSOR_BY_PARTY = `
            CREATE OR REPLACE FUNCTION domain_event_assign_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                next_cursor bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('domain_event_cursor'));
                next_cursor := nextval('domain_event_cursor_seq');
                UPDATE domain_event SET cursor = next_cursor WHERE id = NEW.id;
                INSERT INTO domain_event_party (party_id, cursor, invited)
                SELECT p, next_cursor, false FROM unnest(NEW.party_ids) p WHERE p IS NOT NULL
                 UNION ALL
                SELECT p, next_cursor, true FROM unnest(NEW.invited_party_ids) p WHERE p IS NOT NULL AND p <> ALL(NEW.party_ids)
                ON CONFLICT DO NOTHING;
                PERFORM pg_notify('iza_domain_event', next_cursor::text);
                RETURN NULL;
            END
            $$
        `;

/**
 * A reader narrowed to a party reads the outbox in cursor order from where it stopped and takes the first few
 * events that name the party. The GIN index on `party_ids` finds a party's events but not in cursor order, so
 * PostgreSQL either walks the cursor index until enough match or reads all of the party's events and sorts
 * them. It chooses by how common the party is overall, which says nothing about where its events lie: on
 * 300 000 events a page for a party whose events all came later than the reader's cursor read 80 000 rows
 * (55–75 ms warm, 290 ms cold, growing with the outbox), one for a party with a sector it seldom shares a
 * second. `domain_event_party` lists each event under each party it names, and under each party it tells
 * without naming (`invited`, matched only for the reader's own parties), keyed (party, cursor): a page reads
 * the party's events in order from where it stopped, however rare or common the party (event-store.ts,
 * `keyedCursors`). `invited` is in the key's index, so those reads need not visit the table.
 *
 * The cursor trigger fills it at commit, when the cursor is given; deleting events (retention) deletes their
 * rows in the same statement. The GIN indexes are left as they are.
 */
export class EventsByParty1800002950000 implements MigrationInterface {
  name = 'EventsByParty1800002950000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Instances that run the old cursor trigger may still be writing: events committed between the fill below and
    // the new trigger would never be listed. Writers that inserted already commit first (and are filled); the rest
    // wait at their insert and commit through the new trigger.
    await queryRunner.query(`LOCK TABLE "domain_event" IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(`
            CREATE TABLE "domain_event_party" (
                "party_id" uuid NOT NULL,
                "cursor" bigint NOT NULL,
                "invited" boolean NOT NULL,
                CONSTRAINT "PK_domain_event_party" PRIMARY KEY ("party_id", "cursor") INCLUDE ("invited")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "domain_event_party" (party_id, cursor, invited)
            SELECT DISTINCT ON (p, e.cursor) p, e.cursor, x.invited
              FROM domain_event e
             CROSS JOIN LATERAL (SELECT p, false AS invited FROM unnest(e.party_ids) p
                                 UNION ALL SELECT p, true FROM unnest(e.invited_party_ids) p) x
             WHERE e.cursor IS NOT NULL AND x.p IS NOT NULL
             ORDER BY p, e.cursor, x.invited
        `);
    // Read at once by every party filter: planned with its statistics from the start, not an empty table's guess.
    await queryRunner.query(`ANALYZE "domain_event_party"`);
    await queryRunner.query(ASSIGN_CURSOR_BY_PARTY);
    // Per statement, from the deleted rows: a pruning of a thousand events is one DELETE here.
    await queryRunner.query(`
            CREATE FUNCTION domain_event_party_forget() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM domain_event_party d
                 USING (SELECT unnest(g.party_ids || g.invited_party_ids) AS party_id, g.cursor FROM gone g
                         WHERE g.cursor IS NOT NULL) x
                 WHERE d.party_id = x.party_id AND d.cursor = x.cursor;
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER domain_event_party_forget AFTER DELETE ON "domain_event"
            REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION domain_event_party_forget()
        `);
    // Every table tells the response cache when it changes (DataChangeNotifications).
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "domain_event_party"
         FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER domain_event_party_forget ON "domain_event"`);
    await queryRunner.query(`DROP FUNCTION domain_event_party_forget()`);
    await queryRunner.query(ASSIGN_CURSOR);
    await queryRunner.query(`DROP TABLE "domain_event_party"`);
  }
}
