import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { errorCode, type Handled } from '../errors';
import { partyName, useT, type PartyRef } from '../format';
import { CONFIRM_LINK } from '../operations.mjs';
import { Link } from '../router';
import { currentSession } from '../session';
import { ErrorMessage } from '../ui';

export type Side = 'GUIDELINE_OWNER' | 'ASSESSOR';

export interface LinkRow {
  id: string;
  version: number;
  alignment: string;
  linkType: string;
  confirmed: boolean;
  awaitingConfirmationFrom: Side[];
  /** The sides the API says this viewer may confirm now (it decides again when a button is pressed). */
  confirmableSides: Side[];
  guideline: { id: string; title: string; owners: PartyRef[] };
  recommendation: { id: string; text: string } | null;
  assessment: { id: string; title: string; assessorParty: PartyRef | null };
}

/**
 * A confirmation changes counts, lists and inboxes on every view, not only this one: drop them from the
 * cache, or a view visited before comes back (cache-first) with the numbers from before. The views on
 * screen then ask again (`onQueryUpdated`), keeping what they show until the answer is there.
 */
function forgetSynergy(cache: ApolloCache): void {
  for (const fieldName of ['synergyOverview', 'synergyConflicts', 'synergyLinks', 'myInbox'])
    cache.evict({ id: 'ROOT_QUERY', fieldName });
}

/** A CONFLICT on confirm makes the page read the link again (below): news to tell, not a failure. */
const CONFIRM_HANDLED: Handled = { CONFLICT: 'synergy.changedMeanwhile' };

export function LinkTable({
  links,
  caption,
  only,
}: {
  links: LinkRow[];
  caption: string;
  /** A list of links awaiting one side offers to confirm that side only. */
  only?: Side;
}) {
  const t = useT();
  const client = useApolloClient();
  const [confirm, { error, loading }] = useMutation(CONFIRM_LINK, {
    update: forgetSynergy,
    onQueryUpdated: () => true,
  });
  const [done, setDone] = useState(false);
  // Also above an empty list: the last link of a list may just have been confirmed or changed.
  const outcome = (
    <>
      {error && <ErrorMessage error={error} handled={CONFIRM_HANDLED} />}
      {done && <p role="status">{t('synergy.confirmedNow')}</p>}
    </>
  );
  if (links.length === 0)
    return (
      <>
        {outcome}
        <p>{t('common.none')}</p>
      </>
    );
  return (
    <>
      {outcome}
      <div className="table-wrap">
        <table className="links">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('synergy.guideline')}</th>
              <th scope="col">{t('synergy.assessment')}</th>
              <th scope="col">{t('synergy.alignment')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => {
              const sides = link.confirmableSides.filter((s) => !only || s === only);
              return (
                <tr key={link.id} data-link={link.id}>
                  <th scope="row">
                    {link.guideline.title}
                    <span className="depends">
                      {link.guideline.owners.map((p) => partyName(p)).join(', ')}
                      {currentSession() && (
                        <>
                          {' · '}
                          <Link to={`/history/${encodeURIComponent(link.id)}`}>
                            {t('detail.historyLink')}
                            <span className="visually-hidden">: {link.guideline.title}</span>
                          </Link>
                        </>
                      )}
                    </span>
                  </th>
                  <td>
                    {link.assessment.title}
                    <span className="depends">{partyName(link.assessment.assessorParty)}</span>
                  </td>
                  <td>{t(`synergy.alignment.${link.alignment as 'ALIGNED'}`)}</td>
                  <td>
                    {link.confirmed
                      ? t('party.linkConfirmed')
                      : t('party.awaiting', {
                          sides: link.awaitingConfirmationFrom.map((s) => t(`party.side.${s}`)).join(', '),
                        })}
                    {sides.map((side) => (
                      <button
                        key={side}
                        type="button"
                        className="inline"
                        data-side={side}
                        disabled={loading}
                        onClick={() =>
                          // A refusal shows as `error` above. CONFLICT: someone changed the link since this
                          // page read it, and every press would send that old version again: read it again.
                          void confirm({ variables: { input: { id: link.id, version: link.version, side } } }).then(
                            () => setDone(true),
                            (refusal: unknown) => {
                              if (errorCode(refusal) === 'CONFLICT')
                                void client.refetchQueries({ updateCache: forgetSynergy, onQueryUpdated: () => true });
                            },
                          )
                        }
                      >
                        {t('synergy.confirm')}
                        {sides.length > 1 && ` (${t(`party.side.${side}`)})`}
                        <span className="visually-hidden">
                          : {link.guideline.title} – {link.assessment.title}
                        </span>
                      </button>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
