import type { PackageAssessment, PackageSignal } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import type { Policy } from './policy';
import type { ReadScope } from './synergy.access';

/**
 * Who reads and answers package signals (pakketsignalen). A signal is between the parties that raise it
 * (the raising party and its co-signers) and the Zorginstituut it is addressed to: it is read by the
 * members of those parties, by whoever answers signals (PUBLISH_ASSESSMENTS), and by VWS and operators
 * (READ_ALL_INTERNAL); by nobody else, anonymous clients included. The rule is here twice, side by side:
 * `mayReadPackageSignal` for single records and `PACKAGE_SIGNAL_VISIBLE_SQL` for the list.
 */
export function mayReadPackageSignal(scope: ReadScope, signalParties: readonly string[]): boolean {
  return scope.all || signalParties.some((id) => scope.partyIds.includes(id));
}

/** SQL twin of `mayReadPackageSignal` over a package_signal row; `all` and `parties` are the bound ReadScope. */
export const PACKAGE_SIGNAL_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${all} OR ${alias}.raising_party_id = ANY(${parties})
    OR EXISTS (SELECT 1 FROM package_signal_co_signer cs_v WHERE cs_v.signal_id = ${alias}.id AND cs_v.party_id = ANY(${parties})))`;

export class PackageSignalAccess {
  private scopeOnce?: Promise<ReadScope>;

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Whose signals the viewer reads, once per request: all of them for VWS, operators and those who answer
   * signals (PUBLISH_ASSESSMENTS through any party); else those of the parties whose internal records the
   * viewer reads (its own parties).
   */
  readScope(): Promise<ReadScope> {
    this.scopeOnce ??= (async () => {
      if (!this.policy.viewer.isAuthenticated) return { all: false, partyIds: [] };
      const [readsAll, answers, own] = await Promise.all([
        this.policy.can(Capability.READ_ALL_INTERNAL),
        this.policy.can(Capability.PUBLISH_ASSESSMENTS),
        this.policy.reach(Capability.READ_PARTY_INTERNAL),
      ]);
      return { all: readsAll || answers || own.all, partyIds: own.partyIds };
    })();
    return this.scopeOnce;
  }

  /** The raising party and the co-signers (one batched statement for many signals). */
  async partiesOf(signal: Pick<PackageSignal, 'id' | 'raisingPartyId'>): Promise<string[]> {
    const coSigners = await this.loaders.coSignersBySignalId.load(signal.id);
    return [signal.raisingPartyId, ...coSigners.map((p) => p.id)];
  }

  async canRead(signal: PackageSignal): Promise<boolean> {
    const scope = await this.readScope();
    if (mayReadPackageSignal(scope, [signal.raisingPartyId])) return true;
    if (scope.partyIds.length === 0) return false;
    return mayReadPackageSignal(scope, await this.partiesOf(signal));
  }

  /** Before any change: a signal the viewer may not read is NOT_FOUND, like a missing one. */
  async assertReadable(signal: PackageSignal): Promise<void> {
    if (!(await this.canRead(signal))) throw new NotFoundError('No package signal with this id.');
  }

  /**
   * The party a new signal is raised for: `requested` when given, else the viewer's first party that holds
   * SIGNAL_PACKAGE_ISSUES — always through a membership of that party itself.
   */
  async raisingParty(requested: string | null): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to raise a package signal.');
    const candidates = requested ? [requested] : this.policy.viewer.partyIds;
    for (const partyId of candidates) {
      const { allowed, actingPartyId } = await this.policy.check(Capability.SIGNAL_PACKAGE_ISSUES, partyId);
      if (allowed && actingPartyId === partyId) return partyId;
    }
    throw new ForbiddenError(
      requested
        ? 'Your memberships do not allow you to raise a package signal for this party (needs SIGNAL_PACKAGE_ISSUES).'
        : 'Your memberships do not allow you to raise a package signal (needs SIGNAL_PACKAGE_ISSUES).',
    );
  }

  /** Editing or withdrawing: the raising party's editors (SIGNAL_PACKAGE_ISSUES for that party). */
  async assertRaiser(signal: PackageSignal, what: string): Promise<string> {
    await this.assertReadable(signal);
    const { allowed, actingPartyId } = await this.policy.check(Capability.SIGNAL_PACKAGE_ISSUES, signal.raisingPartyId);
    if (allowed && actingPartyId === signal.raisingPartyId) return actingPartyId;
    throw new ForbiddenError(`Only editors of the raising party may ${what} (needs SIGNAL_PACKAGE_ISSUES).`);
  }

  /** Declining: whoever answers signals (PUBLISH_ASSESSMENTS); returns the party answered for. */
  async assertAnswerer(signal: PackageSignal, what: string): Promise<string | null> {
    await this.assertReadable(signal);
    return this.policy.assert(Capability.PUBLISH_ASSESSMENTS, undefined, what);
  }

  /** Taking up into an assessment: the assessment's assessor (PUBLISH_ASSESSMENTS for its party). */
  async assertAssessor(signal: PackageSignal, assessment: PackageAssessment, what: string): Promise<string | null> {
    await this.assertReadable(signal);
    return this.policy.assert(Capability.PUBLISH_ASSESSMENTS, assessment.assessorPartyId, what);
  }

  /** The viewer's parties through which they answer signals (the inbox's PACKAGE_SIGNAL_AWAITING_ANSWER). */
  async answeringParties(): Promise<string[]> {
    const held = await this.policy.capabilities();
    return [
      ...new Set(
        held
          .filter((e) => e.capability === Capability.PUBLISH_ASSESSMENTS && e.partyId !== null)
          .map((e) => e.partyId!),
      ),
    ];
  }
}
