/**
 * The outbox at a glance: how many reports wait, need attention or are synced; the 同步 button;
 * progress of the current run ("n / m · x / y MB"); when the engine will try again by itself.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, useSyncExternalStore } from 'react';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { describeSyncCallError } from './describe';
import { syncEngine, syncNow } from './sync-service';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function useEngineSnapshot() {
  const engine = syncEngine();
  return useSyncExternalStore(engine.subscribe, engine.snapshot);
}

export function QueuePanel({ enrolled }: { enrolled: boolean }) {
  const { t, locale } = useT();
  const summary = useLiveQuery(() => repositories().outbox.summary());
  const snapshot = useEngineSnapshot();
  const [problem, setProblem] = useState<string | null>(null);
  const [pulled, setPulled] = useState<{ count: number; problems: string[] } | null>(null);
  const [pressed, setPressed] = useState(false);

  async function run(): Promise<void> {
    setProblem(null);
    setPressed(true);
    try {
      const result = await syncNow();
      setPulled({ count: result.applied, problems: result.problems });
    } catch (error) {
      setProblem(describeSyncCallError(locale, error));
    } finally {
      setPressed(false);
    }
  }

  const running = snapshot.running || pressed;
  const progress = snapshot.progress;
  const time = (iso: string): string => new Date(iso).toLocaleTimeString(locale);
  return (
    <section className="panel" data-testid="queue-panel">
      <h2>{t('sync.queue.title')}</h2>
      {summary && (
        <p data-testid="queue-counts" data-pending={summary.pending + summary.sending} data-attention={summary.attention} data-synced={summary.synced}>
          {t('sync.queue.counts', { pending: summary.pending + summary.sending, attention: summary.attention, synced: summary.synced })}
        </p>
      )}
      {summary && summary.pending + summary.sending + summary.attention === 0 && summary.synced > 0 && <p className="muted">{t('sync.queue.allSynced')}</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={!enrolled || running} onClick={() => void run()} data-testid="sync-now">
          {running ? t('sync.running') : t('sync.now')}
        </button>
      </div>
      {progress && progress.total > 0 && (
        <p data-testid="sync-progress">
          <progress max={progress.total} value={progress.done + progress.failed} />{' '}
          {t('sync.progress', { done: progress.done, total: progress.total, sent: mb(progress.bytesSent), bytes: mb(progress.bytesTotal) })}
        </p>
      )}
      {snapshot.lastRun && (
        <p className="muted" data-testid="sync-last-run">
          {t('sync.lastRun', { time: time(snapshot.lastRun.at), synced: snapshot.lastRun.synced, attention: snapshot.lastRun.attention, retry: snapshot.lastRun.retry })}
        </p>
      )}
      {snapshot.lastRun?.pausedUntil && !running && <p className="banner warn">{t('sync.nextRetry', { time: time(snapshot.lastRun.pausedUntil) })}</p>}
      {pulled && pulled.count > 0 && <p className="muted">{t('sync.pulled', { count: pulled.count })}</p>}
      {pulled && pulled.problems.length > 0 && (
        <div className="banner warn">
          {t('sync.pullProblems', { count: pulled.problems.length })}
          <ul>
            {pulled.problems.slice(0, 20).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <p className="banner error" role="alert" data-testid="sync-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
