import type { EntityManager } from 'typeorm';
import type { ConsultationTargetKind } from '../../../entities/consultation.enums';
import { TARGET_COLUMN } from '../../auth/consultation.access';
import { BadUserInputError } from '../../errors';

/**
 * A draft rests on its consultation: while a round on it is not concluded (scheduled, open, or closed with
 * contributions to answer), no other round opens on it and it is neither adopted nor published, since its
 * contributions were written for the invited parties only and would turn public mid-round. The caller holds
 * the target (or, for an agenda version, its agenda) locked, as opening a round does, so the two wait for
 * each other.
 */
export async function assertNoRunningRound(
  manager: EntityManager,
  kind: ConsultationTargetKind,
  targetId: string,
  refusal: { message: string; field: string },
): Promise<void> {
  const running: unknown[] = await manager.query(
    `SELECT 1 FROM consultation_round WHERE ${TARGET_COLUMN[kind]} = $1 AND concluded_at IS NULL LIMIT 1`,
    [targetId],
  );
  if (running.length > 0) throw new BadUserInputError(refusal.message, refusal.field);
}
