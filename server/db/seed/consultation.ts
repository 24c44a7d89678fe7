import type { DataSource, EntityManager } from 'typeorm';

/**
 * Demo consultation (synthetic, marked so): a round on the seeded huisartsenzorg agenda's draft and a
 * draft standpunt with a round of its own, so a new user can walk the flow (contribute as an invited
 * party, answer as Zorginstituut, conclude). The documents describe consultation but name no round.
 */
export const consultationDemo = {
  assessment: {
    key: 'demo-concept-standpunt-e-health-depressie',
    title: 'Concept-standpunt (demo): begeleide e-health bij lichte depressie',
    indication: 'Lichte depressieve klachten (demo)',
    verdicts: [
      { criterionKey: 'effectiviteit', verdict: 'PARTLY_MET', explanation: 'Demo: beperkt bewijs op lange termijn.' },
      { criterionKey: 'kosteneffectiviteit', verdict: 'NOT_ASSESSED', explanation: null },
    ],
  },
  rounds: [
    {
      key: 'demo-consultatie-onderzoeksagenda-huisartsenzorg',
      agendaKey: 'onderzoeksagenda-huisartsenzorg',
      question: 'Demo: ontbreken er kennisvragen op deze conceptagenda, en welke zijn voor uw achterban het urgentst?',
      invitedPartyKinds: ['PATIENT_ORGANISATION', 'INSURER', 'SCIENTIFIC_ASSOCIATION', 'PROFESSIONAL_ASSOCIATION'],
    },
    {
      key: 'demo-consultatie-concept-standpunt-e-health',
      assessmentKey: 'demo-concept-standpunt-e-health-depressie',
      question:
        'Demo: wat zijn de organisatorische en financiële gevolgen en het patiëntperspectief bij dit concept-standpunt?',
      invitedPartyKinds: ['PATIENT_ORGANISATION', 'INSURER', 'PROVIDER_ASSOCIATION', 'SCIENTIFIC_ASSOCIATION'],
    },
  ],
  /** Days a demo round stays open after seeding. */
  openDays: 90,
};

async function idOf(manager: EntityManager, table: string, key: string): Promise<string> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM ${table} WHERE key = $1`, [key]);
  if (!rows[0]) throw new Error(`Consultation seed refers to unknown ${table} "${key}"`);
  return rows[0].id;
}

/** Inserts what is missing by key (idempotent). Needs the document, research and synergy seeds first. */
export async function seedConsultationDemo(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const zin = await idOf(manager, 'party', 'zorginstituut');
    const a = consultationDemo.assessment;
    const [inserted]: { id: string }[] = await manager.query(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, indication, outcome, published, synthetic)
       VALUES ($1, $2, 'STANDPUNT', $3, $4, 'UNDER_ASSESSMENT', false, true)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [a.key, a.title, zin, a.indication],
    );
    if (inserted)
      for (const v of a.verdicts)
        await manager.query(
          `INSERT INTO assessment_criterion_verdict (assessment_id, criterion_id, verdict, explanation) VALUES ($1, $2, $3, $4)`,
          [inserted.id, await idOf(manager, 'package_criterion', v.criterionKey), v.verdict, v.explanation],
        );

    for (const r of consultationDemo.rounds) {
      const exists: unknown[] = await manager.query('SELECT 1 FROM consultation_round WHERE key = $1', [r.key]);
      if (exists.length > 0) continue;
      let target: { kind: string; column: string; id: string; owner: string };
      if ('agendaKey' in r && r.agendaKey) {
        const [row]: { id: string; coordinator_party_id: string }[] = await manager.query(
          `SELECT v.id, a.coordinator_party_id FROM research_agenda a
             JOIN research_agenda_version v ON v.agenda_id = a.id
            WHERE a.key = $1 ORDER BY v.number DESC LIMIT 1`,
          [r.agendaKey],
        );
        if (!row) throw new Error(`Consultation seed refers to unknown agenda "${r.agendaKey}"`);
        target = { kind: 'AGENDA_VERSION', column: 'agenda_version_id', id: row.id, owner: row.coordinator_party_id };
      } else {
        const id = await idOf(manager, 'package_assessment', r.assessmentKey!);
        target = { kind: 'PACKAGE_ASSESSMENT', column: 'assessment_id', id, owner: zin };
      }
      const [round]: { id: string }[] = await manager.query(
        `INSERT INTO consultation_round (key, synthetic, target_kind, ${target.column}, owner_party_id, question,
                                         opens_at, closes_at, invited_party_kinds)
         VALUES ($1, true, $2, $3, $4, $5, now(), now() + make_interval(days => $6), $7::party_kind[])
         RETURNING id`,
        [r.key, target.kind, target.id, target.owner, r.question, consultationDemo.openDays, r.invitedPartyKinds],
      );
      await manager.query(
        `INSERT INTO consultation_round_party (round_id, party_id)
         SELECT $1, id FROM party WHERE kind = ANY($2::party_kind[]) AND id <> $3`,
        [round!.id, r.invitedPartyKinds, target.owner],
      );
    }
  });
}
