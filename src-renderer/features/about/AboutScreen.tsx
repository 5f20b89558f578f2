/**
 * 关于与诊断: what the office asks for when something goes wrong (versions, the log), and the
 * device's own safety nets (backups, updates, the signing key). Each section is its own file.
 */
import { useT } from '../../i18n/i18n';
import { BackupSection } from './BackupSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { KeySection } from './KeySection';
import { UpdateSection } from './UpdateSection';

export function AboutScreen() {
  const { t } = useT();
  return (
    <section className="about" data-testid="about-screen">
      <h1>{t('about.title')}</h1>
      <p className="muted">{t('about.intro')}</p>
      <DiagnosticsSection />
      <BackupSection />
      <UpdateSection />
      <KeySection />
    </section>
  );
}
