// Every migration, in order. Add a generated migration here; never edit one that has landed.
import { Extensions1763900000000 } from './1763900000000-Extensions';
import { Initial1795447078383 } from './1795447078383-Initial';
import { Identity1795448351300 } from './1795448351300-Identity';
import { Interventions1795448792515 } from './1795448792515-Interventions';
import { ResearchAgendas1795449850589 } from './1795449850589-ResearchAgendas';
import { Synergy1795450022118 } from './1795450022118-Synergy';
import { Deliverables1795450528656 } from './1795450528656-Deliverables';
import { StoredConflicts1796000000000 } from './1796000000000-StoredConflicts';
import { DeliverableLatestFacts1796100000000 } from './1796100000000-DeliverableLatestFacts';
import { QuestionSearchTerms1796200000000 } from './1796200000000-QuestionSearchTerms';
import { DataChangeNotifications1796300000000 } from './1796300000000-DataChangeNotifications';
import { SimilarSectorsOnce1796400000000 } from './1796400000000-SimilarSectorsOnce';
import { QuestionIndexInApi1796500000000 } from './1796500000000-QuestionIndexInApi';
import { QuestionWordsInCodePointOrder1796600000000 } from './1796600000000-QuestionWordsInCodePointOrder';
import { ShortNamesAndClientRequestIds1796760000000 } from './1796760000000-ShortNamesAndClientRequestIds';
import { SectorBoundGrants1796780000000 } from './1796780000000-SectorBoundGrants';
import { GroupOwners1799000000000 } from './1799000000000-GroupOwners';
import { OutputProgress1799000100000 } from './1799000100000-OutputProgress';
import { MissingEdits1799000200000 } from './1799000200000-MissingEdits';
import { PackageCycle1799000300000 } from './1799000300000-PackageCycle';
import { QuestionOrigin1799000400000 } from './1799000400000-QuestionOrigin';
import { Consultation1798000000000 } from './1798000000000-Consultation';
import { DomainEvents1800000000000 } from './1800000000000-DomainEvents';
import { Webhooks1800000100000 } from './1800000100000-Webhooks';
import { Inbox1800000200000 } from './1800000200000-Inbox';
import { ConsultationEvents1800000500000 } from './1800000500000-ConsultationEvents';
import { SectorChangeNotifications1800000600000 } from './1800000600000-SectorChangeNotifications';
import { OverviewSectorNotifications1800000700000 } from './1800000700000-OverviewSectorNotifications';
import { QuietDerivedDeliverableFacts1800000800000 } from './1800000800000-QuietDerivedDeliverableFacts';
import { EventsWithoutDisputeReason1800000900000 } from './1800000900000-EventsWithoutDisputeReason';
import { ReassessmentNotesWithoutTitle1800001000000 } from './1800001000000-ReassessmentNotesWithoutTitle';
import { ConflictEventsWhenDue1800001100000 } from './1800001100000-ConflictEventsWhenDue';
import { WebhookWorkerState1800001200000 } from './1800001200000-WebhookWorkerState';
import { ConditionTrailOwnedByAssessor1800001300000 } from './1800001300000-ConditionTrailOwnedByAssessor';
import { NamesWithoutAddresses1800001400000 } from './1800001400000-NamesWithoutAddresses';
import { EventRetention1800001500000 } from './1800001500000-EventRetention';
import { AssociationCallsStayWithTheAssociation1800001600000 } from './1800001600000-AssociationCallsStayWithTheAssociation';
import { SubmissionsPerParty1800001700000 } from './1800001700000-SubmissionsPerParty';
import { HyphenatedPeriodsReadAgain1800001800000 } from './1800001800000-HyphenatedPeriodsReadAgain';
import { ResolvedDisputesWaitAgain1800002400000 } from './1800002400000-ResolvedDisputesWaitAgain';
import { WebhookSecretsPerRotation1800002500000 } from './1800002500000-WebhookSecretsPerRotation';
import { WebhookUrlsHiddenInTheAuditTrail1800002500001 } from './1800002500001-WebhookUrlsHiddenInTheAuditTrail';
import { TopicCallEvents1800002515000 } from './1800002515000-TopicCallEvents';
import { QuestionOriginGuideline1800002600000 } from './1800002600000-QuestionOriginGuideline';
import { QuestionOriginGuidelineFromTheTrail1800002736000 } from './1800002736000-QuestionOriginGuidelineFromTheTrail';
import { PageKeysInMilliseconds1800002770000 } from './1800002770000-PageKeysInMilliseconds';
import { PackageSignals1800002780000 } from './1800002780000-PackageSignals';
import { Perspectives1800002790000 } from './1800002790000-Perspectives';
import { GuidelineOwnerInvitations1800002800000 } from './1800002800000-GuidelineOwnerInvitations';
import { GrantsVersion1800002810000 } from './1800002810000-GrantsVersion';
import { EventScopeDispatch1800002840000 } from './1800002840000-EventScopeDispatch';
import { InvitedPartiesInEventScope1800002853000 } from './1800002853000-InvitedPartiesInEventScope';
import { AuditEventDeletions1800002870000 } from './1800002870000-AuditEventDeletions';
import { SingleDutyGrants1800002890000 } from './1800002890000-SingleDutyGrants';
import { AuditEventsOfParties1800002900000 } from './1800002900000-AuditEventsOfParties';
import { AssessmentRequests1800002910000 } from './1800002910000-AssessmentRequests';
import { EventsByParty1800002950000 } from './1800002950000-EventsByParty';
import { AgendaGrantsExcludingASector1800002960000 } from './1800002960000-AgendaGrantsExcludingASector';

import { MinisterialDecisions1800002970000 } from './1800002970000-MinisterialDecisions';
import { FundingArrangements1800002980000 } from './1800002980000-FundingArrangements';
import { ConsensualCoSigners1800002990000 } from './1800002990000-ConsensualCoSigners';
export const migrations: Function[] = [
  Extensions1763900000000,
  Initial1795447078383,
  Identity1795448351300,
  Interventions1795448792515,
  ResearchAgendas1795449850589,
  Synergy1795450022118,
  Deliverables1795450528656,
  StoredConflicts1796000000000,
  DeliverableLatestFacts1796100000000,
  QuestionSearchTerms1796200000000,
  DataChangeNotifications1796300000000,
  SimilarSectorsOnce1796400000000,
  QuestionIndexInApi1796500000000,
  QuestionWordsInCodePointOrder1796600000000,
  ShortNamesAndClientRequestIds1796760000000,
  SectorBoundGrants1796780000000,
  GroupOwners1799000000000,
  OutputProgress1799000100000,
  MissingEdits1799000200000,
  PackageCycle1799000300000,
  QuestionOrigin1799000400000,
  Consultation1798000000000,
  DomainEvents1800000000000,
  Webhooks1800000100000,
  Inbox1800000200000,
  ConsultationEvents1800000500000,
  SectorChangeNotifications1800000600000,
  OverviewSectorNotifications1800000700000,
  QuietDerivedDeliverableFacts1800000800000,
  EventsWithoutDisputeReason1800000900000,
  ReassessmentNotesWithoutTitle1800001000000,
  ConflictEventsWhenDue1800001100000,
  WebhookWorkerState1800001200000,
  ConditionTrailOwnedByAssessor1800001300000,
  NamesWithoutAddresses1800001400000,
  EventRetention1800001500000,
  AssociationCallsStayWithTheAssociation1800001600000,
  SubmissionsPerParty1800001700000,
  HyphenatedPeriodsReadAgain1800001800000,
  ResolvedDisputesWaitAgain1800002400000,
  WebhookSecretsPerRotation1800002500000,
  WebhookUrlsHiddenInTheAuditTrail1800002500001,
  TopicCallEvents1800002515000,
  QuestionOriginGuideline1800002600000,
  QuestionOriginGuidelineFromTheTrail1800002736000,
  PageKeysInMilliseconds1800002770000,
  PackageSignals1800002780000,
  Perspectives1800002790000,
  GuidelineOwnerInvitations1800002800000,
  GrantsVersion1800002810000,
  EventScopeDispatch1800002840000,
  InvitedPartiesInEventScope1800002853000,
  AuditEventDeletions1800002870000,
  SingleDutyGrants1800002890000,
  AuditEventsOfParties1800002900000,
  AssessmentRequests1800002910000,
  EventsByParty1800002950000,
  AgendaGrantsExcludingASector1800002960000,
  MinisterialDecisions1800002970000,
  FundingArrangements1800002980000,
  ConsensualCoSigners1800002990000,
];
