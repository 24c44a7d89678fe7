/**
 * The one table of how big each list can get and what a field costs beyond its rows; the cost estimate
 * (query-limits.ts) reads it and a test fails when a list field is neither paged (`first`) nor here.
 */

/**
 * Lists bounded by nature, without `first`: their expected size at national volume (what the cost
 * estimate multiplies by) and why they cannot grow with the data. Lists of enum values are bounded by their enum and need
 * no row here; connection `edges`/`nodes` are bounded by the connection's `first`.
 */
export const BOUNDED_LISTS: Record<string, { size: number; why: string }> = {
  'AuditEvent.changes': { size: 20, why: 'one per changed column of the audited record' },
  'DashboardCounts.byHealth': { size: 5, why: 'one per health value' },
  'DashboardCounts.byStatus': { size: 8, why: 'one per status value' },
  'DeliverableDashboard.groups': {
    size: 300,
    why: 'one per programme, workstream, party or sector (reference data); the field is weighted as an aggregate',
  },
  'Deliverable.contributorParties': {
    size: 20,
    why: 'set as a whole through one mutation input; a handful in practice',
  },
  'Deliverable.ownerParties': { size: 20, why: 'set as a whole through one mutation input; a handful in practice' },
  'Deliverable.dependsOn': { size: 20, why: 'set as a whole through one mutation input; a handful in practice' },
  'Deliverable.outputs': { size: 20, why: 'set as a whole through one mutation input; a handful in practice' },
  'Deliverable.related': { size: 10, why: 'relatedKeys of the source data, not writable through the API' },
  'Deliverable.sectors': { size: 3, why: 'sectors are reference data (ten); a deliverable names a few' },
  'DomainEvent.partyIds': { size: 20, why: 'the owners of one record (a guideline’s owners and the assessor)' },
  'DomainEvent.sectorIds': { size: 3, why: 'sectors are reference data (ten); a record names a few' },
  'InboxItemConnection.countsByKind': { size: 9, why: 'one per inbox item kind (enum)' },
  'Query.webhookEndpoints': { size: 20, why: 'at most 20 endpoints per party (webhook.service.ts)' },
  'Guideline.owners': { size: 20, why: 'set from an input list of at most 20' },
  'Guideline.sectors': { size: 3, why: 'sectors are reference data (ten); a guideline names a few' },
  'KnowledgeQuestion.criteria': { size: 8, why: 'package criteria are reference data (eight)' },
  'KnowledgeQuestion.scores': { size: 5, why: 'one per prioritisation criterion (reference data, five)' },
  'KnowledgeQuestion.sectors': { size: 3, why: 'sectors are reference data (ten); a question names a few' },
  'ImpactEntry.path': { size: 3, why: 'one step per level, at most three levels' },
  'Me.capabilities': { size: 40, why: 'one per capability and scope of the capability matrix' },
  'Me.memberships': { size: 20, why: 'the signed-in person’s own memberships' },
  'PackageAssessment.verdicts': { size: 8, why: 'one per package criterion (reference data, eight)' },
  'PackageSignal.coSigningParties': { size: 20, why: 'set from an input list of at most 20' },
  'PackageSignal.coSignerInvitations': {
    size: 20,
    why: 'one row per party ever asked (asked again, a party keeps its row), named by input lists of at most 20',
  },
  'Party.responsibilities': { size: 30, why: 'documented duties (reference data)' },
  'Party.sectors': { size: 3, why: 'sectors are reference data (ten); a party is in a few' },
  'Programme.partnerParties': { size: 100, why: 'set from an input list of at most 100' },
  'Query.packageCriteria': { size: 8, why: 'reference data from migrations (eight criteria)' },
  'Query.prioritisationCriteria': { size: 5, why: 'reference data from migrations (five)' },
  'Query.responsibilities': { size: 50, why: 'documented duties (reference data from the seed, 49)' },
  'Query.sectors': { size: 10, why: 'reference data (ten sectors at national volume)' },
  'Query.similarQuestions': { size: 50, why: 'the input’s `limit`' },
  'Query.cases': { size: 20, why: 'the cases the documents give (eight), seeded, not writable through the API' },
  'PracticeCase.parties': { size: 5, why: 'from the seed data, not writable through the API' },
  'PracticeCase.guidelines': { size: 5, why: 'from the seed data, not writable through the API' },
  'SharedPriority.byPartyKind': { size: 12, why: 'one per kind of party (enum)' },
  'SynergyCounts.conflictsByKind': { size: 8, why: 'one per conflict kind (enum)' },
  'SynergyCounts.linksByAlignment': { size: 8, why: 'one per alignment (enum)' },
  'SynergyOverview.trajectories': { size: 20, why: 'one per trajectory (reference data)' },
  'TopicCall.myScorecards': { size: 20, why: 'one per party of the signed-in person (as Me.memberships)' },
  'SynergyTrajectory.deliverableKeys': { size: 20, why: 'set from an input list of at most 100; a few in practice' },
  'SynergyTrajectory.parties': { size: 20, why: 'set from an input list of at most 50; a few in practice' },
  'UpsertGuidelineLinksPayload.links': { size: 500, why: 'one per input item, at most 500' },
};

/**
 * Lists that grow with the data and take `first` (at most NESTED_MAX_SIZE): the page size when the
 * client gives none, which is also what the cost estimate multiplies by then. Sized to the data a
 * record normally has at national volume, so the usual query gets everything and the cost stays true.
 *
 * Most of them read only their page from the database, for all owners of a request in one statement
 * (`cappedRows`/`ownerConnection` over pagedByColumnLoader or pagedManyToManyLoader), with the
 * visibility rule in the SQL (the twins in server/auth) so hidden items take no place; the root lists
 * (`Query.programmes`, `Query.capabilityGrants`) put the limit in their statement. These are still cut
 * after loading (`capList`), and why:
 * - `*.conflicts`: computed per subject by the conflict service from the stored conflicts, not rows
 *   of one table; a subject's open conflicts are bounded by its links.
 * - `KnowledgeQuestion.projects`: filled by the agenda page's one-statement bundle (a question's
 *   projects are the few that answer it); a page of its own would cost the hottest read a statement.
 * - `KnowledgeQuestion.agendas`: one placement per agenda version holding the question, reduced to
 *   the newest readable version per agenda by the draft rule (a policy check per agenda).
 * - `User.memberships`: one person's memberships (a handful), filtered by the party read rule.
 * - lists of the consultation and webhook domains (added after this conversion).
 */
export const LIST_DEFAULTS: Record<string, number> = {
  'AdoptedPrioritisation.participants': 100,
  'AdoptedPrioritisation.ranking': 50,
  'ConsultationRound.contributions': 100,
  'ConsultationRound.invitedParties': 100,
  'Guideline.consultationRounds': 10,
  'KnowledgeQuestion.callOrigins': 10,
  'PackageAssessment.consultationRounds': 10,
  'PriorityScorecard.scores': 200,
  'Query.consultationRounds': 20,
  'Query.synergyTrajectories': 20,
  'ResearchAgenda.topicCalls': 10,
  'ResearchAgendaVersion.consultationRounds': 10,
  'ResearchAgendaVersion.scorecards': 50,
  'ResearchAgendaVersion.sharedPriorities': 50,
  'TopicCall.invitedParties': 100,
  'TopicCall.submissions': 100,
  'Deliverable.dependents': 20,
  'WebhookDelivery.attemptLog': 10,
  'Deliverable.milestones': 20,
  'Deliverable.statusHistory': 20,
  'Deliverable.statusUpdates': 20,
  'Guideline.conflicts': 20,
  'Guideline.links': 50,
  'Guideline.recommendations': 50,
  'Intervention.assessments': 20,
  'Intervention.projects': 20,
  'Intervention.questions': 20,
  'Intervention.recommendations': 20,
  'ImpactReport.entries': 100,
  'KnowledgeQuestion.agendas': 10,
  'KnowledgeQuestion.projects': 10,
  'PackageAssessment.conditionRecords': 20,
  'PackageAssessment.conflicts': 20,
  'PackageAssessment.deliverables': 10,
  'PackageAssessment.questions': 20,
  'PackageAssessment.evaluations': 20,
  'PackageAssessment.reassessments': 10,
  'PackageAssessment.stageHistory': 20,
  'PackageAssessment.links': 50,
  'Party.children': 50,
  'Party.members': 100,
  'Programme.workstreams': 50,
  'Query.capabilityGrants': 200,
  'Query.programmes': 100,
  'Recommendation.conflicts': 20,
  'Recommendation.links': 20,
  'Recommendation.questions': 20,
  'ResearchAgenda.versions': 10,
  'ResearchAgendaVersion.items': 50,
  'ResearchProject.questions': 50,
  'Sector.parties': 100,
  'Sector.researchAgendas': 50,
  'SynergyLink.conflicts': 20,
  'SynergyLink.history': 50,
  'User.memberships': 50,
  'Workstream.deliverables': 100,
};

/** Every `sources` list: the document quotes of a seeded record, not writable through the API. */
export const SOURCES_SIZE = 5;

/**
 * What a field costs beyond the objects it returns, measured at the benchmark's national volume
 * (BENCHMARKS.md): one unit is about 10 µs of work, so the default limit of 100 000 is about a second.
 * Computed aggregates and `asOf` history are computed afresh per alias and per date.
 */
export const HEAVY_FIELDS: Record<string, number> = {
  'Query.synergyOverview': 20_000,
  'SynergyTrajectory.overview': 10_000,
  'Query.milestoneTimeline': 10_000,
  'Query.deliverableDashboard': 5_000,
  'Query.synergyConflicts': 2_000,
  'Guideline.conflicts': 20,
  'Recommendation.conflicts': 20,
  'PackageAssessment.conditionRecords': 20,
  'PackageAssessment.conflicts': 20,
  'PackageAssessment.deliverables': 10,
  'PackageAssessment.questions': 20,
  'PackageAssessment.evaluations': 20,
  'PackageAssessment.reassessments': 10,
  'PackageAssessment.stageHistory': 20,
  'SynergyLink.conflicts': 20,
  'Deliverable.health': 10,
  'Deliverable.overdue': 10,
  'Deliverable.healthReport': 10,
};

/** Root fields that scan a large part of the data each time: at most MAX_HEAVY_ROOT_FIELDS per operation. */
export const HEAVY_ROOT_FIELDS = new Set([
  'synergyOverview',
  'milestoneTimeline',
  'deliverableDashboard',
  'synergyConflicts',
]);
export const MAX_HEAVY_ROOT_FIELDS = 3;

/**
 * List items one answer may hold (all lists of the request together): far above any page a portal
 * asks for (a 100-deliverable page with its nested lists is ~5 000), far below what fills a 256 MB heap.
 */
export const MAX_RESPONSE_ITEMS = 20_000;
