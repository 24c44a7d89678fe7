import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every table tells listeners that it changed (channel `iza_data_changed`, payload: the table), once
 * per statement, delivered at commit. The response cache starts a new epoch on each notification
 * (server/cache/data-changes.ts). Tables added by later migrations need the same trigger; a test
 * checks that every table has it.
 */
export class DataChangeNotifications1796300000000 implements MigrationInterface {
  name = 'DataChangeNotifications1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION "iza_notify_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('iza_data_changed', TG_TABLE_NAME);
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            DO $$
            DECLARE t record;
            BEGIN
                FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
                    EXECUTE format(
                        'CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                         FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()', t.tablename);
                END LOOP;
            END $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DO $$
            DECLARE t record;
            BEGIN
                FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                          WHERE g.tgname = 'iza_data_change' LOOP
                    EXECUTE format('DROP TRIGGER "iza_data_change" ON %I', t.relname);
                END LOOP;
            END $$
        `);
    await queryRunner.query(`DROP FUNCTION "iza_notify_data_change"()`);
  }
}
