import type { DataSource } from 'typeorm';

/**
 * The rest of the national-scale benchmark volume, in a few set-based statements: synthetic parties up to
 * a total, one synthetic sector beside the documented ones, deliverables with milestones, owners, sectors
 * and status updates, and audit events. Deterministic: ids are md5 of the key, every value derives from
 * the row number, so two runs build the same rows; idempotent (ON CONFLICT DO NOTHING). Every record is
 * marked synthetic and keyed `synthetic-…`. Never loaded by the normal seed; `npm run bench` loads it.
 */
export interface NationalVolumeOptions {
  /** Parties in total, documented ones included. */
  parties: number;
  /** Sectors in total; the missing ones are added as synthetic sectors. */
  sectors: number;
  deliverables: number;
  milestonesPerDeliverable: number;
  auditEvents: number;
}

export const DEFAULT_NATIONAL_VOLUME: NationalVolumeOptions = {
  parties: 300,
  sectors: 10,
  deliverables: 2_000,
  milestonesPerDeliverable: 5,
  auditEvents: 100_000,
};

/** Parties and sectors: load these before the research and synergy volume, so they use them too. */
export async function loadNationalReferenceVolume(
  dataSource: DataSource,
  options: Pick<NationalVolumeOptions, 'parties' | 'sectors'> = DEFAULT_NATIONAL_VOLUME,
): Promise<{ parties: number; sectors: number }> {
  return dataSource.transaction(async (manager) => {
    const kinds = `(enum_range(NULL::party_kind))[3 + i % 8]`; // funders … knowledge institutes, cycling
    await manager.query(
      `INSERT INTO party (id, key, name, short_name, kind, synthetic)
       SELECT md5('synthetic-party-' || i)::uuid, 'synthetic-party-' || i, 'Synthetische partij ' || i,
              'SP' || i, ${kinds}, true
       FROM generate_series(1, GREATEST(0, $1::int - (SELECT count(*)::int FROM party WHERE NOT synthetic))) AS i
       ON CONFLICT DO NOTHING`,
      [options.parties],
    );
    await manager.query(
      `INSERT INTO sector (id, key, name_nl, name_en, law, maturity, synthetic)
       SELECT md5('synthetic-sector-' || i)::uuid, 'synthetic-sector-' || i, 'Synthetische sector ' || i,
              'Synthetic sector ' || i, t.law, t.maturity, true
       FROM generate_series(1, GREATEST(0, $1::int - (SELECT count(*)::int FROM sector WHERE NOT synthetic))) AS i,
            (SELECT law, maturity FROM sector ORDER BY key LIMIT 1) AS t
       ON CONFLICT DO NOTHING`,
      [options.sectors],
    );
    const [counts] = await manager.query(
      'SELECT (SELECT count(*)::int FROM party) AS parties, (SELECT count(*)::int FROM sector) AS sectors',
    );
    return counts as { parties: number; sectors: number };
  });
}

/** Deliverables (with milestones, owners, sectors, a status update each) and audit events. */
export async function loadNationalVolume(
  dataSource: DataSource,
  options: NationalVolumeOptions = DEFAULT_NATIONAL_VOLUME,
): Promise<{ deliverables: number; milestones: number; auditEvents: number }> {
  return dataSource.transaction(async (manager) => {
    // Due dates from 2024 to 2028 around "today", so some are overdue and some are due soon.
    await manager.query(
      `INSERT INTO deliverable (id, key, synthetic, kind, title, status, status_as_of, due_label, due_earliest,
                                due_latest, due_precision, confidence)
       SELECT md5('synthetic-deliverable-' || i)::uuid, 'synthetic-deliverable-' || i, true,
              (enum_range(NULL::deliverable_kind))[1 + (i % 10 = 0)::int],
              'Synthetisch opleverpunt ' || i,
              (enum_range(NULL::deliverable_status))[1 + i % 5],
              DATE '2026-01-01' + (i % 300),
              to_char(d, 'YYYY-MM-DD'), d, d, 'DAY', 'MEDIUM'
       FROM generate_series(1, $1::int) AS i, LATERAL (SELECT DATE '2024-01-01' + (i * 7919) % 1800 AS d) AS due
       ON CONFLICT DO NOTHING`,
      [options.deliverables],
    );
    const deliverables = `FROM deliverable d JOIN LATERAL (SELECT substring(d.key FROM '[0-9]+$')::int AS i) n ON true
       WHERE d.key LIKE 'synthetic-deliverable-%'`;
    await manager.query(
      `INSERT INTO deliverable_owner (deliverable_id, party_id)
       SELECT d.id, p.id ${deliverables}
         AND p.rn IN (1 + n.i % p.total, 1 + (n.i * 31) % p.total)
       ON CONFLICT DO NOTHING`.replace(
        'FROM deliverable d',
        `FROM (SELECT id, row_number() OVER (ORDER BY key) AS rn, count(*) OVER () AS total FROM party) p,
              deliverable d`,
      ),
    );
    await manager.query(
      `INSERT INTO deliverable_sector (deliverable_id, sector_id)
       SELECT d.id, s.id ${deliverables} AND s.rn = 1 + n.i % s.total
       ON CONFLICT DO NOTHING`.replace(
        'FROM deliverable d',
        `FROM (SELECT id, row_number() OVER (ORDER BY key) AS rn, count(*) OVER () AS total FROM sector) s,
              deliverable d`,
      ),
    );
    await manager.query(
      `INSERT INTO milestone (id, deliverable_id, title, due_label, due_earliest, due_latest, due_precision,
                              confidence, completed_at)
       SELECT md5(d.key || '-milestone-' || m)::uuid, d.id, 'Mijlpaal ' || m, to_char(due, 'YYYY-MM-DD'), due, due,
              'DAY', 'HIGH', CASE WHEN (n.i + m) % 3 = 0 THEN due::timestamptz END
       ${deliverables.replace('ON true', 'ON true CROSS JOIN generate_series(1, $1::int) AS m CROSS JOIN LATERAL (SELECT d.due_earliest - (($1::int - m) * 30) AS due) AS md')}
       ON CONFLICT DO NOTHING`,
      [options.milestonesPerDeliverable],
    );
    await manager.query(
      `INSERT INTO status_update (id, deliverable_id, health, text, status, posted_at)
       SELECT md5(d.key || '-update')::uuid, d.id, (enum_range(NULL::deliverable_health))[1 + n.i % 3],
              'Synthetische voortgangsmelding', d.status, TIMESTAMPTZ '2026-01-01' + (n.i % 300) * INTERVAL '1 day'
       ${deliverables}
       ON CONFLICT DO NOTHING`,
    );
    // Audit events are append-only; INSERT is the one thing the table allows.
    await manager.query(
      `INSERT INTO audit_event (id, occurred_at, entity_type, entity_id, action, changes, acting_party_id)
       SELECT md5('synthetic-audit-' || i)::uuid, TIMESTAMPTZ '2025-01-01' + i * INTERVAL '5 minutes',
              'Deliverable', md5('synthetic-deliverable-' || (1 + i % $2::int))::uuid, 'UPDATE',
              '[{"field":"status","from":"PLANNED","to":"IN_PROGRESS"}]'::jsonb,
              md5('synthetic-party-' || (1 + i % 200))::uuid
       FROM generate_series(1, $1::int) AS i
       WHERE NOT EXISTS (SELECT 1 FROM audit_event WHERE id = md5('synthetic-audit-1')::uuid)`,
      [options.auditEvents, Math.max(1, options.deliverables)],
    );
    const [counts] = await manager.query(
      `SELECT (SELECT count(*)::int FROM deliverable) AS deliverables, (SELECT count(*)::int FROM milestone) AS milestones,
              (SELECT count(*)::int FROM audit_event) AS "auditEvents"`,
    );
    return counts as { deliverables: number; milestones: number; auditEvents: number };
  });
}
