import type { EntityManager } from 'typeorm';
import type { ResearchAgenda } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { AgendaKind } from '../../entities/research.enums';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Policy } from './policy';

/**
 * The coordinators of the agendas whose adopted version holds a question ($1), with each agenda's
 * sector. Drafts and consultation versions do not count: anyone who coordinates some agenda could put
 * another party's question on its own draft, and that must give no power over the question.
 */
export const QUESTION_COORDINATORS_SQL = `SELECT DISTINCT a.coordinator_party_id AS party_id, a.sector_id
   FROM agenda_item i
   JOIN research_agenda_version v ON v.id = i.version_id
   JOIN research_agenda a ON a.id = v.agenda_id
  WHERE i.question_id = $1 AND v.status = 'ADOPTED' AND a.coordinator_party_id IS NOT NULL`;

/**
 * Only the coordinating party acts on an agenda: Zorginstituut on the agendas it coordinates, ZE&GG on
 * msz agendas (its grant is bound to that sector). A grant over every party does not reach another
 * coordinator's agenda. Returns the acting party.
 */
export async function assertAgendaCoordinator(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'coordinatorPartyId' | 'sectorId'>,
  what: string,
): Promise<string | null> {
  if (!policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
  const { allowed, actingPartyId } = await policy.check(
    Capability.COORDINATE_AGENDAS,
    agenda.coordinatorPartyId,
    agenda.sectorId,
  );
  if (!allowed)
    throw new ForbiddenError(`Your memberships do not allow you to ${what} (needs ${Capability.COORDINATE_AGENDAS}).`);
  if (!policy.viewer.isOperator && actingPartyId !== agenda.coordinatorPartyId)
    throw new ForbiddenError(`Only members of the coordinating party may ${what}.`);
  return actingPartyId;
}

/**
 * Who acts on an agenda: an association maintains (and adopts) its own knowledge agenda, as the
 * documents leave that to the associations themselves; every other agenda is its coordinator's.
 */
export function assertAgendaManager(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'kind' | 'ownerPartyId' | 'coordinatorPartyId' | 'sectorId'>,
  what: string,
): Promise<string | null> {
  if (agenda.kind === AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA && agenda.ownerPartyId)
    return policy.assert(Capability.MAINTAIN_KNOWLEDGE_AGENDA, agenda.ownerPartyId, what);
  return assertAgendaCoordinator(policy, agenda, what);
}

/**
 * Creating an agenda: an association creates its own knowledge agenda and coordinates it itself (it may
 * not name another party, which would hand that party the questions on it); other agendas are created
 * by the party that will coordinate them, within the sector its grant covers.
 */
export async function assertAgendaCreator(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'kind' | 'ownerPartyId' | 'coordinatorPartyId' | 'sectorId'>,
): Promise<string | null> {
  if (agenda.kind === AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA) {
    const actingPartyId = await policy.assert(
      Capability.MAINTAIN_KNOWLEDGE_AGENDA,
      agenda.ownerPartyId,
      "maintain this association's knowledge agenda",
    );
    if (agenda.coordinatorPartyId !== agenda.ownerPartyId)
      throw new ForbiddenError('An association coordinates its own knowledge agenda; it cannot name another party.');
    return actingPartyId;
  }
  return assertAgendaCoordinator(policy, agenda, 'coordinate agendas for this party in this sector');
}

/**
 * Coordinators act on a question (status, score, merge): members of a party that coordinates an agenda
 * whose adopted version holds it, within the sector its grant covers; or a coordinator whose grant
 * reaches every party (Zorginstituut). Reads the agendas in the caller's transaction.
 */
export async function assertQuestionCoordinator(
  policy: Policy,
  manager: EntityManager,
  questionId: string,
  what: string,
): Promise<string | null> {
  if (policy.viewer.isAuthenticated) {
    const rows: { party_id: string; sector_id: string | null }[] = await manager.query(QUESTION_COORDINATORS_SQL, [
      questionId,
    ]);
    for (const row of rows) {
      const check = await policy.check(Capability.COORDINATE_AGENDAS, row.party_id, row.sector_id);
      if (check.allowed && check.actingPartyId === row.party_id) return check.actingPartyId;
    }
  }
  return policy.assert(Capability.COORDINATE_AGENDAS, null, what);
}

/**
 * A funder registers (and manages) projects in its own name: the acting membership must be the funder's,
 * not a grant that reaches every party.
 */
export async function assertFunder(policy: Policy, funderPartyId: string, what: string): Promise<string> {
  if (!policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
  const { allowed, actingPartyId } = await policy.check(Capability.MANAGE_RESEARCH_PROJECTS, funderPartyId);
  if (!allowed)
    throw new ForbiddenError(
      `Your memberships do not allow you to ${what} (needs ${Capability.MANAGE_RESEARCH_PROJECTS}).`,
    );
  if (actingPartyId !== funderPartyId)
    throw new ForbiddenError(`A funder registers projects in its own name only; you may not ${what}.`);
  return actingPartyId;
}
