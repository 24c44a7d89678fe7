import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A guideline's review date is stored as a GUIDELINE_REVIEW_OVERDUE candidate as soon as it is set, and
 * reads keep it only once the date lies before their `asOf`; but its CONFLICT_OPENED was written when the
 * candidate was stored, months early, and none when the date passed. `announced` records whether the
 * conflict's opening has been told: a candidate still ahead is stored unannounced (no event), the time
 * sweep announces it the day after its date (server/services/events/time-sweep.ts), a date moved ahead
 * again resolves it, and a candidate removed before it was due resolves nothing.
 * Rows stored before this migration keep `announced = true`: their CONFLICT_OPENED was written already.
 */
export class ConflictEventsWhenDue1800001100000 implements MigrationInterface {
  name = 'ConflictEventsWhenDue1800001100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "synergy_conflict" ADD "announced" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `CREATE INDEX "IDX_synergy_conflict_unannounced" ON "synergy_conflict" ("review_due_on") WHERE NOT "announced"`,
    );
    // Due when the date lies before today in Amsterdam, the rule reads apply with `asOf` = today.
    await queryRunner.query(`
            CREATE FUNCTION synergy_conflict_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' OR NEW.review_due_on IS DISTINCT FROM OLD.review_due_on THEN
                    NEW.announced := NEW.review_due_on IS NULL
                                     OR NEW.review_due_on < (now() AT TIME ZONE 'Europe/Amsterdam')::date;
                END IF;
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER synergy_conflict_announce BEFORE INSERT OR UPDATE ON "synergy_conflict"
            FOR EACH ROW EXECUTE FUNCTION synergy_conflict_announce()
        `);
    await queryRunner.query(conflictEventFunction(true));
    await queryRunner.query(`
            CREATE TRIGGER domain_event_conflict_announced AFTER UPDATE ON "synergy_conflict"
            FOR EACH ROW WHEN (OLD.announced IS DISTINCT FROM NEW.announced) EXECUTE FUNCTION domain_event_conflict()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "domain_event_conflict_announced" ON "synergy_conflict"`);
    await queryRunner.query(conflictEventFunction(false));
    await queryRunner.query(`DROP TRIGGER "synergy_conflict_announce" ON "synergy_conflict"`);
    await queryRunner.query(`DROP FUNCTION synergy_conflict_announce()`);
    await queryRunner.query(`DROP INDEX "IDX_synergy_conflict_unannounced"`);
    await queryRunner.query(`ALTER TABLE "synergy_conflict" DROP COLUMN "announced"`);
  }
}

/**
 * The conflict events' trigger function (DomainEvents): with `announced`, an insert or delete tells only
 * an announced conflict, and an update that announces (or takes back) one tells that.
 */
function conflictEventFunction(announced: boolean): string {
  const opened = announced
    ? `IF TG_OP = 'INSERT' THEN
                    IF NOT NEW.announced THEN RETURN NULL; END IF;
                    opened := true;
                ELSIF TG_OP = 'DELETE' THEN
                    IF NOT OLD.announced THEN RETURN NULL; END IF;
                    opened := false;
                ELSE
                    opened := NEW.announced;
                END IF;`
    : `opened := TG_OP = 'INSERT';`;
  return `
            CREATE OR REPLACE FUNCTION domain_event_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                c record;
                opened boolean;
            BEGIN
                ${opened}
                c := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, payload)
                SELECT CASE WHEN opened THEN 'CONFLICT_OPENED' ELSE 'CONFLICT_RESOLVED' END,
                       'Guideline', c.guideline_id,
                       CASE WHEN c.assessment_id IS NULL THEN '[]'::jsonb
                            ELSE jsonb_build_array(jsonb_build_array('PackageAssessment', c.assessment_id)) END,
                       array_remove(array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = c.guideline_id), '{}'),
                                              ARRAY[(SELECT assessor_party_id FROM package_assessment WHERE id = c.assessment_id)]), NULL),
                       coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = c.guideline_id), '{}'),
                       jsonb_build_object('conflict', jsonb_build_object('key', c.key, 'kind', c.kind,
                           'guidelineId', c.guideline_id, 'recommendationId', c.recommendation_id,
                           'assessmentId', c.assessment_id, 'linkId', c.link_id));
                RETURN NULL;
            END
            $$
        `;
}
