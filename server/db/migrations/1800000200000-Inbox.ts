import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each person marked read in their party's inbox (inbox, “wat wacht op ons”). The items themselves
 * are computed from the records; a key names an item and the moment it began waiting, so an item that
 * starts waiting again (a link back on NEEDS_REVIEW) is unread again.
 */
export class Inbox1800000200000 implements MigrationInterface {
  name = 'Inbox1800000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "inbox_read" (
                "user_id" uuid NOT NULL,
                "item_key" text NOT NULL,
                "read_at" timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT "PK_inbox_read" PRIMARY KEY ("user_id", "item_key"),
                CONSTRAINT "FK_inbox_read_user" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "inbox_read"
            FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_data_change()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "inbox_read"`);
  }
}
