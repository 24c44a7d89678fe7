import { AuditEvent } from './audit-event.entity';
import { CapabilityGrant } from './capability-grant.entity';
import { Intervention } from './intervention.entity';
import { Membership } from './membership.entity';
import { PackageCriterion } from './package-criterion.entity';
import { Party } from './party.entity';
import { Responsibility } from './responsibility.entity';
import { Sector } from './sector.entity';
import { SeedRun } from './seed-run.entity';
import { User } from './user.entity';
import { Guideline } from './guideline.entity';
import { Recommendation } from './recommendation.entity';
import { AssessmentCriterionVerdict, PackageAssessment } from './package-assessment.entity';
import { SynergyLink } from './synergy-link.entity';
import { SynergyTrajectory } from './synergy-trajectory.entity';
import { AgendaItem, ResearchAgenda, ResearchAgendaVersion } from './research-agenda.entity';
import { KnowledgeQuestion, PrioritisationCriterion, QuestionScore } from './knowledge-question.entity';
import { ResearchProject } from './research-project.entity';

export {
  AuditEvent,
  CapabilityGrant,
  Intervention,
  Membership,
  PackageCriterion,
  Party,
  Responsibility,
  Sector,
  SeedRun,
  User,
  Guideline,
  Recommendation,
  PackageAssessment,
  AssessmentCriterionVerdict,
  SynergyLink,
  SynergyTrajectory,
  ResearchAgenda,
  ResearchAgendaVersion,
  AgendaItem,
  KnowledgeQuestion,
  PrioritisationCriterion,
  QuestionScore,
  ResearchProject,
};

/** Every entity TypeORM maps; migrations must match this list exactly. */
export const entities = [
  Party,
  Sector,
  PackageCriterion,
  Responsibility,
  SeedRun,
  User,
  Membership,
  CapabilityGrant,
  AuditEvent,
  Intervention,
  Guideline,
  Recommendation,
  PackageAssessment,
  AssessmentCriterionVerdict,
  SynergyLink,
  SynergyTrajectory,
  ResearchAgenda,
  ResearchAgendaVersion,
  AgendaItem,
  KnowledgeQuestion,
  PrioritisationCriterion,
  QuestionScore,
  ResearchProject,
];
