import { registerEnumType } from 'type-graphql';

/** What the platform lets someone do. Who gets which is data (CapabilityGrant), not code. */
export enum Capability {
  READ_PARTY_INTERNAL = 'READ_PARTY_INTERNAL',
  READ_ALL_INTERNAL = 'READ_ALL_INTERNAL',
  EDIT_PARTY_PROFILE = 'EDIT_PARTY_PROFILE',
  MANAGE_MEMBERS = 'MANAGE_MEMBERS',
  MANAGE_USERS = 'MANAGE_USERS',
  VIEW_AUDIT_TRAIL = 'VIEW_AUDIT_TRAIL',
  MANAGE_PROGRAMMES = 'MANAGE_PROGRAMMES',
  POST_STATUS_UPDATES = 'POST_STATUS_UPDATES',
  PUBLISH_ASSESSMENTS = 'PUBLISH_ASSESSMENTS',
  COORDINATE_AGENDAS = 'COORDINATE_AGENDAS',
  CONFIRM_SYNERGY_LINKS = 'CONFIRM_SYNERGY_LINKS',
  RESOLVE_LINK_DISPUTES = 'RESOLVE_LINK_DISPUTES',
  MANAGE_GUIDELINES = 'MANAGE_GUIDELINES',
  MANAGE_SYNERGY_LINKS = 'MANAGE_SYNERGY_LINKS',
  MAINTAIN_KNOWLEDGE_AGENDA = 'MAINTAIN_KNOWLEDGE_AGENDA',
  MANAGE_RESEARCH_PROJECTS = 'MANAGE_RESEARCH_PROJECTS',
  PROPOSE_QUESTIONS = 'PROPOSE_QUESTIONS',
  COMMENT_IMPACT = 'COMMENT_IMPACT',
  ADD_PATIENT_PERSPECTIVE = 'ADD_PATIENT_PERSPECTIVE',
  REPORT_AS_GROUP_OWNER = 'REPORT_AS_GROUP_OWNER',
  ASSIGN_AGENDA_COORDINATORS = 'ASSIGN_AGENDA_COORDINATORS',
  MANAGE_SYNERGY_TRAJECTORIES = 'MANAGE_SYNERGY_TRAJECTORIES',
  CONTRIBUTE_TO_CONSULTATIONS = 'CONTRIBUTE_TO_CONSULTATIONS',
  SCORE_SHARED_PRIORITIES = 'SCORE_SHARED_PRIORITIES',
  MANAGE_WEBHOOKS = 'MANAGE_WEBHOOKS',
  SIGNAL_PACKAGE_ISSUES = 'SIGNAL_PACKAGE_ISSUES',
  REQUEST_PACKAGE_ASSESSMENT = 'REQUEST_PACKAGE_ASSESSMENT',
  RECORD_FUNDING_ARRANGEMENTS = 'RECORD_FUNDING_ARRANGEMENTS',
  DECIDE_ON_PACKAGE_ADVICE = 'DECIDE_ON_PACKAGE_ADVICE',
}

registerEnumType(Capability, {
  name: 'Capability',
  description:
    'Something the platform lets members of a party do (bevoegdheid), derived from documented responsibilities.',
  valuesConfig: {
    READ_PARTY_INTERNAL: { description: 'Read the drafts and internal fields of the own party.' },
    READ_ALL_INTERNAL: { description: 'Read drafts and internal fields of every party (VWS: “read everything”).' },
    EDIT_PARTY_PROFILE: { description: 'Edit the own party’s profile (short name, description).' },
    MANAGE_MEMBERS: { description: 'Add, change and remove members of the own party (ledenbeheer).' },
    MANAGE_USERS: { description: 'Platform operator: manage users and the members of any party.' },
    VIEW_AUDIT_TRAIL: { description: 'Read the audit trail (wie wijzigde wat, wanneer).' },
    MANAGE_PROGRAMMES: {
      description: 'Manage programmes, workstreams, deliverables and milestones for any owner (VWS).',
    },
    POST_STATUS_UPDATES: {
      description:
        'Report for the party: status updates on deliverables it owns or contributes to, the status and result of research projects it carries out, and evidence on conditions of package assessments it must meet.',
    },
    PUBLISH_ASSESSMENTS: {
      description: 'Create and publish package assessments (standpunten, pakketadviezen; Zorginstituut).',
    },
    COORDINATE_AGENDAS: {
      description:
        'Coordinate research agendas: consultation and adoption (Zorginstituut for every sector but msz; ZE&GG for msz).',
    },
    CONFIRM_SYNERGY_LINKS: { description: 'Confirm or dispute synergy links on the party’s side.' },
    RESOLVE_LINK_DISPUTES: { description: 'Resolve disputes on synergy links (Zorginstituut).' },
    MANAGE_GUIDELINES: { description: 'Own and edit the party’s guidelines and recommendations (richtlijnen).' },
    MANAGE_SYNERGY_LINKS: { description: 'Create and update synergy links from the party’s guidelines.' },
    MAINTAIN_KNOWLEDGE_AGENDA: { description: 'Maintain the party’s own knowledge agenda (kennisagenda).' },
    MANAGE_RESEARCH_PROJECTS: { description: 'Manage research projects and their link to questions (ZonMw).' },
    PROPOSE_QUESTIONS: {
      description:
        'Propose knowledge questions (kennisvragen), also by submitting them to topic calls (uitvraag) the party is invited to.',
    },
    COMMENT_IMPACT: { description: 'Comment on the organisational and financial impact of guidelines.' },
    ADD_PATIENT_PERSPECTIVE: { description: 'Add the patient perspective to questions, agendas and links.' },
    REPORT_AS_GROUP_OWNER: {
      description:
        'Post status updates on deliverables owned by the party’s kind (groepseigenaar, e.g. “zorgverzekeraars”).',
    },
    ASSIGN_AGENDA_COORDINATORS: {
      description: 'Name the party that coordinates a research agenda (regie op de onderzoeksagenda; VWS, operators).',
    },
    MANAGE_SYNERGY_TRAJECTORIES: {
      description:
        'Create and update synergy trajectories (synergietrajecten): Zorginstituut for all, an association for its own.',
    },
    CONTRIBUTE_TO_CONSULTATIONS: {
      description:
        'Contribute (inbreng) to consultation rounds the party is invited to; submitting questions to a topic call (uitvraag) is proposing them (PROPOSE_QUESTIONS).',
    },
    SCORE_SHARED_PRIORITIES: {
      description: 'Score the questions of an agenda the party is consulted on (gezamenlijke prioritering).',
    },
    MANAGE_WEBHOOKS: {
      description: 'Register and manage the own party’s webhook endpoints (meldingen aan eigen systemen).',
    },
    SIGNAL_PACKAGE_ISSUES: {
      description:
        'Raise package signals to the Zorginstituut (signaalfunctie, Zorg Advies Traject; zorgverzekeraars) for the own party.',
    },
    REQUEST_PACKAGE_ASSESSMENT: {
      description:
        'Ask the Zorginstituut for an assessment of whether an intervention belongs in the basic package (verzoek om beoordeling; zorgverzekeraars, zorgaanbieders, VWS) for the own party.',
    },
    DECIDE_ON_PACKAGE_ADVICE: {
      description:
        'Record (and correct) the minister’s decision whether to follow a pakketadvies of the Zorginstituut (besluit over overname; the party VWS) for the own party.',
    },
    RECORD_FUNDING_ARRANGEMENTS: {
      description:
        'Record the funding (bekostiging: a Wmg-prestatie, in some cases a tariff) of care a published package assessment admits (NZa) for the own party.',
    },
  },
});

export enum CapabilityScope {
  OWN_PARTY = 'OWN_PARTY',
  ANY_PARTY = 'ANY_PARTY',
}

registerEnumType(CapabilityScope, {
  name: 'CapabilityScope',
  description: 'Whose records a capability reaches.',
  valuesConfig: {
    OWN_PARTY: { description: 'Records owned by (or involving) the member’s own party.' },
    ANY_PARTY: { description: 'Records of every party.' },
  },
});

export enum Grantee {
  EVERY_PARTY = 'EVERY_PARTY',
  PARTY_KIND = 'PARTY_KIND',
  PARTY = 'PARTY',
  OPERATOR = 'OPERATOR',
}

registerEnumType(Grantee, {
  name: 'Grantee',
  description: 'Who a capability grant is for.',
  valuesConfig: {
    EVERY_PARTY: { description: 'Members of every party.' },
    PARTY_KIND: { description: 'Members of parties of one kind.' },
    PARTY: { description: 'Members of one named party (e.g. ZE&GG for msz agendas).' },
    OPERATOR: { description: 'Platform operators, whatever their memberships.' },
  },
});
