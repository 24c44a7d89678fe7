import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { decodeIdListOf, decodeIdOf } from '../../schema/global-id';

const DELIVERABLE = [
  'deliverable',
  'deliverable_owner',
  'deliverable_contributor',
  'deliverable_sector',
  'deliverable_dependency',
  'deliverable_output',
  'deliverable_status_change',
  'milestone',
  'programme',
  'workstream',
  'party',
  'sector',
];
/**
 * Health also reads the status updates (the latest one's health and age). A status update's own write to
 * its deliverable's row (the latest update kept there) notifies no `deliverable` change (migration
 * QuietDerivedDeliverableFacts), so a deliverable read without health outlives status updates. Health and
 * overdue also depend on the day, which every cache key holds (response-cache.ts).
 */
const DELIVERABLE_HEALTH = [...DELIVERABLE, 'status_update'];
const QUESTION = [
  'knowledge_question',
  'knowledge_question_criterion',
  'knowledge_question_sector',
  'question_score',
  'research_project_question',
  'agenda_item',
];
/** Who reads a draft also depends on live consultation rounds that invite the viewer's parties. */
const CONSULTED = ['consultation_round', 'consultation_round_party'];
/**
 * Who reads a guideline (synergy.access.ts GUIDELINE_VISIBLE_SQL): its status, its owners, the associations a
 * pending invitation asks to co-own it and its live rounds.
 */
const GUIDELINE_READERS = ['guideline', 'guideline_owner', 'guideline_owner_invitation', ...CONSULTED];
/**
 * The scores a reader sees on a version: its agenda's owner and coordinator read the ranking and others' cards
 * (canReadSharedPriorities), on its items and the topic-call submissions they may read (rankedQuestions).
 */
const SCORES_SEEN = [
  'research_agenda_version',
  'research_agenda',
  'agenda_item',
  'topic_call',
  'topic_call_submission',
];
/** Conflicts are stored (synergy_conflict*), kept by triggers on these tables, and filtered on them. */
const CONFLICTS = [
  ...CONSULTED,
  'synergy_conflict',
  'synergy_conflict_count',
  'synergy_conflict_dirty',
  'synergy_conflict_pending',
  'synergy_conflict_party',
  'synergy_conflict_sector',
  'synergy_link',
  'recommendation',
  'guideline',
  'guideline_owner',
  'guideline_owner_invitation',
  'guideline_sector',
  'package_assessment',
  'assessment_criterion_verdict',
  'package_criterion',
  'intervention',
  'sector',
];
const OVERVIEW = [...CONFLICTS, 'synergy_trajectory', 'synergy_trajectory_party', 'party'];
/** The inbox is computed from links, deliverables and milestones, with the person's read marks. */
const INBOX = [
  'inbox_read',
  'synergy_link',
  'guideline',
  'guideline_owner',
  'package_assessment',
  'deliverable',
  'deliverable_owner',
  'milestone',
  // The consultation kinds (rounds open to us, contributions awaiting our response, titled with the party).
  'consultation_round',
  'consultation_round_party',
  'contribution',
  // A round's moment is taken over all the person's parties (their memberships), whatever a filter names.
  'membership',
  'party',
  // A round's title is its agenda's.
  'research_agenda_version',
  'research_agenda',
  // OPEN package signals wait for those who answer them, and for the parties asked to co-sign them.
  'package_signal',
  'package_signal_co_signer',
  // Perspectives without a response wait for the target's owner (titled with its question, agenda, link or guideline).
  'perspective',
  'knowledge_question',
  // Invitations to co-own a guideline wait for the invited association.
  'guideline_owner_invitation',
];
/** An event is shown when its subject may be read now (server/auth/events.access.ts): its tables count too. */
const EVENTS = [
  'domain_event',
  // A party filter reads the events in its order (migration EventsByParty).
  'domain_event_party',
  // Who may read a consulted draft's events depends on its rounds.
  'consultation_round',
  'consultation_round_party',
  'contribution',
  'guideline',
  'guideline_owner',
  'package_assessment',
  'synergy_link',
  'research_agenda',
  'research_agenda_version',
  'knowledge_question',
  'deliverable',
  'milestone',
  // A topic call's events (TOPIC_CALL_CLOSED) are read by whoever reads the call (canReadCall).
  'topic_call',
  'topic_call_party',
  'topic_call_submission',
  // A package signal's events are read by whoever reads the signal (its raising and co-signing parties).
  'package_signal',
  'package_signal_co_signer',
  // A perspective's events are read by whoever reads the perspective (its target's rule).
  'perspective',
  // An owner invitation's events are read by the guideline's owners and the invited party.
  'guideline_owner_invitation',
];

/**
 * The tables each GraphQL type's fields read, computed fields included: an answer depends on the tables
 * of every type its selection reaches. `XConnection` and `XEdge` read what `X` reads (their totals
 * count X's rows). A type missing here counts as reading every table, so a new type is safe before it
 * is listed, only cached less well. test/e2e/platform/cache-dependencies.test.ts checks the tables against the
 * SQL the queries really send, and that a write to each of them changes the answers that list it.
 */
export const TYPE_TABLES: Readonly<Record<string, readonly string[]>> = {
  Query: [],
  AdoptedPrioritisation: ['prioritisation_record', 'party'],
  // Read with its version (canReadAgendaItem), whose drafts its agenda's owner and coordinator read.
  AgendaItem: ['agenda_item', 'research_agenda_version', 'research_agenda', ...CONSULTED],
  ArtefactRef: [],
  AgendaPlacement: ['agenda_item', 'research_agenda_version', 'research_agenda', ...CONSULTED],
  Subscription: [],
  AlignmentCount: OVERVIEW,
  AssessmentCondition: ['assessment_condition'],
  AssessmentCriterionVerdict: ['assessment_criterion_verdict', 'package_criterion'],
  AssessmentEvaluation: ['assessment_evaluation'],
  AssessmentStageChange: ['assessment_stage_change'],
  // Read by whoever reads its assessment (PackageAccess.canReadPart).
  MinisterialDecision: ['ministerial_decision', 'package_assessment'],
  ConditionalAdmission: ['package_assessment'],
  // A link's events are read by both its sides while they read the link (AUDIT_EVENT_VISIBLE_SQL: its guideline's
  // status, owners and live rounds, and assessor); a deliverable's, its milestones' and status updates' by the
  // parties accountable for it; a package signal's by its raising, co-signing and addressee parties; a guideline's
  // and its recommendations' by the guideline's owners (a recommendation's guideline from its row when the
  // entry does not record it). A removed link's or recommendation's ends come from its DELETE entry (audit_event).
  AuditEvent: [
    'audit_event',
    'user',
    'synergy_link',
    ...GUIDELINE_READERS,
    'recommendation',
    'package_assessment',
    'deliverable',
    'deliverable_owner',
    'milestone',
    'status_update',
    'package_signal',
    'package_signal_co_signer',
    'party',
  ],
  CapabilityGrant: ['capability_grant'],
  ConflictKindCount: CONFLICTS,
  DashboardCounts: DELIVERABLE_HEALTH,
  DashboardGroup: DELIVERABLE_HEALTH,
  Deliverable: DELIVERABLE,
  DeliverableDashboard: DELIVERABLE_HEALTH,
  DeliverableHealthReport: DELIVERABLE_HEALTH,
  DeliverableOutput: ['deliverable_output'],
  DeliverableStatusChange: ['deliverable_status_change'],
  DomainEvent: EVENTS,
  InboxItem: INBOX,
  InboxKindCount: INBOX,
  WebhookAttempt: ['webhook_attempt'],
  WebhookDelivery: ['webhook_delivery', 'webhook_attempt', 'domain_event'],
  WebhookEndpoint: ['webhook_endpoint', 'webhook_delivery'],
  EffectiveCapabilityType: ['capability_grant', 'membership'],
  FieldChange: [],
  FuzzyDate: [],
  ConsultationRound: [
    ...CONSULTED,
    'contribution',
    'research_agenda_version',
    'research_agenda',
    'package_assessment',
    'guideline',
  ],
  Contribution: ['contribution', 'consultation_round'],
  Guideline: [...GUIDELINE_READERS, 'guideline_sector'],
  // Read by its guideline's owners and the invited party (SynergyAccess.canReadOwnerInvitation); its guideline
  // (and title) only while readable.
  GuidelineOwnerInvitation: GUIDELINE_READERS,
  HealthCount: DELIVERABLE_HEALTH,
  ImpactEntry: [],
  ImpactReport: [
    'recommendation',
    'package_assessment',
    'knowledge_question',
    'synergy_link',
    'synergy_conflict',
    'assessment_condition',
    'deliverable_output',
    'deliverable_dependency',
    'research_project_question',
    'guideline',
    'research_agenda',
    'synergy_trajectory',
    'intervention',
    'deliverable',
    'research_project',
    // Every entry is shown only when its record may be read (drafts: owners, invited and consulted parties).
    ...GUIDELINE_READERS,
  ],
  ImpactStep: [],
  Intervention: ['intervention', 'knowledge_question', 'research_project_question'],
  KnowledgeQuestion: QUESTION,
  Me: ['user', 'membership', 'capability_grant', 'party'],
  Membership: ['membership'],
  Milestone: ['milestone'],
  MilestoneTimelineEntry: DELIVERABLE_HEALTH,
  PackageAssessment: [
    'package_assessment',
    'assessment_criterion_verdict',
    'assessment_condition',
    'funding_arrangement',
    'deliverable_output',
    ...CONSULTED,
  ],
  PartyKindPriorityAggregate: ['priority_scorecard', 'priority_score', 'prioritisation_criterion', 'party'],
  PackageCriterion: ['package_criterion'],
  // Read by whoever reads its assessment (PackageAccess.canReadPart).
  FundingArrangement: ['funding_arrangement', 'package_assessment'],
  // Read by its raising, co-signing and addressee parties (PACKAGE_SIGNAL_VISIBLE_SQL); its assessment only while
  // readable.
  PackageSignal: ['package_signal', 'package_signal_co_signer', 'package_assessment', ...CONSULTED],
  // An invitation to co-sign, read with its signal (PackageSignalAccess.coSignerInvitationsOf).
  PackageSignalCoSigner: ['package_signal_co_signer', 'package_signal', 'package_assessment', ...CONSULTED],
  // Read by whoever reads its target (PerspectiveAccess): every target kind's own reading rule counts.
  Perspective: [
    'perspective',
    'knowledge_question',
    'research_agenda',
    'research_agenda_version',
    'synergy_link',
    ...GUIDELINE_READERS,
    'package_assessment',
  ],
  PageInfo: [],
  PracticeCase: ['practice_case'],
  Party: ['party', 'party_sector'],
  PrioritisationCriterion: ['prioritisation_criterion'],
  PriorityAggregate: ['priority_scorecard', 'priority_score', 'prioritisation_criterion', 'party'],
  // A card's scores are those the viewer may see (visibleScores).
  PriorityScoreEntry: ['priority_score', ...SCORES_SEEN],
  PriorityScorecard: ['priority_scorecard', 'priority_score', ...SCORES_SEEN, ...CONSULTED],
  Programme: ['programme', 'programme_partner'],
  // A topic call origin shows only while the submission is readable to the viewer (placed, or their own);
  // a removed recommendation only to readers of its guideline (its status, owners and live rounds).
  QuestionOrigin: ['knowledge_question', 'topic_call_submission', 'topic_call', ...GUIDELINE_READERS],
  QuestionScore: ['question_score'],
  // Readable while its guideline is (synergy.access.ts): the guideline's status and owners count.
  Recommendation: ['recommendation', ...GUIDELINE_READERS],
  ResearchAgenda: ['research_agenda', 'research_agenda_version', ...CONSULTED],
  // Its agenda's owner and coordinator read a draft (canReadAgendaVersion), reached without the agenda too.
  ResearchAgendaVersion: ['research_agenda_version', 'research_agenda', 'agenda_item', ...CONSULTED],
  ResearchProject: ['research_project', 'research_project_question'],
  Responsibility: ['responsibility'],
  Sector: ['sector', 'party_sector'],
  SharedPriority: ['priority_scorecard', 'priority_score', 'prioritisation_criterion', 'party', ...SCORES_SEEN],
  SimilarQuestion: [...QUESTION, 'knowledge_question_term', 'knowledge_question_index_version'],
  SourceRef: [],
  StatusCount: DELIVERABLE_HEALTH,
  StatusUpdate: ['status_update'],
  SynergyConflict: CONFLICTS,
  SynergyCounts: OVERVIEW,
  // Readable while both ends are (LINK_VISIBLE_SQL); lists filter on the guideline's sectors too.
  SynergyLink: ['synergy_link', ...GUIDELINE_READERS, 'guideline_sector', 'package_assessment'],
  SynergyLinkConfirmation: ['synergy_link'],
  SynergyLinkDispute: ['synergy_link'],
  SynergyOverview: OVERVIEW,
  SynergyTrajectory: ['synergy_trajectory', 'synergy_trajectory_party'],
  SynergyTrajectoryOverview: OVERVIEW,
  TopicCall: ['topic_call', 'topic_call_party', 'topic_call_submission'],
  TopicCallSubmission: ['topic_call_submission', 'topic_call'],
  User: ['user'],
  Workstream: ['workstream'],
};

/** Whether a field's argument `name` is given with `key` set (a variable may hold any value: then yes). */
function argumentSets(name: string, key: string): (field: FieldNode) => boolean {
  return (field) => {
    const value = field.arguments?.find((argument) => argument.name.value === name)?.value;
    if (!value || value.kind === Kind.NULL) return false;
    return value.kind !== Kind.OBJECT || value.fields.some((f) => f.name.value === key);
  };
}

interface FieldReads {
  tables: readonly string[];
  when?: (field: FieldNode) => boolean;
}

/** The records an output names by key (output-targets.ts) and who reads their drafts (canReadOutputTarget). */
const OUTPUT_TARGETS = [...GUIDELINE_READERS, 'package_assessment', 'research_agenda', 'synergy_trajectory'];

/**
 * Fields that read more than their type's tables: a deliverable's health, lists filtered on it, and
 * whether a milestone is overdue. A
 * field listed with `when` reads them only when its selection says so.
 */
const FIELD_TABLES: Readonly<Record<string, FieldReads>> = {
  'Deliverable.health': { tables: DELIVERABLE_HEALTH },
  // An output's target and its key show only while the target exists and may be read (canReadOutputTarget).
  'DeliverableOutput.target': { tables: OUTPUT_TARGETS },
  'DeliverableOutput.targetKey': { tables: OUTPUT_TARGETS },
  // Whether a milestone is overdue asks for its deliverable's status on the day (the state loader reads these).
  'Milestone.overdue': { tables: ['deliverable', 'deliverable_status_change', 'deliverable_dependency'] },
  'Query.deliverables': { tables: DELIVERABLE_HEALTH, when: argumentSets('filter', 'health') },
  'Query.myDeliverables': { tables: DELIVERABLE_HEALTH, when: argumentSets('filter', 'health') },
};

/**
 * What a signed-in viewer's answers also depend on: who they are and what they may see (server/auth), with the
 * version of the grants the sign-in reads (policy.ts `grantsOf`).
 */
export const VIEWER_TABLES: readonly string[] = [
  'user',
  'membership',
  'capability_grant',
  'capability_grant_version',
  'party',
];

/** The tables an operation reads; `undefined` when it reaches a type not in TYPE_TABLES (then: all of them). */
export type Dependencies = ReadonlySet<string> | undefined;

/** What an operation reads: its tables, and for a sector-scoped one its root fields and tables split. */
interface OperationReads {
  tables: Dependencies;
  perSector: { roots: FieldNode[]; whole: string[]; inSectors: string[] } | null;
}

const memo = new WeakMap<DocumentNode, Map<string, OperationReads>>();

/**
 * What an operation reads, from the types its selection reaches. Computed once per parsed document
 * (Apollo reuses the parsed document of a repeated query), not per request.
 */
function operationReads(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationReads {
  let byName = memo.get(document);
  if (!byName) memo.set(document, (byName = new Map()));
  const name = operationName ?? '';
  const known = byName.get(name);
  if (known) return known;
  const { operation, fragments } = operationOf(document, operationName);
  const tables = operation && collect(schema, operation, fragments);
  const roots = tables ? perSectorRoots(schema, operation!, fragments) : null;
  // A table read per sector by every root, under the names of each root's notifications of it.
  const namesOf = (table: string) => roots!.map((root) => SECTOR_ROOTS[root.name.value]!.tables[table]);
  const perRoot = (table: string) => namesOf(table).every((name) => name !== undefined);
  const reads: OperationReads = {
    tables,
    perSector: roots && {
      roots,
      whole: [...tables!].filter((table) => !perRoot(table)),
      inSectors: [...new Set([...tables!].filter(perRoot).flatMap((table) => namesOf(table) as string[]))],
    },
  };
  byName.set(name, reads);
  return reads;
}

/** The tables an operation's answer depends on (see TYPE_TABLES). */
export function operationTables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): Dependencies {
  return operationReads(schema, document, operationName).tables;
}

/** The operation a request runs (the named one, or the first), and the document's fragments by name. */
function operationOf(
  document: DocumentNode,
  operationName: string | null | undefined,
): { operation: OperationDefinitionNode | undefined; fragments: Map<string, FragmentDefinitionNode> } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName)
    )
      operation ??= definition;
  }
  return { operation, fragments };
}

function collect(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): Dependencies {
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const tables = new Set<string>();
  const seen = new Set<string>();
  let complete = true;

  const addType = (type: GraphQLNamedType) => {
    const base = type.name.replace(/(Connection|Edge)$/, '');
    const listed = TYPE_TABLES[base] ?? TYPE_TABLES[type.name];
    if (!listed) complete = false;
    else for (const table of listed) tables.add(table);
  };

  const walk = (type: GraphQLNamedType, selectionSet: SelectionSetNode | undefined) => {
    if (!selectionSet) return;
    const key = `${type.name}:${selectionSet.loc?.start ?? Math.random()}`;
    if (seen.has(key)) return;
    seen.add(key);
    // An interface or union: whichever type an object turns out to be.
    const types = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const possible of types) addType(possible);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        for (const owner of types) {
          const field = owner.getFields()[selection.name.value];
          const extra: FieldReads | undefined = FIELD_TABLES[`${owner.name}.${selection.name.value}`];
          if (extra && (!extra.when || extra.when(selection))) for (const table of extra.tables) tables.add(table);
          if (field) walk(getNamedType(field.type), selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on) walk(on, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && on) walk(on, fragment.selectionSet);
      }
    }
  };
  walk(root, operation.selectionSet);
  return complete ? tables : undefined;
}

/**
 * The stored conflicts, again per sector and party, their counts and bookkeeping: each names the sectors of
 * its conflicts, or none where no sector's answer reads it (the bookkeeping, `synergy_conflict` itself).
 */
const CONFLICT_ROWS = [
  'synergy_conflict',
  'synergy_conflict_sector',
  'synergy_conflict_count',
  'synergy_conflict_party',
  'synergy_conflict_dirty',
  'synergy_conflict_pending',
];

/** Tables whose notifications come under their own name. */
const underOwnName = (tables: readonly string[]) => Object.fromEntries(tables.map((table) => [table, table]));

/** A link's fields that come from its own row. */
const LINK_ROW = ['id', 'alignment', 'linkType', 'rationale', 'reviewReason', 'pendingSince', 'synthetic', 'version'];

/** A root field that reads some tables' rows of the sectors its arguments name only. */
interface SectorRoot {
  /**
   * Those tables, each with the name its notifications of the sectors a change reaches come under
   * (migrations SectorChangeNotifications, OverviewSectorNotifications); the others it reads count whole.
   */
  tables: Readonly<Record<string, string>>;
  /**
   * What it may select and still read only those rows of its sectors, per type. Any other field makes the
   * whole answer count per table.
   */
  fields: Readonly<Record<string, readonly string[]>>;
  /** The sectors its arguments name; undefined: not per sector. */
  sectors: (args: Record<string, unknown>) => string[] | undefined;
}

/**
 * Per-sector invalidation, per root field. An operation reads per sector when each root field does; its
 * tables per sector are those of every root (the others count whole), its sectors those of any root.
 */
const SECTOR_ROOTS: Readonly<Record<string, SectorRoot>> = {
  /**
   * A sector's conflicts: the stored conflicts of the sectors, and the records those conflicts refer to
   * (a record names the sectors of the conflicts referring to it), so a link added or changed outside a
   * sector's conflicts keeps that sector's cached answer. The referred records' fields that come from their
   * own row only: a guideline's recommendations or a link's conflicts are rows no conflict of the sector
   * refers to.
   */
  synergyConflicts: {
    tables: underOwnName([...CONFLICT_ROWS, 'guideline', 'recommendation', 'package_assessment', 'synergy_link']),
    fields: {
      SynergyConflictConnection: ['totalCount', 'nodes', 'edges', 'pageInfo'],
      SynergyConflictEdge: ['cursor', 'node'],
      PageInfo: ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor'],
      SynergyConflict: [
        'key',
        'kind',
        'explanation',
        'reviewDueOn',
        'guideline',
        'recommendation',
        'assessment',
        'link',
      ],
      Guideline: [
        'id',
        'key',
        'title',
        'status',
        'edition',
        'externalUrl',
        'note',
        'publishedOn',
        'reviewDueOn',
        'synthetic',
        'version',
      ],
      Recommendation: [
        'id',
        'key',
        'kind',
        'text',
        'evidenceCertainty',
        'strength',
        'population',
        'note',
        'synthetic',
        'version',
      ],
      PackageAssessment: [
        'id',
        'key',
        'title',
        'kind',
        'outcome',
        'published',
        'indication',
        'conditions',
        'url',
        'note',
        'synthetic',
        'version',
      ],
      SynergyLink: LINK_ROW,
    },
    // Filtered on parties too: per table, as before party rows named their conflicts' sectors (not needed yet).
    sectors: ({ filter }) => {
      const given = filter as { partyIds?: unknown; partyId?: unknown } | null | undefined;
      if (given?.partyIds != null || given?.partyId != null) return undefined;
      return decodeIdListOf('Sector', given, 'sectorIds', 'sectorId');
    },
  },
  /**
   * A sector's overview: the links whose guideline or assessment is in the sector (`synergy_link:own`: the
   * sectors a link is in), the sector's stored conflicts and counts, and per trajectory those of its parties
   * (a conflict's party rows name the conflict's sectors). Whether a link is visible and whose it is (guideline,
   * owners, assessment, consultations), the sector, its trajectories and their parties count whole: a
   * guideline's change would reach the sectors of every assessment it is linked to. Its oldest unreviewed
   * link is one of the sector's: its own row only.
   */
  synergyOverview: {
    tables: { ...underOwnName(CONFLICT_ROWS), synergy_link: 'synergy_link:own' },
    fields: {
      SynergyOverview: ['sector', 'counts', 'trajectories'],
      SynergyCounts: [
        'totalLinks',
        'confirmedLinks',
        'awaitingGuidelineOwnerConfirmation',
        'awaitingAssessorConfirmation',
        'disputedLinks',
        'linksByAlignment',
        'openConflicts',
        'conflictsByKind',
        'oldestUnreviewedLink',
      ],
      AlignmentCount: ['alignment', 'count'],
      ConflictKindCount: ['kind', 'count'],
      SynergyLink: LINK_ROW,
      // The trajectories of the sector: `overview` is the same counts, of the same sector.
      SynergyTrajectoryOverview: ['trajectory', 'counts'],
      SynergyTrajectory: [
        'id',
        'key',
        'name',
        'note',
        'phase',
        'phaseAsOf',
        'deliverableKeys',
        'synthetic',
        'version',
        'sector',
        'parties',
        'overview',
      ],
      Sector: ['id', 'key', 'law', 'maturity', 'maturityRationale', 'nameEn', 'nameNl', 'synthetic'],
      Party: ['id', 'key', 'kind', 'name', 'shortName', 'synthetic', 'version'],
    },
    // Without a sector: every sector's links, per table.
    sectors: ({ sectorId }) => (sectorId == null ? undefined : [decodeIdOf('Sector', sectorId as string, 'sectorId')]),
  },
};

/** The tables some root field reads per sector: each must have a trigger that names sectors. */
export const SECTOR_TABLES: ReadonlySet<string> = new Set(
  Object.values(SECTOR_ROOTS).flatMap((root) => Object.keys(root.tables)),
);

/**
 * What an answer depends on: every change of `tables`; of `inSectors.tables` (the names their sector
 * notifications come under), the changes in those sectors.
 */
export interface ReadDependencies {
  tables: Iterable<string>;
  inSectors?: { tables: readonly string[]; sectors: readonly string[] };
}

/**
 * The dependencies of one request: its operation's tables, and the sectors when every root field reads
 * per sector with a selection its SECTOR_ROOTS entry allows. Bad arguments make it per table (the resolver
 * answers with the error).
 */
export function readDependencies(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): ReadDependencies | undefined {
  const { tables, perSector } = operationReads(schema, document, operationName);
  if (!tables) return undefined;
  if (!perSector) return { tables };
  const query = schema.getQueryType()!;
  const sectors = new Set<string>();
  try {
    for (const root of perSector.roots) {
      const args = getArgumentValues(query.getFields()[root.name.value]!, root, variables ?? {});
      const found = SECTOR_ROOTS[root.name.value]!.sectors(args);
      if (!found) return { tables };
      for (const sector of found) sectors.add(sector);
    }
  } catch {
    return { tables };
  }
  return { tables: perSector.whole, inSectors: { tables: perSector.inSectors, sectors: [...sectors] } };
}

/** The root fields of a query that reads per sector only, or null. */
function perSectorRoots(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): FieldNode[] | null {
  if (operation.operation !== 'query') return null;
  const query = schema.getQueryType()!;
  const allowed = (
    root: SectorRoot,
    typeName: string,
    selectionSet: SelectionSetNode | undefined,
    depth: number,
  ): boolean => {
    if (!selectionSet) return true;
    if (depth > 10) return false;
    const fields = root.fields[typeName];
    const type = schema.getType(typeName);
    if (!fields || !isObjectType(type)) return false;
    return selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') return true;
        const field = type.getFields()[selection.name.value];
        return (
          fields.includes(selection.name.value) &&
          field !== undefined &&
          allowed(root, getNamedType(field.type).name, selection.selectionSet, depth + 1)
        );
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      const on = fragment?.typeCondition?.name.value ?? typeName;
      return fragment !== undefined && on === typeName && allowed(root, typeName, fragment.selectionSet, depth + 1);
    });
  };
  const roots: FieldNode[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    if (selection.name.value === '__typename') continue;
    const field = query.getFields()[selection.name.value];
    const root = SECTOR_ROOTS[selection.name.value];
    if (!field || !root) return null;
    if (!allowed(root, getNamedType(field.type).name, selection.selectionSet, 0)) return null;
    roots.push(selection);
  }
  return roots.length ? roots : null;
}
