import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook endpoint's URL may carry a token in its query, and the audit trail showed it to everyone who
 * reads the party's audit events, who may not see the endpoint. New entries record only that the URL
 * changed, as for the secret (server/services/events/webhooks/webhook.service.ts); this hides it in the
 * entries written before. Only the URL's values change: the append-only trigger is set aside for this one
 * statement, in the migration's transaction.
 */
export class WebhookUrlsHiddenInTheAuditTrail1800002500001 implements MigrationInterface {
  name = 'WebhookUrlsHiddenInTheAuditTrail1800002500001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_no_update_or_delete"`);
    await queryRunner.query(
      `UPDATE "audit_event" e
          SET "changes" = (
                SELECT jsonb_agg(
                         CASE WHEN c ->> 'field' = 'url'
                              THEN jsonb_build_object(
                                     'field', 'url',
                                     'before', CASE WHEN coalesce(c -> 'before', 'null') = 'null' THEN 'null'::jsonb
                                                    ELSE '"(hidden)"'::jsonb END,
                                     'after', CASE WHEN coalesce(c -> 'after', 'null') = 'null' THEN 'null'::jsonb
                                                   ELSE '"(hidden)"'::jsonb END)
                              ELSE c END
                         ORDER BY n)
                  FROM jsonb_array_elements(e."changes") WITH ORDINALITY AS x(c, n))
        WHERE e."entity_type" = 'WebhookEndpoint' AND e."changes" @> '[{"field": "url"}]'`,
    );
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_no_update_or_delete"`);
  }

  public async down(): Promise<void> {
    // The URLs were a leak; nothing to put back.
  }
}
