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
    parties(first: 100) {
      nodes {
        id
        name
        shortName
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

export const TIMELINE = gql`
  query DashboardTimeline($filter: DeliverableFilter, $asOf: LocalDate, $first: Int) {
    deliverables(filter: $filter, asOf: $asOf, first: $first, orderBy: DUE_DATE_ASC) {
      totalCount
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

export const DELIVERABLE = gql`
  query DashboardDeliverable($id: ID!, $asOf: LocalDate) {
    deliverable(id: $id) {
      id
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
      dependents(first: 20) {
        id
        title
      }
      statusHistory(first: 20) {
        changedAt
        fromStatus
        toStatus
        party {
          id
          shortName
          name
        }
      }
      statusUpdates(first: 20) {
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
    }
  }
  ${FUZZY}
`;

export const HISTORY = gql`
  query DashboardHistory($entityId: ID!) {
    auditEvents(filter: { entityId: $entityId }, first: 50) {
      totalCount
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
