import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The grants that derive from one party's duty, with the party they now go to and the kind they went to. */
const MOVED: { key: string; party: string; kind: string }[] = [
  { key: 'vws-read-all-internal', party: 'vws', kind: 'MINISTRY' },
  { key: 'vws-view-all-audit', party: 'vws', kind: 'MINISTRY' },
  { key: 'vws-manage-programmes', party: 'vws', kind: 'MINISTRY' },
  { key: 'vws-assign-agenda-coordinators', party: 'vws', kind: 'MINISTRY' },
  { key: 'zin-publish-assessments', party: 'zorginstituut', kind: 'PACKAGE_MANAGER' },
  { key: 'zin-coordinate-agendas', party: 'zorginstituut', kind: 'PACKAGE_MANAGER' },
  { key: 'zin-confirm-links', party: 'zorginstituut', kind: 'PACKAGE_MANAGER' },
  { key: 'zin-resolve-link-disputes', party: 'zorginstituut', kind: 'PACKAGE_MANAGER' },
  { key: 'zin-manage-synergy-trajectories', party: 'zorginstituut', kind: 'PACKAGE_MANAGER' },
  { key: 'funder-manage-projects', party: 'zonmw', kind: 'RESEARCH_FUNDER' },
];

/**
 * A grant derived from a duty the documents give one party (VWS, Zorginstituut, ZonMw: the responsibility names
 * the party) goes to that party, not to its kind: the kind also holds Financiën, OCW and the historical WVC and
 * CVZ, whose members got VWS's or Zorginstituut's powers (reading every draft, managing VWS's programmes,
 * confirming Zorginstituut's side of a link) and made package signals unanswerable once CVZ had a member. The
 * seed (capability-grants.json) says the same for new databases; here the rows of an existing one are moved,
 * only where they are still as seeded, so a grant an operator changed stays theirs. The grants' version
 * trigger makes every instance read them again.
 */
export class SingleDutyGrants1800002890000 implements MigrationInterface {
  name = 'SingleDutyGrants1800002890000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const grant of MOVED)
      await queryRunner.query(
        `UPDATE capability_grant g SET grantee = 'PARTY', party_kind = NULL, party_id = p.id
           FROM party p
          WHERE p.key = $1 AND g.key = $2 AND g.grantee = 'PARTY_KIND' AND g.party_kind = $3`,
        [grant.party, grant.key, grant.kind],
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const grant of MOVED)
      await queryRunner.query(
        `UPDATE capability_grant g SET grantee = 'PARTY_KIND', party_kind = $3, party_id = NULL
           FROM party p
          WHERE p.key = $1 AND g.key = $2 AND g.grantee = 'PARTY' AND g.party_id = p.id`,
        [grant.party, grant.key, grant.kind],
      );
  }
}
