import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The package signal branch of domain_event_scope as PackageSignals wrote it (kept as domain_event_scope_before_perspectives). */
const SIGNAL_BRANCH_BEFORE = `
                    WHEN s_type = 'PackageSignal' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_perspectives(s_type, s_id) b;`;

/**
 * A signal's events name its raising party, its addressee and its ACCEPTED co-signers; its PENDING invitees are
 * told without being named (`invited_party_ids`), as the associations invited to co-own a guideline are: they read
 * the signal to decide, but only the raising party and they themselves see that they were asked.
 */
const SIGNAL_BRANCH = `
                    WHEN s_type = 'PackageSignal' THEN
                        SELECT array_cat(ARRAY[s.raising_party_id, s.addressee_party_id],
                                         ARRAY(SELECT c.party_id FROM package_signal_co_signer c
                                                WHERE c.signal_id = s.id AND c.status = 'ACCEPTED' ORDER BY 1)),
                               coalesce(array_remove(ARRAY[s.sector_id], NULL), '{}'),
                               ARRAY(SELECT c.party_id FROM package_signal_co_signer c
                                      WHERE c.signal_id = s.id AND c.status = 'PENDING' ORDER BY 1)
                          INTO party_ids, sector_ids, invited_party_ids
                          FROM package_signal s WHERE s.id = s_id;
                        party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
                        invited_party_ids := coalesce(invited_party_ids, '{}');`;

/** domain_event_scope as InvitedPartiesInEventScope wrote it, with `signalBranch` for package signals. */
const scopeFunction = (signalBranch: string) => `
            CREATE OR REPLACE FUNCTION domain_event_scope(s_type text, s_id uuid, OUT party_ids uuid[], OUT sector_ids uuid[],
                                                          OUT invited_party_ids uuid[])
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                i record;
                p record;
                g_id uuid;
            BEGIN
                invited_party_ids := '{}';
                CASE
                    -- Read by the owners and the invited party only: no other invitee is told of it.
                    WHEN s_type = 'GuidelineOwnerInvitation' THEN
                        SELECT * INTO i FROM guideline_owner_invitation WHERE id = s_id;
                        IF i.id IS NULL THEN
                            party_ids := '{}'; sector_ids := '{}';
                            RETURN;
                        END IF;
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base('Guideline', i.guideline_id) b;
                        party_ids := array_append(array_remove(coalesce(party_ids, '{}'), i.invited_party_id), i.invited_party_id);
                        sector_ids := coalesce(sector_ids, '{}');
                    WHEN s_type = 'Guideline' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                        g_id := s_id;
                    -- domain_event_scope_base's link branch, keeping the guideline it reads.
                    WHEN s_type = 'SynergyLink' THEN
                        SELECT l.guideline_id,
                               array_cat(coalesce((SELECT array_agg(party_id) FROM guideline_owner WHERE guideline_id = l.guideline_id), '{}'), ARRAY[a.assessor_party_id]),
                               array_cat(coalesce((SELECT array_agg(sector_id) FROM guideline_sector WHERE guideline_id = l.guideline_id), '{}'),
                                         coalesce(array_remove(ARRAY[a.sector_id], NULL), '{}'))
                          INTO g_id, party_ids, sector_ids
                          FROM synergy_link l JOIN package_assessment a ON a.id = l.assessment_id WHERE l.id = s_id;
                        party_ids := coalesce(party_ids, '{}'); sector_ids := coalesce(sector_ids, '{}');
                    WHEN s_type = 'Perspective' THEN
                        SELECT * INTO p FROM perspective WHERE id = s_id;
                        IF p.target_kind IN ('GUIDELINE', 'SYNERGY_LINK') THEN
                            -- Its target's scope (with the invitees of the target's guideline) and its own party.
                            SELECT t.party_ids, t.sector_ids, t.invited_party_ids INTO party_ids, sector_ids, invited_party_ids
                              FROM domain_event_scope(CASE p.target_kind WHEN 'GUIDELINE' THEN 'Guideline' ELSE 'SynergyLink' END, p.target_id) t;
                            party_ids := array_append(party_ids, p.party_id);
                            invited_party_ids := array_remove(invited_party_ids, p.party_id);
                            RETURN;
                        END IF;
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_owner_invitations(s_type, s_id) b;${signalBranch}
                    WHEN s_type = 'TopicCall' THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_before_signals(s_type, s_id) b;
                    WHEN s_type IN ('ConsultationRound', 'Contribution') THEN
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_consultation(s_type, s_id) b;
                    ELSE
                        SELECT b.party_ids, b.sector_ids INTO party_ids, sector_ids FROM domain_event_scope_base(s_type, s_id) b;
                END CASE;
                IF g_id IS NOT NULL THEN
                    invited_party_ids := ARRAY(SELECT gi.invited_party_id FROM guideline_owner_invitation gi
                         WHERE gi.guideline_id = g_id AND gi.status = 'PENDING' AND gi.invited_party_id <> ALL(party_ids)
                         ORDER BY 1);
                END IF;
            END
            $$
        `;

/**
 * Co-signing a package signal by consent: a party the raising party names is PENDING until an editor of it
 * accepts or declines, and only ACCEPTED co-signers are the signal's co-signers (listed, in its events' parties).
 * A PENDING one reads the signal to decide and is told of its events as an invitee; a DECLINED or WITHDRAWN one
 * reads it no longer (PackageSignalAccess).
 *
 * Existing rows become PENDING: none of them was agreed to by the party named, so marking them ACCEPTED would
 * keep showing a party as having signed what it never saw. PENDING takes nothing away (the party still reads the
 * signal, as before), stops naming it as a signer, and for an OPEN signal asks it now (its inbox); for an answered
 * or withdrawn one it can still decline. `invited_at` of those rows is when their signal was raised. The events
 * already written keep the scope they were written with; every reader is still asked the read rule at delivery.
 */
export class ConsensualCoSigners1800002990000 implements MigrationInterface {
  name = 'ConsensualCoSigners1800002990000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."package_signal_co_signer_status" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD "status" "public"."package_signal_co_signer_status" NOT NULL DEFAULT 'PENDING'`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `UPDATE "package_signal_co_signer" c SET "invited_at" = s."created_at" FROM "package_signal" s WHERE s."id" = c."signal_id"`,
    );
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" ADD "decided_by_user_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_60b4d63e145a738b28dc765219" ON "package_signal_co_signer"  ("decided_by_user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD CONSTRAINT "package_signal_co_signer_decided" CHECK (("status" = 'PENDING') = ("decided_at" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" ADD CONSTRAINT "FK_60b4d63e145a738b28dc765219b" FOREIGN KEY ("decided_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(scopeFunction(SIGNAL_BRANCH));
  }

  /**
   * Before this every row co-signed: DECLINED and WITHDRAWN rows go (they would be read as signers again), PENDING
   * and ACCEPTED ones stay.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(scopeFunction(SIGNAL_BRANCH_BEFORE));
    await queryRunner.query(`DELETE FROM "package_signal_co_signer" WHERE "status" IN ('DECLINED', 'WITHDRAWN')`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" DROP CONSTRAINT "FK_60b4d63e145a738b28dc765219b"`);
    await queryRunner.query(
      `ALTER TABLE "package_signal_co_signer" DROP CONSTRAINT "package_signal_co_signer_decided"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_60b4d63e145a738b28dc765219"`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" DROP COLUMN "decided_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" DROP COLUMN "decided_at"`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" DROP COLUMN "invited_at"`);
    await queryRunner.query(`ALTER TABLE "package_signal_co_signer" DROP COLUMN "status"`);
    await queryRunner.query(`DROP TYPE "public"."package_signal_co_signer_status"`);
  }
}
