import type { EntityManager } from 'typeorm';
import type { AuditEvent, PackageAssessment, PackageSignal, PackageSignalCoSigner } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { MembershipRole } from '../../entities/membership-role.enum';
import { PackageSignalCoSignerStatus, PackageSignalKind } from '../../entities/package-signal.enums';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import { partiesHolding, type Policy } from './policy';
import type { ReadScope } from './synergy.access';

/**
 * Who reads and answers package signals (pakketsignalen). A signal is between the parties that raise it
 * (the raising party and the co-signers that accepted) and the party it is addressed to, which answers it (the
 * Zorginstituut): it is read by the members of those parties, whatever their role, and by VWS and operators
 * (READ_ALL_INTERNAL), as Policy.canReadInternal reads each of them; by nobody else, anonymous clients
 * included. A party named to co-sign reads it while PENDING too, to decide (as an association invited to co-own a
 * guideline reads the draft: mayReadGuidelineDraft), and no longer once it declined or the invitation was
 * withdrawn (`CO_SIGNER_READS`). The rule is here twice, side by side: `mayReadPackageSignal` for single records
 * and `PACKAGE_SIGNAL_VISIBLE_SQL` for the list; the audit trail and the events ask both for a signal's entries.
 */
function mayReadPackageSignal(scope: ReadScope, signalParties: readonly string[]): boolean {
  return scope.all || signalParties.some((id) => scope.partyIds.includes(id));
}

/**
 * The co-signers that read the signal: those that accepted, and those still asked (they read it to decide). The
 * one place for it: the read rule, its SQL twin, the audit trail and the events' scope (migration
 * ConsensualCoSigners) follow it.
 */
export const CO_SIGNER_READS: readonly PackageSignalCoSignerStatus[] = [
  PackageSignalCoSignerStatus.ACCEPTED,
  PackageSignalCoSignerStatus.PENDING,
];

const CO_SIGNER_READS_SQL = CO_SIGNER_READS.map((s) => `'${s}'`).join(', ');

/**
 * Who sees an invitation to co-sign and its answer (`PackageSignal.coSignerInvitations`): the members of the raising
 * party (which asked) and of the invited party (which answers), VWS and operators. The addressee and the other
 * co-signers see who co-signs, not who was asked.
 */
export function mayReadCoSignerInvitation(
  scope: ReadScope,
  signal: Pick<PackageSignal, 'raisingPartyId'>,
  coSigner: Pick<PackageSignalCoSigner, 'partyId'>,
): boolean {
  return scope.all || scope.partyIds.includes(signal.raisingPartyId) || scope.partyIds.includes(coSigner.partyId);
}

/** SQL twin of `mayReadPackageSignal` over a package_signal row; `all` and `parties` are the bound ReadScope. */
export const PACKAGE_SIGNAL_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${all} OR ${alias}.raising_party_id = ANY(${parties}) OR ${alias}.addressee_party_id = ANY(${parties})
    OR EXISTS (SELECT 1 FROM package_signal_co_signer cs_v WHERE cs_v.signal_id = ${alias}.id AND cs_v.party_id = ANY(${parties})
                  AND cs_v.status IN (${CO_SIGNER_READS_SQL})))`;

/**
 * SQL twin of `PackageSignalAccess.readersAmong` for the audit trail: audit event `alias` is on a package
 * signal that one of `parties` (a bound uuid array) reads by the signal rule above.
 */
export function packageSignalEventOfPartiesSql(alias: string, parties: string): string {
  return `(${alias}.entity_type = 'PackageSignal' AND ${alias}.entity_id IN (
      SELECT s_a.id FROM package_signal s_a WHERE ${PACKAGE_SIGNAL_VISIBLE_SQL('s_a', 'false', parties)}))`;
}

/**
 * The parties a signal can be addressed to: those whose grants give one of their active members
 * PUBLISH_ASSESSMENTS for the party itself (the Zorginstituut), judged by its members' highest role now: the
 * addressee is fixed at raising, so it must have someone to answer. A party nobody could answer for is none.
 * In the caller's transaction.
 */
function partiesAnsweringSignals(manager: EntityManager): Promise<string[]> {
  return partiesHolding(manager, Capability.PUBLISH_ASSESSMENTS, { role: 'HIGHEST_ACTIVE' });
}

/**
 * What raising (and changing, withdrawing) each kind of signal needs of the raising party. A signal and a Zorg
 * Advies Traject are the insurers' (verzekeraars-signaalfunctie, verzekeraars-zorg-advies-traject); a request
 * for an assessment is open to insurers, providers and VWS (zin-beoordeelt-op-verzoek). Two capabilities, not a
 * list of party kinds here, so the grants say who may raise what and `me.capabilities` shows it.
 */
export const CAPABILITY_TO_RAISE: Readonly<Record<PackageSignalKind, Capability>> = {
  [PackageSignalKind.SIGNAL]: Capability.SIGNAL_PACKAGE_ISSUES,
  [PackageSignalKind.ZORG_ADVIES_TRAJECT]: Capability.SIGNAL_PACKAGE_ISSUES,
  [PackageSignalKind.ASSESSMENT_REQUEST]: Capability.REQUEST_PACKAGE_ASSESSMENT,
};

/**
 * Of `partyIds`, those that may co-sign a signal of `kind`: parties whose editors may raise that kind themselves
 * (CAPABILITY_TO_RAISE, by the grants, judged at the most a member can be). Co-signing joins the raising:
 * a signal or a Zorg Advies Traject is the insurers' (the ZAT is run by insurers together), a request for an
 * assessment may be made together by those who may request one (insurers, provider associations, VWS:
 * zin-beoordeelt-op-verzoek). In the caller's transaction.
 */
export function partiesThatMayCoSign(
  manager: EntityManager,
  kind: PackageSignalKind,
  partyIds: readonly string[],
): Promise<string[]> {
  if (partyIds.length === 0) return Promise.resolve([]);
  return partiesHolding(manager, CAPABILITY_TO_RAISE[kind], { role: MembershipRole.ADMIN, partyIds });
}

export class PackageSignalAccess {
  private scopeOnce?: Promise<ReadScope>;

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Whose signals the viewer reads, once per request: all of them for VWS and operators (READ_ALL_INTERNAL),
   * else those of the parties whose internal records the viewer reads (its own parties, any role): the
   * reach of Policy.canReadInternal.
   */
  readScope(): Promise<ReadScope> {
    this.scopeOnce ??= (async () => {
      if (!this.policy.viewer.isAuthenticated) return { all: false, partyIds: [] };
      const [readsAll, own] = await Promise.all([
        this.policy.can(Capability.READ_ALL_INTERNAL),
        this.policy.reach(Capability.READ_PARTY_INTERNAL),
      ]);
      return { all: readsAll || own.all, partyIds: own.partyIds };
    })();
    return this.scopeOnce;
  }

  /** The raising party, the addressee and the co-signers that read it (one batched statement for many signals). */
  async partiesOf(signal: Pick<PackageSignal, 'id' | 'raisingPartyId' | 'addresseePartyId'>): Promise<string[]> {
    const coSigners = await this.loaders.coSignersBySignalId.load(signal.id);
    return [
      signal.raisingPartyId,
      signal.addresseePartyId,
      ...coSigners.filter((c) => CO_SIGNER_READS.includes(c.status)).map((c) => c.partyId),
    ];
  }

  /** The co-signer rows of a signal the viewer sees (`mayReadCoSignerInvitation`), in the order they were named. */
  async coSignerInvitationsOf(signal: Pick<PackageSignal, 'id' | 'raisingPartyId'>): Promise<PackageSignalCoSigner[]> {
    const scope = await this.readScope();
    return (await this.loaders.coSignersBySignalId.load(signal.id)).filter((c) =>
      mayReadCoSignerInvitation(scope, signal, c),
    );
  }

  async canRead(signal: PackageSignal): Promise<boolean> {
    const scope = await this.readScope();
    if (mayReadPackageSignal(scope, [signal.raisingPartyId, signal.addresseePartyId])) return true;
    if (scope.partyIds.length === 0) return false;
    return mayReadPackageSignal(scope, await this.partiesOf(signal));
  }

  /**
   * Of `partyIds`, those that read signal `signalId` by the rule above (the audit trail gives them its
   * entries: packageSignalEventOfPartiesSql is the SQL twin); none for a signal that is gone.
   */
  async readersAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId'>,
    partyIds: readonly string[],
  ): Promise<string[]> {
    if (event.entityType !== 'PackageSignal' || !partyIds.length) return [];
    const signal = await this.loaders.packageSignalById.load(event.entityId);
    if (!signal) return [];
    const parties = await this.partiesOf(signal);
    return partyIds.filter((id) => parties.includes(id));
  }

  /** Before any change: a signal the viewer may not read is NOT_FOUND, like a missing one. */
  async assertReadable(signal: PackageSignal): Promise<void> {
    if (!(await this.canRead(signal))) throw new NotFoundError('No package signal with this id.');
  }

  /**
   * The party a new signal of `kind` is raised for: `requested` when given, else the viewer's first party that
   * holds the kind's capability (CAPABILITY_TO_RAISE) — always through a membership of that party itself.
   * FORBIDDEN otherwise, also for a kind another party kind may raise: the same input is fine from someone else.
   */
  async raisingParty(requested: string | null, kind: PackageSignalKind): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to raise a package signal.');
    const candidates = requested ? [requested] : this.policy.viewer.partyIds;
    const raising = await this.firstHolding(CAPABILITY_TO_RAISE[kind], candidates);
    if (raising) return raising;
    // Say which kinds the viewer may raise instead: a provider association leaving out `kind` gets SIGNAL.
    const instead: PackageSignalKind[] = [];
    for (const other of Object.values(PackageSignalKind)) {
      const capability = CAPABILITY_TO_RAISE[other];
      if (capability !== CAPABILITY_TO_RAISE[kind] && (await this.firstHolding(capability, candidates)))
        instead.push(other);
    }
    throw new ForbiddenError(
      `Your memberships do not allow you to raise a package signal of kind ${kind}${requested ? ' for this party' : ''} (needs ${CAPABILITY_TO_RAISE[kind]})${instead.length ? `; you may raise ${instead.join(' or ')}` : ''}.`,
    );
  }

  /** The first of `partyIds` whose own membership gives the viewer `capability` for it. */
  private async firstHolding(capability: Capability, partyIds: readonly string[]): Promise<string | null> {
    for (const partyId of partyIds) {
      const { allowed, actingPartyId } = await this.policy.check(capability, partyId);
      if (allowed && actingPartyId === partyId) return partyId;
    }
    return null;
  }

  /**
   * The party a new signal is addressed to: `requested` when it answers signals, else the one party that
   * does (partiesAnsweringSignals); BAD_USER_INPUT on `addresseePartyId` when that is none or several.
   */
  async addressee(manager: EntityManager, requested: string | null): Promise<string> {
    const answering = await partiesAnsweringSignals(manager);
    const field = 'input.addresseePartyId';
    if (requested) {
      if (answering.includes(requested)) return requested;
      throw new BadUserInputError(
        'This party does not answer package signals: none of its members holds PUBLISH_ASSESSMENTS for it.',
        field,
      );
    }
    if (answering.length === 1) return answering[0]!;
    throw new BadUserInputError(
      answering.length
        ? 'Several parties answer package signals: name the one you address in "addresseePartyId".'
        : 'No party can answer a package signal now: no member of any party holds PUBLISH_ASSESSMENTS for it.',
      field,
    );
  }

  /** Editing or withdrawing: the raising party's editors (the capability its kind needs, for that party). */
  async assertRaiser(signal: PackageSignal, what: string): Promise<string> {
    await this.assertReadable(signal);
    const needed = CAPABILITY_TO_RAISE[signal.kind];
    const { allowed, actingPartyId } = await this.policy.check(needed, signal.raisingPartyId);
    if (allowed && actingPartyId === signal.raisingPartyId) return actingPartyId;
    throw new ForbiddenError(`Only editors of the raising party may ${what} (needs ${needed}).`);
  }

  /**
   * Accepting or declining an invitation to co-sign: an editor of the invited party itself, holding the capability
   * the signal's kind needs to raise it (CAPABILITY_TO_RAISE) for that party, as the raising party's editors do;
   * returns that party. `requested` names it; by default the viewer's first party with a PENDING invitation (then
   * its first answered one, so a second answer says that it is no longer pending). NOT_FOUND for a signal the
   * viewer does not read (a party that declined reads it no longer); FORBIDDEN when the viewer answers for no
   * invited party; BAD_USER_INPUT on `partyId` for a party that was not asked.
   */
  async assertCoSignerEditor(
    signal: PackageSignal,
    coSigners: readonly Pick<PackageSignalCoSigner, 'partyId' | 'status'>[],
    requested: string | null,
    what: string,
  ): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    await this.assertReadable(signal);
    const needed = CAPABILITY_TO_RAISE[signal.kind];
    const asked = [...coSigners].sort(
      (a, b) =>
        Number(b.status === PackageSignalCoSignerStatus.PENDING) -
        Number(a.status === PackageSignalCoSignerStatus.PENDING),
    );
    const candidates = requested
      ? [requested]
      : asked.map((c) => c.partyId).filter((id) => this.policy.viewer.partyIds.includes(id));
    const party = await this.firstHolding(needed, candidates);
    if (!party)
      throw new ForbiddenError(`Only editors of a party asked to co-sign this signal may ${what} (needs ${needed}).`);
    if (!coSigners.some((c) => c.partyId === party))
      throw new BadUserInputError('This party was not asked to co-sign this signal.', 'input.partyId');
    return party;
  }

  /**
   * Whether the viewer may accept or decline an invitation to co-sign now, as `assertCoSignerEditor` decides: for a
   * screen to offer the answer only to those; false once it is no longer PENDING.
   */
  async mayAnswerCoSigning(
    signal: Pick<PackageSignal, 'kind'>,
    coSigner: Pick<PackageSignalCoSigner, 'partyId' | 'status'>,
  ): Promise<boolean> {
    if (!this.policy.viewer.isAuthenticated || coSigner.status !== PackageSignalCoSignerStatus.PENDING) return false;
    return (await this.firstHolding(CAPABILITY_TO_RAISE[signal.kind], [coSigner.partyId])) !== null;
  }

  /**
   * Answering (declining, taking up): the addressee's own holders of PUBLISH_ASSESSMENTS, acting for it;
   * returns the addressee. Its other members read the signal but do not answer it.
   */
  async assertAnswerer(signal: PackageSignal, what: string): Promise<string> {
    await this.assertReadable(signal);
    const { allowed, actingPartyId } = await this.policy.check(Capability.PUBLISH_ASSESSMENTS, signal.addresseePartyId);
    if (allowed && actingPartyId === signal.addresseePartyId) return actingPartyId;
    throw new ForbiddenError(
      `Only the party the signal is addressed to may ${what} (needs PUBLISH_ASSESSMENTS for that party).`,
    );
  }

  /**
   * Taking up into an existing assessment (after assertAnswerer): one of the addressee's own, which its
   * answerers publish. Another party's is BAD_USER_INPUT even for a viewer who also publishes for that party:
   * the signal was put to the addressee, not to whichever package manager the viewer belongs to.
   */
  async assertAddresseeAssessment(signal: PackageSignal, assessment: PackageAssessment): Promise<void> {
    if (assessment.assessorPartyId === signal.addresseePartyId) return;
    const addressee = await this.loaders.partyById.load(signal.addresseePartyId);
    throw new BadUserInputError(
      `This assessment is another party's: take it up into an assessment of ${addressee?.name ?? 'the party the signal is addressed to'}.`,
      'input.assessmentId',
    );
  }

  /**
   * The viewer's parties through which they answer signals addressed to them (the inbox's
   * PACKAGE_SIGNAL_AWAITING_ANSWER): PUBLISH_ASSESSMENTS held for every sector, as `assertAnswerer` asks it.
   */
  async answeringParties(): Promise<string[]> {
    return [...new Set((await this.policy.reach(Capability.PUBLISH_ASSESSMENTS)).partyIds)];
  }
}
