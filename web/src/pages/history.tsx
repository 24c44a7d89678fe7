import { useT } from '../format';
import { Page } from '../ui';
import { History } from './deliverable';

/** Any record's history from the audit trail (a synergy link's, say); the API decides who may read it. */
export function HistoryPage({ id }: { id: string }) {
  const t = useT();
  return (
    <Page title={t('detail.history')} ready name="history">
      <History id={id} />
    </Page>
  );
}
