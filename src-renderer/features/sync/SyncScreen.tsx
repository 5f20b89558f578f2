/** 办公室同步: enrollment, the report queue with its progress and problems, and offline export. */
import { useLiveQuery } from 'dexie-react-hooks';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { AttentionList } from './AttentionList';
import { EnrollPanel } from './EnrollPanel';
import { ExportPanel } from './ExportPanel';
import { QueuePanel } from './QueuePanel';

export function SyncScreen() {
  const { t } = useT();
  const state = useLiveQuery(() => repositories().syncState.get());
  if (!state) return null;
  const enrolled = state.enrollment !== undefined;
  return (
    <section data-testid="sync-screen">
      <h1>{t('sync.title')}</h1>
      <EnrollPanel enrollment={state.enrollment} />
      <QueuePanel enrolled={enrolled} />
      <AttentionList />
      <ExportPanel enrolled={enrolled} />
    </section>
  );
}
