import type { EntityManager } from 'typeorm';
import type { Party, ResearchAgenda, ResearchAgendaVersion, ResearchProject } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { MembershipRole } from '../../entities/membership-role.enum';
import { AgendaKind, AgendaStatus, ProjectStatus } from '../../entities/research.enums';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import { ConsultationTargetKind } from '../../entities/consultation.enums';
import { CONSULTED_SQL, type ConsultationAccess } from './consultation.access';
import { partiesHolding, type Policy } from './policy';

/**
 * Who may read and change records of the research domain (agendas, their versions and items, questions,
 * projects). Questions and projects are public; agenda versions are drafts until adopted.
 */

/** Versions anybody may read; the others (DRAFT, CONSULTATION) are drafts. */
export const PUBLIC_AGENDA_STATUSES: readonly AgendaStatus[] = [AgendaStatus.ADOPTED, AgendaStatus.ARCHIVED];

export function isDraftAgendaVersion(version: Pick<ResearchAgendaVersion, 'status'>): boolean {
  return !PUBLIC_AGENDA_STATUSES.includes(version.status);
}

/**
 * SQL twin of `ResearchAccess.canReadAgendaVersion` over a research_agenda_version row: not a draft, or
 * the viewer reads the agenda's drafts (`drafts`, the bound result of `canReadAgendaDrafts` for the
 * version's agenda), or a live consultation round on this version invites one of `parties` (the
 * viewer's parties, bound as a uuid array).
 */
export const AGENDA_VERSION_VISIBLE_SQL = (alias: string, drafts: string, parties: string) =>
  `(${drafts} OR ${alias}.status IN (${PUBLIC_AGENDA_STATUSES.map((s) => `'${s}'`).join(', ')}) OR ${CONSULTED_SQL(ConsultationTargetKind.AGENDA_VERSION, `${alias}.id`, parties)})`;

/**
 * Who reads an agenda's drafts (DRAFT and CONSULTATION versions): members of its owner and of its
 * coordinator, VWS and operators. The one place for this rule (a consultation round will add its
 * invited parties here). With `throughPartyId`: whether that one party of the viewer's does.
 */
export async function canReadAgendaDrafts(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'ownerPartyId' | 'coordinatorPartyId'>,
  throughPartyId?: string,
): Promise<boolean> {
  if (!policy.viewer.isAuthenticated) return false;
  if (await policy.canReadInternal(agenda.ownerPartyId, throughPartyId)) return true;
  return agenda.coordinatorPartyId !== null && policy.canReadInternal(agenda.coordinatorPartyId, throughPartyId);
}

/** Reading rules of the research domain for one request. */
export class ResearchAccess {
  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
    private readonly consultation: ConsultationAccess,
  ) {}

  canReadAgendaDrafts(agenda: Pick<ResearchAgenda, 'ownerPartyId' | 'coordinatorPartyId'>): Promise<boolean> {
    return canReadAgendaDrafts(this.policy, agenda);
  }

  /**
   * A draft version: whoever reads the agenda's drafts, and members of the parties a live consultation
   * round on this very version invites (not the agenda's other drafts). The one place for this rule.
   * With `throughPartyId`, whether that one party of the viewer's reads it: what a person does for a party
   * (score for it) follows the party, whatever other parties the person belongs to.
   */
  async canReadAgendaVersion(version: ResearchAgendaVersion, throughPartyId?: string): Promise<boolean> {
    if (!isDraftAgendaVersion(version)) return true;
    const agenda = await this.loaders.researchAgendaById.load(version.agendaId);
    if (agenda !== null && (await canReadAgendaDrafts(this.policy, agenda, throughPartyId))) return true;
    return this.consultation.isConsultedOn(version.id, throughPartyId);
  }

  /** An agenda item is read with its version. */
  async canReadAgendaItem(item: { versionId: string }): Promise<boolean> {
    const version = await this.loaders.agendaVersionById.load(item.versionId);
    return version !== null && this.canReadAgendaVersion(version);
  }

  /** The values AGENDA_VERSION_VISIBLE_SQL is bound to for `agenda`'s versions: `[drafts, partyIds]`. */
  async versionScopeParams(
    agenda: Pick<ResearchAgenda, 'ownerPartyId' | 'coordinatorPartyId'>,
  ): Promise<[boolean, string[]]> {
    return [await this.canReadAgendaDrafts(agenda), [...this.policy.viewer.partyIds]];
  }

  /**
   * The versions of `agenda` the viewer may read, in their order: the same rule as canReadAgendaVersion,
   * with the consulted versions read once for the request.
   */
  async readableVersions(
    agenda: Pick<ResearchAgenda, 'ownerPartyId' | 'coordinatorPartyId'>,
    versions: ResearchAgendaVersion[],
  ): Promise<ResearchAgendaVersion[]> {
    // Every agenda of a list waits for the same two per-request reads, even one without drafts or whose drafts
    // the viewer reads anyway: the agendas then go on together, and what they load next (latestVersion's
    // items) stays one batch, instead of one more for the agendas that had to wait for a read.
    const [drafts, consulted] = await Promise.all([
      this.canReadAgendaDrafts(agenda),
      this.consultation.consultedTargets(),
    ]);
    return versions.filter((v) => drafts || !isDraftAgendaVersion(v) || consulted.has(v.id));
  }
}

/** An association's own knowledge agenda (`a`), managed by its owner: the split of `agendaRunningParty`. */
const OWN_AGENDA_SQL = `(a.kind = '${AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA}' AND a.owner_party_id IS NOT NULL)`;

/**
 * The parties that coordinate a question ($1): for each agenda whose adopted version holds it, the party
 * that manages that agenda (`agendaRunningParty`: the association for its own knowledge agenda, whoever
 * VWS names as its coordinator; otherwise the coordinator), with the agenda's sector and whether it is an
 * association's own agenda (`own_agenda`). Drafts and consultation versions do not count: anyone who
 * coordinates some agenda could put another party's question on its own draft, and that must give no
 * power over the question.
 */
const QUESTION_COORDINATORS_SQL = `SELECT DISTINCT
        CASE WHEN ${OWN_AGENDA_SQL} THEN a.owner_party_id ELSE a.coordinator_party_id END AS party_id,
        a.sector_id, ${OWN_AGENDA_SQL} AS own_agenda
   FROM agenda_item i
   JOIN research_agenda_version v ON v.id = i.version_id
   JOIN research_agenda a ON a.id = v.agenda_id
  WHERE i.question_id = $1 AND v.status = 'ADOPTED' AND (${OWN_AGENDA_SQL} OR a.coordinator_party_id IS NOT NULL)`;

/**
 * The one coordinator rule: COORDINATE_AGENDAS for the agenda's coordinator and sector, held through a
 * membership of that coordinator (`asCoordinator`). A grant over every party reaches the agenda but not
 * as its coordinator; ZE&GG's grant is bound to msz and so reaches no other sector, and Zorginstituut's
 * excludes msz, so it neither coordinates nor is named for an msz agenda.
 */
export async function coordinatorCheck(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'coordinatorPartyId' | 'sectorId'>,
): Promise<{ allowed: boolean; actingPartyId: string | null; asCoordinator: boolean }> {
  const check = await policy.check(Capability.COORDINATE_AGENDAS, agenda.coordinatorPartyId, agenda.sectorId);
  return { ...check, asCoordinator: check.allowed && check.actingPartyId === agenda.coordinatorPartyId };
}

/**
 * Whether `party` can coordinate an agenda of `sectorId` (null: cross-sector) at all: the coordinator rule
 * above (COORDINATE_AGENDAS for the party itself and the sector) for what a member of it holds as ADMIN, the
 * highest role, whoever its members are today: VWS names only such a party, or nobody could act on the agenda
 * as its coordinator. Reads the grants in the caller's transaction.
 */
export async function partyCoordinates(
  manager: EntityManager,
  party: Pick<Party, 'id'>,
  sectorId: string | null,
): Promise<boolean> {
  const coordinating = await partiesHolding(manager, Capability.COORDINATE_AGENDAS, {
    role: MembershipRole.ADMIN,
    sectorId,
    partyIds: [party.id],
  });
  return coordinating.includes(party.id);
}

/**
 * Only the coordinating party acts on an agenda: Zorginstituut on the agendas it coordinates, ZE&GG on
 * msz agendas. Returns the acting party.
 */
export async function assertAgendaCoordinator(
  policy: Policy,
  agenda: Pick<ResearchAgenda, 'coordinatorPartyId' | 'sectorId'>,
  what: string,
): Promise<string | null> {
  if (!policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
  const { allowed, actingPartyId, asCoordinator } = await coordinatorCheck(policy, agenda);
  if (!allowed) {
    // Someone who coordinates agendas elsewhere is told it is the sector, not the capability, that is missing.
    if ((await policy.check(Capability.COORDINATE_AGENDAS)).allowed)
      throw new ForbiddenError(
        `Your coordination of research agendas (${Capability.COORDINATE_AGENDAS}) does not reach this agenda's sector, so you may not ${what}.`,
      );
    throw new ForbiddenError(`Your memberships do not allow you to ${what} (needs ${Capability.COORDINATE_AGENDAS}).`);
  }
  if (!asCoordinator && !policy.viewer.isOperator)
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
 * The party that runs an agenda's rounds and calls (opens them, reads what comes in, answers and places
 * it): the association for its own knowledge agenda, whoever VWS names as coordinator; otherwise the
 * coordinator. The same split as assertAgendaManager.
 */
export function agendaRunningParty(
  agenda: Pick<ResearchAgenda, 'kind' | 'ownerPartyId' | 'coordinatorPartyId'>,
): string | null {
  if (agenda.kind === AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA && agenda.ownerPartyId) return agenda.ownerPartyId;
  return agenda.coordinatorPartyId;
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
 * The adopted agendas that hold a question ($1), for a coordinator whose grant reaches every party: each one's
 * sector (null: cross-sector) and whether it is an association's own knowledge agenda, which the association sets.
 */
const QUESTION_PLACES_SQL = `SELECT a.sector_id, ${OWN_AGENDA_SQL} AS association_agenda
   FROM agenda_item i
   JOIN research_agenda_version v ON v.id = i.version_id
   JOIN research_agenda a ON a.id = v.agenda_id
  WHERE i.question_id = $1 AND v.status = 'ADOPTED'`;

/**
 * A coordinator whose grant reaches every party (Zorginstituut) acts on a question its grant reaches: one that no
 * adopted agenda holds yet (nobody coordinates it yet, so it counts as cross-sector), or one that an adopted
 * agenda in a sector the grant covers holds, other than an association's own knowledge agenda. So Zorginstituut,
 * whose grant excludes msz, has no say over a question that only msz agendas and associations' own agendas hold:
 * ZE&GG and the associations coordinate those. Returns the acting party; in the caller's transaction.
 */
async function assertQuestionReach(
  policy: Policy,
  manager: EntityManager,
  questionId: string,
  what: string,
): Promise<string | null> {
  if (!policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
  const places: { sector_id: string | null; association_agenda: boolean }[] = await manager.query(QUESTION_PLACES_SQL, [
    questionId,
  ]);
  const sectorIds = places.length > 0 ? places.filter((p) => !p.association_agenda).map((p) => p.sector_id) : [null];
  for (const sectorId of new Set(sectorIds)) {
    const check = await policy.check(Capability.COORDINATE_AGENDAS, null, sectorId);
    if (check.allowed) return check.actingPartyId;
  }
  if ((await policy.check(Capability.COORDINATE_AGENDAS)).allowed)
    throw new ForbiddenError(
      `Your coordination of research agendas (${Capability.COORDINATE_AGENDAS}) does not reach this question, so you may not ${what}: ` +
        'the adopted agendas that hold it are in a sector it does not cover or are associations’ own knowledge agendas.',
    );
  throw new ForbiddenError(`Your memberships do not allow you to ${what} (needs ${Capability.COORDINATE_AGENDAS}).`);
}

/**
 * Coordinators act on a question (status, score, merge): members of a party that coordinates an agenda
 * whose adopted version holds it, within the sector its grant covers, and on an association's own knowledge
 * agenda the association (`MAINTAIN_KNOWLEDGE_AGENDA`), which sets its own agenda whoever VWS names; or a
 * coordinator whose grant reaches every party where the question lies (assertQuestionReach). Reads the agendas
 * in the caller's transaction.
 */
export async function assertQuestionCoordinator(
  policy: Policy,
  manager: EntityManager,
  questionId: string,
  what: string,
): Promise<string | null> {
  if (policy.viewer.isAuthenticated) {
    const rows: { party_id: string; sector_id: string | null; own_agenda: boolean }[] = await manager.query(
      QUESTION_COORDINATORS_SQL,
      [questionId],
    );
    for (const row of rows) {
      if (row.own_agenda) {
        const check = await policy.check(Capability.MAINTAIN_KNOWLEDGE_AGENDA, row.party_id);
        if (check.allowed) return check.actingPartyId;
        continue;
      }
      const check = await coordinatorCheck(policy, { coordinatorPartyId: row.party_id, sectorId: row.sector_id });
      if (check.asCoordinator) return check.actingPartyId;
    }
  }
  return assertQuestionReach(policy, manager, questionId, what);
}

/**
 * Who edits a knowledge question, and so answers for it (a standing perspective on it): its proposing party,
 * through a member who proposes for that party, or a coordinator whose grant reaches every party where the
 * question lies (assertQuestionReach). The coordinators of agendas that hold it act on its status and scores
 * (assertQuestionCoordinator), not for it. Returns the acting party; in the caller's transaction.
 */
export async function assertQuestionEditor(
  policy: Policy,
  manager: EntityManager,
  question: { id: string; proposedByPartyId: string | null },
  what: string,
): Promise<string | null> {
  const own = await policy.check(Capability.PROPOSE_QUESTIONS, question.proposedByPartyId);
  if (own.allowed && own.actingPartyId === question.proposedByPartyId) return own.actingPartyId;
  return assertQuestionReach(policy, manager, question.id, what);
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

/** What the party carrying out a project reports on it; every other field stays the funder's. */
const EXECUTING_PARTY_FIELDS: readonly string[] = ['status', 'resultSummary'];

/**
 * The statuses the party carrying out a project reports: that it runs and that it is done. Ending a funded
 * project early (CANCELLED) is the funder's decision, not the researchers'.
 */
const EXECUTING_PARTY_STATUSES: readonly ProjectStatus[] = [ProjectStatus.RUNNING, ProjectStatus.COMPLETED];

/**
 * Who changes a project: its funder (assertFunder), or, for its status and result only, a member of the party
 * carrying it out who reports for that party (`POST_STATUS_UPDATES`): the documents make researchers and
 * providers answerable for carrying out the research and for being open about it
 * (`onderzoekers-`/`aanbieders-opzet-uitvoering-onderzoek`), and only RUNNING or COMPLETED of the statuses
 * (EXECUTING_PARTY_STATUSES). `fields` are the ones the change sends, `status` the one it asks for; returns
 * the acting party.
 */
export async function assertProjectUpdater(
  policy: Policy,
  project: Pick<ResearchProject, 'funderPartyId' | 'executingPartyId' | 'status'>,
  change: { fields: readonly string[]; status?: ProjectStatus | null },
  what: string,
): Promise<string> {
  const { fields, status } = change;
  if (!policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
  const funder = await policy.check(Capability.MANAGE_RESEARCH_PROJECTS, project.funderPartyId);
  if (funder.allowed && funder.actingPartyId === project.funderPartyId) return funder.actingPartyId;
  if (project.executingPartyId) {
    const reporter = await policy.check(Capability.POST_STATUS_UPDATES, project.executingPartyId);
    if (reporter.allowed && reporter.actingPartyId === project.executingPartyId) {
      const funders = fields.filter((f) => !EXECUTING_PARTY_FIELDS.includes(f));
      if (funders.length > 0)
        throw new ForbiddenError(
          `The party carrying out a project reports its ${EXECUTING_PARTY_FIELDS.join(' and ')} only; ` +
            `${funders.join(', ')} is for the funder to change.`,
        );
      if (status && status !== project.status && !EXECUTING_PARTY_STATUSES.includes(status))
        throw new ForbiddenError(
          `The party carrying out a project reports it ${EXECUTING_PARTY_STATUSES.join(' or ')}; ` +
            `setting it ${status} is for the funder to decide.`,
        );
      return reporter.actingPartyId;
    }
  }
  return assertFunder(policy, project.funderPartyId, what);
}
