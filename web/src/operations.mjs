// Every operation the dashboard sends, in one place: the build registers each of them as a trusted
// document (web/operations-manifest.mjs writes dist/dashboard/operations.json from this file).
import { gql } from '@apollo/client';

const COUNTS = gql`
  fragment DashboardCountsFields on DashboardCounts {
    total
    overdue
    dueNext90Days
    byStatus {
      status
      count
    }
    byHealth {
      health
      count
    }
  }
`;

export const VIEWER = gql`
  query DashboardViewer {
    me {
      user {
        id
        name
      }
      capabilities {
        capability
        scope
        party {
          id
        }
      }
      memberships {
        id
        role
        party {
          id
          key
          name
          shortName
          kind
        }
      }
    }
  }
`;

export const OVERVIEW = gql`
  query DashboardOverview($groupBy: DashboardGroupBy!, $asOf: LocalDate) {
    deliverableDashboard(groupBy: $groupBy, asOf: $asOf) {
      asOf
      groupBy
      totals {
        ...DashboardCountsFields
      }
      groups {
        programme {
          id
          name
        }
        party {
          id
          name
          shortName
        }
        sector {
          id
          key
          nameNl
          nameEn
        }
        counts {
          ...DashboardCountsFields
        }
      }
    }
  }
  ${COUNTS}
`;

export const DELIVERABLE_LIST = gql`
  query DashboardDeliverables($filter: DeliverableFilter, $asOf: LocalDate, $first: Int, $after: String) {
    deliverables(filter: $filter, asOf: $asOf, first: $first, after: $after, orderBy: DUE_DATE_ASC) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          titleEn
          kind
          healthReport(asOf: $asOf) {
            status
            health
            overdue
          }
          due {
            label
            earliest
            latest
          }
          programme {
            id
            name
          }
          ownerParties {
            id
            name
            shortName
          }
        }
      }
    }
  }
`;

// Programmes are a capped list (at most 500); the parties come page by page (PARTY_CHOICES).
export const FILTER_OPTIONS = gql`
  query DashboardFilterOptions {
    programmes(first: 100) {
      id
      name
    }
    sectors {
      id
      key
      nameNl
      nameEn
    }
  }
`;

// Every party for a picker, a page of at most MAX_PAGE_SIZE at a time (pageInfo.endCursor as $after), in rows of
// its own in the cache: another view's first page of `parties` must not replace what the picker has read.
// Asked only when /dashboard-settings.json names no usable maxPageSize: whether this server takes pages of
// `first` (web/src/settings.ts); it refuses a larger one with BAD_USER_INPUT.
export const PAGE_SIZE_PROBE = gql`
  query DashboardPageSizeProbe($first: Int!) {
    parties(first: $first) {
      pageInfo {
        hasNextPage
      }
    }
  }
`;

export const PARTY_CHOICES = gql`
  query DashboardPartyChoices($first: Int!, $after: String) {
    parties(first: $first, after: $after) @connection(key: "choices") {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          shortName
        }
      }
    }
  }
`;

const FUZZY = gql`
  fragment FuzzyDateFields on FuzzyDate {
    label
    earliest
    latest
    precision
  }
`;

// Its own rows in the cache: the list (DELIVERABLE_LIST) asks the same deliverables 50 at a time. A page with
// `after` is appended to the timeline's rows (web/src/pages/timeline.tsx reads them all).
export const TIMELINE = gql`
  query DashboardTimeline($filter: DeliverableFilter, $asOf: LocalDate, $first: Int, $after: String) {
    deliverables(filter: $filter, asOf: $asOf, first: $first, after: $after, orderBy: DUE_DATE_ASC)
      @connection(key: "timeline") {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          titleEn
          kind
          start {
            ...FuzzyDateFields
          }
          due {
            ...FuzzyDateFields
          }
          healthReport(asOf: $asOf) {
            status
            health
            overdue
          }
          milestones(first: 20) {
            id
            title
            done(asOf: $asOf)
            overdue(asOf: $asOf)
            due {
              ...FuzzyDateFields
            }
          }
          dependsOn {
            id
            title
          }
        }
      }
    }
  }
  ${FUZZY}
`;

const STATUS_UPDATE_PAGE = gql`
  fragment DashboardStatusUpdatePage on StatusUpdateConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        postedAt
        status
        health
        text
        party {
          id
          shortName
          name
        }
      }
    }
  }
`;

// A deliverable's milestones, dependents and status changes are capped lists (no cursor): the page asks one more
// than it shows, to know whether there are more, and asks again for more when "Meer laden" is pressed.
export const DELIVERABLE = gql`
  query DashboardDeliverable(
    $id: ID!
    $asOf: LocalDate
    $milestonesFirst: Int!
    $dependentsFirst: Int!
    $statusHistoryFirst: Int!
    $updatesFirst: Int!
  ) {
    deliverable(id: $id) {
      id
      version
      status
      mayReport
      mayChangeStatus
      title
      titleEn
      kind
      description
      note
      synthetic
      start {
        ...FuzzyDateFields
      }
      due {
        ...FuzzyDateFields
      }
      healthReport(asOf: $asOf) {
        asOf
        status
        health
        reportedHealth
        overdue
        lateDependency
        noRecentUpdate
        lastUpdateAt
      }
      programme {
        id
        name
      }
      workstream {
        id
        name
      }
      ownerParties {
        id
        name
        shortName
      }
      contributorParties {
        id
        name
        shortName
      }
      sectors {
        id
        nameNl
        nameEn
      }
      milestones(first: $milestonesFirst) {
        id
        title
        done(asOf: $asOf)
        overdue(asOf: $asOf)
        due {
          ...FuzzyDateFields
        }
      }
      dependsOn {
        id
        title
      }
      dependents(first: $dependentsFirst) {
        id
        title
      }
      statusHistory(first: $statusHistoryFirst) {
        changedAt
        fromStatus
        toStatus
        party {
          id
          shortName
          name
        }
      }
      statusUpdates(first: $updatesFirst) {
        ...DashboardStatusUpdatePage
      }
    }
  }
  ${FUZZY}
  ${STATUS_UPDATE_PAGE}
`;

// The next page of a deliverable's status updates: the cache appends it to the deliverable's list
// (Deliverable.statusUpdates in client/apollo-cache.mjs).
export const DELIVERABLE_UPDATES_PAGE = gql`
  query DashboardDeliverableUpdatesPage($id: ID!, $first: Int!, $after: String) {
    deliverable(id: $id) {
      id
      statusUpdates(first: $first, after: $after) {
        ...DashboardStatusUpdatePage
      }
    }
  }
  ${STATUS_UPDATE_PAGE}
`;

export const HISTORY = gql`
  query DashboardHistory($entityId: ID!, $first: Int!, $after: String) {
    auditEvents(filter: { entityId: $entityId }, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          occurredAt
          action
          actor {
            id
            name
          }
          actingParty {
            id
            shortName
            name
          }
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`;

export const SECTORS = gql`
  query DashboardSectors {
    sectors {
      id
      key
      nameNl
      nameEn
      maturity
    }
  }
`;

export const SECTOR = gql`
  query DashboardSector($id: ID!) {
    sector(id: $id) {
      id
      key
      nameNl
      nameEn
      maturity
      maturityRationale
      parties(first: 50) {
        id
        name
        shortName
      }
      researchAgendas(first: 10) {
        id
        title
        kind
        status
        ownerParty {
          id
          name
          shortName
        }
        coordinatorParty {
          id
          name
          shortName
        }
        latestVersion {
          id
          number
          status
          consultationRounds(first: 5) {
            id
            question
            status
            closesAt
            ownerParty {
              id
              name
              shortName
            }
          }
        }
        adoptedVersion {
          id
          number
          adoptedAt
          items(first: 50) {
            id
            rank
            rationale
            question {
              id
              title
              status
              projects(first: 5) {
                id
                title
                status
                funderParty {
                  id
                  name
                  shortName
                }
              }
            }
          }
        }
      }
    }
  }
`;

const LINK = gql`
  fragment DashboardLinkFields on SynergyLink {
    id
    version
    alignment
    linkType
    confirmed
    awaitingConfirmationFrom
    confirmableSides
    dispute {
      side
      reason
      party {
        id
        name
        shortName
      }
    }
    guideline {
      id
      title
      owners {
        id
        name
        shortName
      }
    }
    recommendation {
      id
      text
    }
    assessment {
      id
      title
      assessorParty {
        id
        name
        shortName
      }
    }
  }
`;

// A page of links as the link tables show them: on the synergy page and on "Mijn partij" (its first page and
// the next ones, MY_LINKS_PAGE).
const LINK_PAGE = gql`
  fragment DashboardLinkPage on SynergyLinkConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...DashboardLinkFields
      }
    }
  }
  ${LINK}
`;

// What a change of a link answers: the state its row shows and the version the next change sends.
const LINK_STATE = gql`
  fragment DashboardLinkState on SynergyLink {
    id
    version
    alignment
    confirmed
    awaitingConfirmationFrom
    confirmableSides
  }
`;

const SYNERGY_COUNTS = gql`
  fragment DashboardSynergyCounts on SynergyCounts {
    totalLinks
    confirmedLinks
    awaitingAssessorConfirmation
    awaitingGuidelineOwnerConfirmation
    disputedLinks
    openConflicts
    linksByAlignment {
      alignment
      count
    }
  }
`;

const CONFLICT_PAGE = gql`
  fragment DashboardConflictPage on SynergyConflictConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      key
      kind
      explanation
      guideline {
        id
        title
      }
      assessment {
        id
        title
      }
    }
  }
`;

// Each list with its own size: after a change the page reads each again as far as it had loaded it.
export const SYNERGY = gql`
  query DashboardSynergy(
    $sectorId: ID
    $sectorIds: [ID!]
    $asOf: LocalDate
    $conflictsFirst: Int!
    $ownerFirst: Int!
    $assessorFirst: Int!
  ) {
    synergyOverview(sectorId: $sectorId, asOf: $asOf) {
      counts {
        ...DashboardSynergyCounts
      }
      trajectories {
        trajectory {
          id
          name
          phase
        }
        counts {
          ...DashboardSynergyCounts
        }
      }
    }
    synergyConflicts(filter: { sectorIds: $sectorIds, asOf: $asOf }, first: $conflictsFirst) {
      ...DashboardConflictPage
    }
    awaitingOwner: synergyLinks(filter: { sectorIds: $sectorIds, awaitingSide: GUIDELINE_OWNER }, first: $ownerFirst) {
      ...DashboardLinkPage
    }
    awaitingAssessor: synergyLinks(filter: { sectorIds: $sectorIds, awaitingSide: ASSESSOR }, first: $assessorFirst) {
      ...DashboardLinkPage
    }
  }
  ${SYNERGY_COUNTS}
  ${CONFLICT_PAGE}
  ${LINK_PAGE}
`;

// The next page of a list of the synergy page, with the arguments its first page had (the same filter): the
// cache appends it to that list (client/apollo-cache.mjs).
export const SYNERGY_CONFLICTS_PAGE = gql`
  query DashboardSynergyConflictsPage($sectorIds: [ID!], $asOf: LocalDate, $first: Int!, $after: String) {
    synergyConflicts(filter: { sectorIds: $sectorIds, asOf: $asOf }, first: $first, after: $after) {
      ...DashboardConflictPage
    }
  }
  ${CONFLICT_PAGE}
`;

// The link an item of "Mijn partij" leads to (/synergy?link=): shown first on the synergy page, with its actions.
export const SYNERGY_LINK = gql`
  query DashboardSynergyLink($id: ID!) {
    node(id: $id) {
      id
      ... on SynergyLink {
        ...DashboardLinkFields
      }
    }
  }
  ${LINK}
`;

export const SYNERGY_AWAITING_PAGE = gql`
  query DashboardSynergyAwaitingPage($sectorIds: [ID!], $side: SynergyLinkSide!, $first: Int!, $after: String) {
    synergyLinks(filter: { sectorIds: $sectorIds, awaitingSide: $side }, first: $first, after: $after) {
      ...DashboardLinkPage
    }
  }
  ${LINK_PAGE}
`;

export const CONFIRM_LINK = gql`
  mutation DashboardConfirmLink($input: ConfirmSynergyLinkInput!) {
    confirmSynergyLink(input: $input) {
      ...DashboardLinkState
    }
  }
  ${LINK_STATE}
`;

export const DISPUTE_LINK = gql`
  mutation DashboardDisputeLink($input: DisputeSynergyLinkInput!) {
    disputeSynergyLink(input: $input) {
      ...DashboardLinkState
    }
  }
  ${LINK_STATE}
`;

export const RESOLVE_LINK_DISPUTE = gql`
  mutation DashboardResolveLinkDispute($input: ResolveSynergyLinkDisputeInput!) {
    resolveSynergyLinkDispute(input: $input) {
      ...DashboardLinkState
    }
  }
  ${LINK_STATE}
`;

export const MARK_INBOX_READ = gql`
  mutation DashboardMarkInboxRead($input: MarkInboxItemsReadInput!) {
    markInboxItemsRead(input: $input)
  }
`;

export const POST_STATUS_UPDATE = gql`
  mutation DashboardPostStatusUpdate($input: PostStatusUpdateInput!) {
    postStatusUpdate(input: $input) {
      id
      postedAt
      health
      status
    }
  }
`;

// An invitation to co-own a guideline, as "Mijn partij" shows it in the inbox: the title the invited
// association reads also while the guideline is a draft, who invited, and the version to answer with.
const OWNER_INVITATION = gql`
  fragment DashboardOwnerInvitation on GuidelineOwnerInvitation {
    id
    version
    status
    mayAnswer
    guidelineTitle
    invitedByParty {
      id
      name
      shortName
    }
    invitedBy {
      id
      name
    }
  }
`;

// Answers to an invitation; an accepted one returns its guideline's owners, which links shown elsewhere carry.
export const ACCEPT_OWNER_INVITATION = gql`
  mutation DashboardAcceptOwnerInvitation($input: DecideGuidelineOwnerInvitationInput!) {
    acceptGuidelineOwnerInvitation(input: $input) {
      ...DashboardOwnerInvitation
      guideline {
        id
        owners {
          id
          name
          shortName
        }
      }
    }
  }
  ${OWNER_INVITATION}
`;

export const DECLINE_OWNER_INVITATION = gql`
  mutation DashboardDeclineOwnerInvitation($input: DecideGuidelineOwnerInvitationInput!) {
    declineGuidelineOwnerInvitation(input: $input) {
      ...DashboardOwnerInvitation
    }
  }
  ${OWNER_INVITATION}
`;

// One page of the party's inbox, of its deliverables and of its links: "Mijn partij" reads the first with
// the rest of the page and the next ones (pageInfo.endCursor) with the page queries below, under the same
// arguments, so the cache appends them to the same list (client/apollo-cache.mjs). An item's subject carries where
// the dashboard does its work: a milestone's deliverable, the sectors of a link.
const MY_INBOX_PAGE_FIELDS = gql`
  fragment DashboardMyInboxPage on InboxItemConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        key
        kind
        title
        since
        read
        party {
          id
          name
          shortName
        }
        subject {
          id
          ... on GuidelineOwnerInvitation {
            ...DashboardOwnerInvitation
          }
          ... on Milestone {
            deliverable {
              id
            }
          }
          ... on SynergyLink {
            guideline {
              id
              sectors {
                id
              }
            }
            assessment {
              id
              sector {
                id
              }
            }
          }
        }
      }
    }
  }
  ${OWNER_INVITATION}
`;

const MY_DELIVERABLES_PAGE_FIELDS = gql`
  fragment DashboardMyDeliverablesPage on DeliverableConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        title
        titleEn
        kind
        due {
          label
          earliest
          latest
        }
        healthReport(asOf: $asOf) {
          status
          health
          overdue
        }
        ownerParties {
          id
          name
          shortName
        }
      }
    }
  }
`;

const CONSULTATIONS_PAGE_FIELDS = gql`
  fragment DashboardConsultationsPage on ConsultationRoundConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        question
        status
        closesAt
        targetKind
        ownerParty {
          id
          name
          shortName
        }
      }
    }
  }
`;

// The party's consultation invitations sit inside the party: the cache appends a page to that party's list
// (Party.consultationInvitations in client/apollo-cache.mjs).
export const MY_CONSULTATIONS_PAGE = gql`
  query DashboardMyConsultationsPage($partyId: ID!, $first: Int!, $after: String) {
    party(id: $partyId) {
      id
      consultationInvitations(first: $first, after: $after) {
        ...DashboardConsultationsPage
      }
    }
  }
  ${CONSULTATIONS_PAGE_FIELDS}
`;

export const MY_INBOX_PAGE = gql`
  query DashboardMyInboxPage($partyIds: [ID!], $first: Int!, $after: String) {
    myInbox(first: $first, after: $after, filter: { partyIds: $partyIds }) {
      ...DashboardMyInboxPage
    }
  }
  ${MY_INBOX_PAGE_FIELDS}
`;

export const MY_DELIVERABLES_PAGE = gql`
  query DashboardMyDeliverablesPage($partyIds: [ID!], $asOf: LocalDate, $first: Int!, $after: String) {
    myDeliverables(first: $first, after: $after, asOf: $asOf, orderBy: DUE_DATE_ASC, partyIds: $partyIds) {
      ...DashboardMyDeliverablesPage
    }
  }
  ${MY_DELIVERABLES_PAGE_FIELDS}
`;

export const MY_LINKS_PAGE = gql`
  query DashboardMyLinksPage($partyIds: [ID!], $first: Int!, $after: String) {
    synergyLinks(filter: { partyIds: $partyIds }, first: $first, after: $after) {
      ...DashboardLinkPage
    }
  }
  ${LINK_PAGE}
`;

// "Mijn partij" for one of the person's parties: what waits for that party, not for their other parties.
// The page sizes are the page's (web/src/pages/party.tsx, at most MAX_PAGE_SIZE). A live read asks as many inbox
// items, deliverables and links as the person has loaded ($inboxFirst, $deliverablesFirst, $linksFirst): `first`
// is no key argument, so its answer replaces the list in the cache whole.
export const MY_PARTY = gql`
  query DashboardMyParty(
    $partyId: ID!
    $partyIds: [ID!]
    $asOf: LocalDate
    $inboxFirst: Int!
    $consultationsFirst: Int!
    $deliverablesFirst: Int!
    $linksFirst: Int!
  ) {
    myInbox(first: $inboxFirst, filter: { partyIds: $partyIds }) {
      ...DashboardMyInboxPage
    }
    party(id: $partyId) {
      id
      consultationInvitations(first: $consultationsFirst) {
        ...DashboardConsultationsPage
      }
    }
    myDeliverables(first: $deliverablesFirst, asOf: $asOf, orderBy: DUE_DATE_ASC, partyIds: $partyIds) {
      ...DashboardMyDeliverablesPage
    }
    synergyLinks(filter: { partyIds: $partyIds }, first: $linksFirst) {
      ...DashboardLinkPage
    }
  }
  ${MY_INBOX_PAGE_FIELDS}
  ${MY_DELIVERABLES_PAGE_FIELDS}
  ${LINK_PAGE}
  ${CONSULTATIONS_PAGE_FIELDS}
`;

// The events a live page listens to (web/src/live.tsx): which ones, by the filter; the page reads its own
// query again when one comes. Over the socket the whole document is sent, so it is registered here too.
export const LIVE_EVENTS = gql`
  subscription DashboardEvents($filter: EventFilter) {
    events(filter: $filter) {
      cursor
      type
      subjectId
    }
  }
`;
