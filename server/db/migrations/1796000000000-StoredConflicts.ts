import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conflicts (tegenstrijdigheden) stored instead of computed on every read, so a sector's page costs
 * the same at national volume as on a laptop. Written by hand: derived data kept right by triggers,
 * with no TypeORM entity.
 *
 * - `synergy_conflict`: one row per conflict, keyed by the stable key the API shows and pages by.
 *   A published guideline with a review-due date is stored as a GUIDELINE_REVIEW_OVERDUE candidate
 *   with that date; reads keep it when the date lies before their `asOf`.
 * - `synergy_conflict_sector` / `synergy_conflict_party`: each conflict again under each of its
 *   sectors (guideline's or assessment's) and parties (guideline owners, assessor), in key order, so
 *   a filtered page is one short index range.
 * - `synergy_conflict_count`: how many conflicts of each kind (all, per sector, per party), kept by
 *   statement triggers on the three tables above; GUIDELINE_REVIEW_OVERDUE depends on the reader's
 *   `asOf` and is counted from a partial index instead.
 * - Statement triggers on the source tables note which guidelines and assessments changed in
 *   `synergy_conflict_dirty`; a deferred trigger recomputes their conflicts once, when the
 *   transaction commits, under one advisory lock: each recomputation then reads what the ones
 *   before it committed, and the lock is only held from then to the commit. (This relies on READ
 *   COMMITTED, the level every write here runs at.) A rolled-back transaction leaves nothing behind.
 * - Explanations are not stored: reads format them from the current titles and names.
 * - No foreign keys to the source tables: a key check would wait on rows that other transactions
 *   hold while they wait for the lock. Deletions reach the tables through the same triggers.
 */
const SOURCES = [
  'guideline',
  'recommendation',
  'package_assessment',
  'synergy_link',
  'guideline_sector',
  'guideline_owner',
];

const SCOPES = [
  ['synergy_conflict_sector', 'sector_id'],
  ['synergy_conflict_party', 'party_id'],
] as const;

const NIL = '00000000-0000-0000-0000-000000000000';
const COUNTED = [
  ['synergy_conflict', 'ALL', null],
  ['synergy_conflict_sector', 'SECTOR', 'sector_id'],
  ['synergy_conflict_party', 'PARTY', 'party_id'],
] as const;

const PUBLISHED_GUIDELINE = `('PUBLISHED', 'UNDER_REVISION')`;

/**
 * One statement of the refresh: the rows of `table` for every conflict of the marked guidelines and
 * assessments, from the guideline's `join` rows and the assessment's own column.
 */
function refreshScope(table: string, column: string, join: string, joinColumn: string, assessmentColumn: string) {
  const all = 'kind, guideline_id, recommendation_id, assessment_id, link_id, review_due_on';
  const rest = ['guideline_id', 'recommendation_id', 'assessment_id', 'link_id', 'review_due_on'];
  return `
                WITH scope AS (
                    SELECT key, ${all} FROM synergy_conflict
                     WHERE guideline_id = ANY(g_ids) OR assessment_id = ANY(a_ids)
                ), desired AS (
                    SELECT j.${joinColumn} AS ${column}, s.*
                      FROM scope s JOIN ${join} j ON j.guideline_id = s.guideline_id
                    UNION
                    SELECT a.${assessmentColumn}, s.*
                      FROM scope s JOIN package_assessment a ON a.id = s.assessment_id
                     WHERE a.${assessmentColumn} IS NOT NULL
                ), stale AS (
                    DELETE FROM ${table} m USING scope s
                     WHERE m.conflict_key = s.key
                       AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.${column} = m.${column} AND d.key = m.conflict_key)
                )
                INSERT INTO ${table} AS m (${column}, conflict_key, ${all})
                SELECT * FROM desired
                    ON CONFLICT (${column}, conflict_key) DO UPDATE
                   SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}
                 WHERE (${rest.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `excluded.${c}`).join(', ')});`;
}

export class StoredConflicts1796000000000 implements MigrationInterface {
  name = 'StoredConflicts1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."synergy_conflict_kind" AS ENUM(
                'RECOMMENDED_BUT_NOT_INSURED',
                'ADVISED_AGAINST_BUT_INSURED',
                'LINK_NEEDS_REVIEW',
                'GUIDELINE_REVIEW_OVERDUE'
            )
        `);
    // COLLATE "C": the key sorts by its bytes, whatever the database's collation, so a kind is a key range.
    const columns = `
                "kind" "public"."synergy_conflict_kind" NOT NULL,
                "guideline_id" uuid NOT NULL,
                "recommendation_id" uuid,
                "assessment_id" uuid,
                "link_id" uuid,
                "review_due_on" date`;
    await queryRunner.query(`
            CREATE TABLE "synergy_conflict" (
                "key" text COLLATE "C" NOT NULL,${columns},
                CONSTRAINT "PK_synergy_conflict" PRIMARY KEY ("key")
            )
        `);
    for (const column of ['guideline_id', 'recommendation_id', 'assessment_id', 'link_id'])
      await queryRunner.query(`CREATE INDEX "IDX_synergy_conflict_${column}" ON "synergy_conflict" ("${column}")`);
    await queryRunner.query(`
            CREATE INDEX "IDX_synergy_conflict_overdue" ON "synergy_conflict" ("review_due_on")
            WHERE "kind" = 'GUIDELINE_REVIEW_OVERDUE'
        `);
    for (const [table, column] of SCOPES) {
      await queryRunner.query(`
            CREATE TABLE "${table}" (
                "${column}" uuid NOT NULL,
                "conflict_key" text COLLATE "C" NOT NULL,${columns},
                CONSTRAINT "PK_${table}" PRIMARY KEY ("${column}", "conflict_key"),
                CONSTRAINT "FK_${table}_conflict" FOREIGN KEY ("conflict_key") REFERENCES "synergy_conflict"("key") ON DELETE CASCADE
            )
        `);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_conflict_key" ON "${table}" ("conflict_key")`);
      await queryRunner.query(`
            CREATE INDEX "IDX_${table}_overdue" ON "${table}" ("${column}", "review_due_on")
            WHERE "kind" = 'GUIDELINE_REVIEW_OVERDUE'
        `);
    }
    // scope_id: the sector or party; the nil uuid for ALL.
    await queryRunner.query(`
            CREATE TABLE "synergy_conflict_count" (
                "scope" text NOT NULL CHECK ("scope" IN ('ALL', 'SECTOR', 'PARTY')),
                "scope_id" uuid NOT NULL,
                "kind" "public"."synergy_conflict_kind" NOT NULL,
                "n" integer NOT NULL,
                CONSTRAINT "PK_synergy_conflict_count" PRIMARY KEY ("scope", "scope_id", "kind")
            )
        `);
    for (const [table, scope, column] of COUNTED) {
      const scopeId = column ?? `'${NIL}'::uuid`;
      const groupBy = column ? `${column}, kind` : 'kind';
      const add = (sign: string, rows: string) => `
                    INSERT INTO synergy_conflict_count AS t (scope, scope_id, kind, n)
                    SELECT '${scope}', ${scopeId}, kind, ${sign}count(*) FROM ${rows}
                     WHERE kind <> 'GUIDELINE_REVIEW_OVERDUE' GROUP BY ${groupBy}
                        ON CONFLICT (scope, scope_id, kind) DO UPDATE SET n = t.n + excluded.n;`;
      await queryRunner.query(`
            CREATE FUNCTION ${table}_count() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN${add('', 'new_rows')}
                ELSE${add('-', 'old_rows')}
                END IF;
                RETURN NULL;
            END
            $$
        `);
      await queryRunner.query(`
            CREATE TRIGGER ${table}_count_insert AFTER INSERT ON "${table}"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_count()
        `);
      await queryRunner.query(`
            CREATE TRIGGER ${table}_count_delete AFTER DELETE ON "${table}"
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_count()
        `);
    }
    await queryRunner.query(`CREATE TABLE "synergy_conflict_dirty" ("guideline_id" uuid, "assessment_id" uuid)`);
    await queryRunner.query(`CREATE TABLE "synergy_conflict_pending" ("txid" bigint PRIMARY KEY)`);

    // Recomputes every conflict of the given guidelines and assessments, and their sectors and parties.
    // Generic plans: a refresh mostly touches a few rows, and planning its statements anew each time
    // would cost more than running them.
    await queryRunner.query(`
            CREATE FUNCTION synergy_conflict_refresh(g_ids uuid[], a_ids uuid[]) RETURNS void LANGUAGE plpgsql
            SET plan_cache_mode = force_generic_plan AS $$
            BEGIN
                WITH pair AS (
                    SELECT r.id AS recommendation_id, r.guideline_id, a.id AS assessment_id,
                           (CASE r.kind WHEN 'DO' THEN 'RECOMMENDED_BUT_NOT_INSURED' ELSE 'ADVISED_AGAINST_BUT_INSURED' END)::synergy_conflict_kind AS kind
                      FROM recommendation r
                      JOIN guideline g ON g.id = r.guideline_id AND g.status IN ${PUBLISHED_GUIDELINE}
                      JOIN package_assessment a ON a.intervention_id = r.intervention_id AND a.published
                       AND a.outcome = (CASE r.kind WHEN 'DO' THEN 'NOT_INSURED' ELSE 'INSURED' END)::assessment_outcome
                     WHERE r.kind IN ('DO', 'DO_NOT') AND r.guideline_id = ANY(g_ids)
                    UNION
                    SELECT r.id, r.guideline_id, a.id,
                           (CASE r.kind WHEN 'DO' THEN 'RECOMMENDED_BUT_NOT_INSURED' ELSE 'ADVISED_AGAINST_BUT_INSURED' END)::synergy_conflict_kind
                      FROM package_assessment a
                      JOIN recommendation r ON r.intervention_id = a.intervention_id AND r.kind IN ('DO', 'DO_NOT')
                       AND a.outcome = (CASE r.kind WHEN 'DO' THEN 'NOT_INSURED' ELSE 'INSURED' END)::assessment_outcome
                      JOIN guideline g ON g.id = r.guideline_id AND g.status IN ${PUBLISHED_GUIDELINE}
                     WHERE a.id = ANY(a_ids) AND a.published
                ), desired AS (
                    SELECT p.kind::text || ':' || p.recommendation_id || ':' || p.assessment_id AS key, p.kind, p.guideline_id,
                           p.recommendation_id, p.assessment_id, NULL::uuid AS link_id, NULL::date AS review_due_on
                      FROM pair p
                    UNION ALL
                    SELECT 'LINK_NEEDS_REVIEW:' || l.id, 'LINK_NEEDS_REVIEW', l.guideline_id, l.recommendation_id, l.assessment_id, l.id, NULL
                      FROM synergy_link l
                      JOIN guideline g ON g.id = l.guideline_id AND g.status IN ${PUBLISHED_GUIDELINE}
                      JOIN package_assessment a ON a.id = l.assessment_id AND a.published
                     WHERE l.alignment = 'NEEDS_REVIEW' AND (l.guideline_id = ANY(g_ids) OR l.assessment_id = ANY(a_ids))
                    UNION ALL
                    SELECT 'GUIDELINE_REVIEW_OVERDUE:' || g.id, 'GUIDELINE_REVIEW_OVERDUE', g.id, NULL, NULL, NULL, g.review_due_on
                      FROM guideline g
                     WHERE g.id = ANY(g_ids) AND g.status IN ${PUBLISHED_GUIDELINE} AND g.review_due_on IS NOT NULL
                ), stale AS (
                    DELETE FROM synergy_conflict c
                     WHERE (c.guideline_id = ANY(g_ids) OR c.assessment_id = ANY(a_ids))
                       AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.key = c.key)
                )
                INSERT INTO synergy_conflict AS c (key, kind, guideline_id, recommendation_id, assessment_id, link_id, review_due_on)
                SELECT * FROM desired
                    ON CONFLICT (key) DO UPDATE
                   SET guideline_id = excluded.guideline_id, recommendation_id = excluded.recommendation_id,
                       assessment_id = excluded.assessment_id, link_id = excluded.link_id, review_due_on = excluded.review_due_on
                 WHERE (c.guideline_id, c.recommendation_id, c.assessment_id, c.link_id, c.review_due_on)
                       IS DISTINCT FROM (excluded.guideline_id, excluded.recommendation_id, excluded.assessment_id, excluded.link_id, excluded.review_due_on);

${refreshScope('synergy_conflict_sector', 'sector_id', 'guideline_sector', 'sector_id', 'sector_id')}
${refreshScope('synergy_conflict_party', 'party_id', 'guideline_owner', 'party_id', 'assessor_party_id')}
            END
            $$
        `);

    // At commit (deferred): recompute what this transaction marked, one transaction at a time.
    await queryRunner.query(`
            CREATE FUNCTION synergy_conflict_flush() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                g uuid[];
                a uuid[];
            BEGIN
                DELETE FROM synergy_conflict_pending WHERE txid = NEW.txid;
                PERFORM pg_advisory_xact_lock(hashtext('synergy_conflict'));
                WITH marked AS (DELETE FROM synergy_conflict_dirty RETURNING guideline_id, assessment_id)
                SELECT coalesce(array_agg(DISTINCT guideline_id) FILTER (WHERE guideline_id IS NOT NULL), '{}'),
                       coalesce(array_agg(DISTINCT assessment_id) FILTER (WHERE assessment_id IS NOT NULL), '{}')
                  INTO g, a FROM marked;
                PERFORM synergy_conflict_refresh(g, a);
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE CONSTRAINT TRIGGER synergy_conflict_flush AFTER INSERT ON "synergy_conflict_pending"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION synergy_conflict_flush()
        `);
    // Marks guidelines/assessments for the flush, and schedules the flush once per transaction.
    await queryRunner.query(`
            CREATE FUNCTION synergy_conflict_mark(g_ids uuid[], a_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF cardinality(g_ids) = 0 AND cardinality(a_ids) = 0 THEN
                    RETURN;
                END IF;
                INSERT INTO synergy_conflict_dirty (guideline_id, assessment_id)
                SELECT DISTINCT id, NULL::uuid FROM unnest(g_ids) id
                UNION ALL
                SELECT DISTINCT NULL::uuid, id FROM unnest(a_ids) id;
                INSERT INTO synergy_conflict_pending (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
            END
            $$
        `);

    // One function per source table; transition tables are old_rows / new_rows. Only changes to the
    // columns a conflict depends on mark anything (titles and names are read when explaining).
    const marks: Record<string, { insert: string; update: string; delete: string }> = {
      guideline: {
        insert: `ARRAY(SELECT id FROM new_rows WHERE status IN ${PUBLISHED_GUIDELINE}), '{}'`,
        update: `ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                        WHERE (o.status, o.review_due_on) IS DISTINCT FROM (n.status, n.review_due_on)), '{}'`,
        delete: `ARRAY(SELECT id FROM old_rows), '{}'`,
      },
      recommendation: {
        insert: `ARRAY(SELECT guideline_id FROM new_rows WHERE kind IN ('DO', 'DO_NOT') AND intervention_id IS NOT NULL), '{}'`,
        update: `ARRAY(SELECT x FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (o.guideline_id), (n.guideline_id)) v(x)
                        WHERE (o.kind, o.intervention_id, o.guideline_id) IS DISTINCT FROM (n.kind, n.intervention_id, n.guideline_id)), '{}'`,
        delete: `ARRAY(SELECT guideline_id FROM old_rows), '{}'`,
      },
      package_assessment: {
        insert: `'{}', ARRAY(SELECT id FROM new_rows WHERE published)`,
        update: `'{}', ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                        WHERE (o.published, o.outcome, o.intervention_id, o.sector_id, o.assessor_party_id)
                              IS DISTINCT FROM (n.published, n.outcome, n.intervention_id, n.sector_id, n.assessor_party_id))`,
        delete: `'{}', ARRAY(SELECT id FROM old_rows)`,
      },
      synergy_link: {
        insert: `ARRAY(SELECT guideline_id FROM new_rows WHERE alignment = 'NEEDS_REVIEW'), '{}'`,
        update: `ARRAY(SELECT x FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (o.guideline_id), (n.guideline_id)) v(x)
                        WHERE 'NEEDS_REVIEW' IN (o.alignment, n.alignment)
                          AND (o.alignment, o.guideline_id, o.assessment_id, o.recommendation_id)
                              IS DISTINCT FROM (n.alignment, n.guideline_id, n.assessment_id, n.recommendation_id)), '{}'`,
        delete: `ARRAY(SELECT guideline_id FROM old_rows WHERE alignment = 'NEEDS_REVIEW'), '{}'`,
      },
      guideline_sector: {
        insert: `ARRAY(SELECT guideline_id FROM new_rows), '{}'`,
        update: `ARRAY(SELECT guideline_id FROM new_rows UNION SELECT guideline_id FROM old_rows), '{}'`,
        delete: `ARRAY(SELECT guideline_id FROM old_rows), '{}'`,
      },
      guideline_owner: {
        insert: `ARRAY(SELECT guideline_id FROM new_rows), '{}'`,
        update: `ARRAY(SELECT guideline_id FROM new_rows UNION SELECT guideline_id FROM old_rows), '{}'`,
        delete: `ARRAY(SELECT guideline_id FROM old_rows), '{}'`,
      },
    };
    for (const table of SOURCES) {
      const mark = marks[table]!;
      await queryRunner.query(`
            CREATE FUNCTION synergy_conflict_mark_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM synergy_conflict_mark(${mark.insert});
                ELSIF TG_OP = 'UPDATE' THEN
                    PERFORM synergy_conflict_mark(${mark.update});
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM synergy_conflict_mark(${mark.delete});
                ELSE
                    -- TRUNCATE: every stored conflict may be affected.
                    PERFORM synergy_conflict_mark(ARRAY(SELECT DISTINCT guideline_id FROM synergy_conflict), '{}');
                END IF;
                RETURN NULL;
            END
            $$
        `);
      for (const [event, referencing] of [
        ['INSERT', 'REFERENCING NEW TABLE AS new_rows'],
        ['UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
        ['DELETE', 'REFERENCING OLD TABLE AS old_rows'],
        ['TRUNCATE', ''],
      ])
        await queryRunner.query(`
            CREATE TRIGGER synergy_conflict_${event.toLowerCase()} AFTER ${event} ON "${table}"
            ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION synergy_conflict_mark_${table}()
        `);
    }

    await queryRunner.query(
      `SELECT synergy_conflict_refresh(ARRAY(SELECT id FROM guideline), ARRAY(SELECT id FROM package_assessment))`,
    );
    // Statistics at once, so the first reads plan with the filled tables.
    await queryRunner.query(
      `ANALYZE "synergy_conflict", "synergy_conflict_sector", "synergy_conflict_party", "synergy_conflict_count"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...SOURCES].reverse()) {
      for (const event of ['truncate', 'delete', 'update', 'insert'])
        await queryRunner.query(`DROP TRIGGER synergy_conflict_${event} ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION synergy_conflict_mark_${table}()`);
    }
    await queryRunner.query(`DROP FUNCTION synergy_conflict_mark(uuid[], uuid[])`);
    await queryRunner.query(`DROP TRIGGER synergy_conflict_flush ON "synergy_conflict_pending"`);
    await queryRunner.query(`DROP FUNCTION synergy_conflict_flush()`);
    await queryRunner.query(`DROP FUNCTION synergy_conflict_refresh(uuid[], uuid[])`);
    for (const [table] of COUNTED) {
      await queryRunner.query(`DROP TRIGGER ${table}_count_delete ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_count_insert ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION ${table}_count()`);
    }
    await queryRunner.query(`DROP TABLE "synergy_conflict_count"`);
    await queryRunner.query(`DROP TABLE "synergy_conflict_pending"`);
    await queryRunner.query(`DROP TABLE "synergy_conflict_dirty"`);
    for (const [table] of SCOPES) await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP TABLE "synergy_conflict"`);
    await queryRunner.query(`DROP TYPE "public"."synergy_conflict_kind"`);
  }
}
