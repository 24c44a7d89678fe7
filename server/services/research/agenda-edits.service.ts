import type { DataSource, EntityManager } from 'typeorm';
import { Party, ResearchAgenda, Sector } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { AgendaKind } from '../../../entities/research.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { UpdateResearchAgendaInput } from '../../../schema/inputs/edits.input';
import type { Policy } from '../../auth/policy';
import { assertAgendaManager, partyCoordinates } from '../../auth/research.access';
import { BadUserInputError } from '../../errors';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { spanFromInput } from '../../shared/fuzzy-dates';
import { lockForChange, saveNewVersion } from '../../shared/versioning';

/**
 * Edits of an agenda itself (not its items): title and period by whoever manages it (the coordinator,
 * or the association for its own knowledge agenda); the coordinator only by VWS and operators, since
 * who coordinates is part of the division of roles VWS describes.
 */
export class AgendaEditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new coordinator takes over the agenda's work in progress: its rounds not yet concluded, and its calls
   * still open or with submissions not yet placed. Both are decided by the coordinator acting now, so left
   * with the former one they could never be closed, answered, concluded or placed, and the version never
   * adopted. Concluded rounds and finished calls keep who ran them.
   */
  private async handOver(
    manager: EntityManager,
    agenda: ResearchAgenda,
    to: string,
    actingPartyId: string | null,
  ): Promise<void> {
    // The association runs its own knowledge agenda's rounds and calls, whoever coordinates it.
    if (agenda.kind === AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA && agenda.ownerPartyId) return;
    const from = agenda.coordinatorPartyId!;
    const rounds: { id: string }[] = (
      await manager.query(
        `UPDATE consultation_round r SET owner_party_id = $3, version = r.version + 1, updated_at = now()
                 FROM research_agenda_version v
                WHERE v.id = r.agenda_version_id AND v.agenda_id = $1 AND r.owner_party_id = $2 AND r.concluded_at IS NULL
            RETURNING r.id`,
        [agenda.id, from, to],
      )
    )[0];
    const calls: { id: string }[] = (
      await manager.query(
        `UPDATE topic_call c SET coordinator_party_id = $3, updated_at = now()
          WHERE c.agenda_id = $1 AND c.coordinator_party_id = $2
            AND (c.closes_at > now() OR EXISTS (SELECT 1 FROM topic_call_submission s WHERE s.call_id = c.id AND s.placed_at IS NULL))
      RETURNING c.id`,
        [agenda.id, from, to],
      )
    )[0];
    // An owner is never among those it consults (invite() leaves it out): the new one's invitations go.
    await manager.query('DELETE FROM consultation_round_party WHERE round_id = ANY($1) AND party_id = $2', [
      rounds.map((r) => r.id),
      to,
    ]);
    await manager.query('DELETE FROM topic_call_party WHERE call_id = ANY($1) AND party_id = $2', [
      calls.map((c) => c.id),
      to,
    ]);
    for (const [entityType, rows, field] of [
      ['ConsultationRound', rounds, 'ownerPartyId'],
      ['TopicCall', calls, 'coordinatorPartyId'],
    ] as const)
      for (const { id } of rows)
        await this.audit.record(manager, {
          entityType,
          entityId: id,
          action: 'UPDATE',
          ownerPartyId: to,
          actingPartyId,
          changes: [{ field, before: from, after: to }],
        });
  }

  /**
   * VWS names a party that coordinates agendas of this agenda's sector (the coordinator rule of
   * research.access.ts): one without that right could not act on the agenda, and then nobody but VWS could.
   */
  private async assertCanCoordinate(manager: EntityManager, agenda: ResearchAgenda, partyId: string): Promise<void> {
    const party = await manager.findOneBy(Party, { id: partyId });
    if (!party) throw new BadUserInputError('No party with this id.', 'input.coordinatorPartyId');
    if (partyId === agenda.coordinatorPartyId || (await partyCoordinates(manager, party, agenda.sectorId))) return;
    const sector = agenda.sectorId ? await manager.findOneBy(Sector, { id: agenda.sectorId }) : null;
    throw new BadUserInputError(
      `${party.name} does not coordinate agendas for ${sector ? `the sector ${sector.nameNl}` : 'all sectors (a cross-sector agenda)'}; name a party that does.`,
      'input.coordinatorPartyId',
    );
  }

  async update(input: UpdateResearchAgendaInput): Promise<ResearchAgenda> {
    const agendaId = decodeIdOf('ResearchAgenda', input.agendaId, 'input.agendaId');
    const coordinatorPartyId = input.coordinatorPartyId
      ? decodeIdOf('Party', input.coordinatorPartyId, 'input.coordinatorPartyId')
      : undefined;
    if (input.coordinatorPartyId === null)
      throw new BadUserInputError(
        'An agenda keeps a coordinating party; name another one.',
        'input.coordinatorPartyId',
      );
    const period = input.period ? spanFromInput(input.period, 'input.period') : undefined;
    if (!input.title && !period && coordinatorPartyId === undefined)
      throw new BadUserInputError('Give what to change: title, period or coordinatorPartyId.', 'input');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        ResearchAgenda,
        agendaId,
        input.version,
        'research agenda',
        async (agenda) => {
          let acting: string | null = null;
          if (coordinatorPartyId !== undefined)
            acting = await this.policy.assert(
              Capability.ASSIGN_AGENDA_COORDINATORS,
              null,
              'name the coordinator of an agenda',
            );
          // Title and period are the coordinator's; with neither, naming a coordinator was checked above.
          if (input.title || period || acting === null)
            acting = await assertAgendaManager(this.policy, agenda, 'edit this agenda');
          return acting;
        },
      );
      if (coordinatorPartyId) await this.assertCanCoordinate(manager, current, coordinatorPartyId);
      const changes: Partial<ResearchAgenda> = {};
      if (input.title) changes.title = input.title.trim();
      if (period) changes.period = period as ResearchAgenda['period'];
      if (coordinatorPartyId) changes.coordinatorPartyId = coordinatorPartyId;
      const changed = changesBetween(current, { ...current, ...changes } as ResearchAgenda, [
        'title',
        'period',
        'coordinatorPartyId',
      ]);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, ResearchAgenda, current, changes);
      await this.audit.record(manager, {
        entityType: 'ResearchAgenda',
        entityId: agendaId,
        action: 'UPDATE',
        ownerPartyId: saved.ownerPartyId ?? saved.coordinatorPartyId,
        actingPartyId,
        changes: changed,
      });
      if (coordinatorPartyId && current.coordinatorPartyId && coordinatorPartyId !== current.coordinatorPartyId)
        await this.handOver(manager, current, coordinatorPartyId, actingPartyId);
      return saved;
    });
  }
}
