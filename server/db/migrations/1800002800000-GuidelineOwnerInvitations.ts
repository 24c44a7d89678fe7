import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations to co-own a guideline: an association becomes an owner only by accepting one, since ownership
 * brings duties (confirming links, answering perspectives, counting in conflicts). At most one invitation per
 * guideline and party is PENDING. Its events' scope is the guideline's owners and sectors plus the invited
 * party: as in Perspectives, the scope function keeps its body under another name and the new one adds the
 * subject type. The cache hears of writes (iza_notify_data_change).
 */
export class GuidelineOwnerInvitations1800002800000 implements MigrationInterface {
  name = 'GuidelineOwnerInvitations1800002800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."guideline_owner_invitation_status" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "guideline_owner_invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "guideline_id" uuid NOT NULL, "invited_party_id" uuid NOT NULL, "invited_by_party_id" uuid NOT NULL, "invited_by_user_id" uuid, "status" "public"."guideline_owner_invitation_status" NOT NULL DEFAULT 'PENDING', "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_user_id" uuid, "decided_by_party_id" uuid, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "guideline_owner_invitation_decided" CHECK (("status" = 'PENDING') = ("decided_at" IS NULL)), CONSTRAINT "PK_2b4f3f2d30681c6bf4a1c67c4c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7f4f2a3a5c0105bb8d3d2a1d97" ON "guideline_owner_invitation"  ("guideline_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a22ea6d066d0063d8cc190f654" ON "guideline_owner_invitation"  ("invited_party_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_750e47225159089bd8e98379f2" ON "guideline_owner_invitation"  ("invited_by_party_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_934e4d468e4c11702266b7b1e8" ON "guideline_owner_invitation"  ("invited_by_user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4f6598daa7db4a0ea8cd007ce8" ON "guideline_owner_invitation"  ("decided_by_user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_de056c4ea2b91cad01ed92fd82" ON "guideline_owner_invitation"  ("decided_by_party_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "guideline_owner_invitation_one_pending" ON "guideline_owner_invitation"  ("guideline_id", "invited_party_id") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_7f4f2a3a5c0105bb8d3d2a1d970" FOREIGN KEY ("guideline_id") REFERENCES "guideline"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_a22ea6d066d0063d8cc190f6545" FOREIGN KEY ("invited_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_750e47225159089bd8e98379f26" FOREIGN KEY ("invited_by_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_934e4d468e4c11702266b7b1e8e" FOREIGN KEY ("invited_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_4f6598daa7db4a0ea8cd007ce88" FOREIGN KEY ("decided_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guideline_owner_invitation" ADD CONSTRAINT "FK_de056c4ea2b91cad01ed92fd827" FOREIGN KEY ("decided_by_party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "guideline_owner_invitation"
               FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()`,
    );
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope(text, uuid) RENAME TO domain_event_scope_before_owner_invitations`,
    );
    await queryRunner.query(`
            CREATE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                i record;
            BEGIN
                IF s_type <> 'GuidelineOwnerInvitation' THEN
                    SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;
                    RETURN;
                END IF;
                SELECT * INTO i FROM guideline_owner_invitation WHERE id = s_id;
                IF i.id IS NULL THEN
                    party_ids := '{}'; sector_ids := '{}';
                    RETURN;
                END IF;
                SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids
                  FROM domain_event_scope_before_owner_invitations('Guideline', i.guideline_id) b;
                party_ids := array_append(array_remove(coalesce(party_ids, '{}'), i.invited_party_id), i.invited_party_id);
                sector_ids := coalesce(sector_ids, '{}');
            END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION domain_event_scope(text, uuid)`);
    await queryRunner.query(
      `ALTER FUNCTION domain_event_scope_before_owner_invitations(text, uuid) RENAME TO domain_event_scope`,
    );
    await queryRunner.query(`DELETE FROM "domain_event" WHERE "subject_type" = 'GuidelineOwnerInvitation'`);
    await queryRunner.query(`DELETE FROM "inbox_read" WHERE "item_key" LIKE 'GUIDELINE_OWNERSHIP_INVITATION:%'`);
    await queryRunner.query(`DROP TABLE "guideline_owner_invitation"`);
    await queryRunner.query(`DROP TYPE "public"."guideline_owner_invitation_status"`);
  }
}
