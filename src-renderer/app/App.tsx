import { HospitalScreen } from '../features/hospital/HospitalScreen';
import { HospitalsScreen } from '../features/hospitals/HospitalsScreen';
import { InspectionScreen } from '../features/inspection/InspectionScreen';
import { NewInspectionScreen } from '../features/new-inspection/NewInspectionScreen';
import { SignoffScreen } from '../features/signoff/SignoffScreen';
import { BoardScreen } from '../features/service/BoardScreen';
import { FollowUpsScreen } from '../features/service/FollowUpsScreen';
import { NewServiceScreen } from '../features/service/NewServiceScreen';
import { RecordScreen } from '../features/service/RecordScreen';
import { SyncScreen } from '../features/sync/SyncScreen';
import { UnitScreen } from '../features/unit/UnitScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { PeriodScreen } from '../features/period/PeriodScreen';
import { AboutScreen } from '../features/about/AboutScreen';
import { BackupBanner } from '../features/about/BackupBanner';
import { useLocale, useT } from '../i18n/i18n';
import { useApp } from './app-store';
import { hrefOf, useRoute } from './routes';

export function App() {
  const { t, locale } = useT();
  const setLocale = useLocale((s) => s.setLocale);
  const { ready, bootError, catalogProblems, persisted } = useApp();
  const route = useRoute();
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={hrefOf({ name: 'hospitals' })}>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </a>
        <nav className="topnav">
          <a className="link" href={hrefOf({ name: 'service-board' })} data-testid="nav-service">
            {t('svc.nav')}
          </a>
          <a className="link" href={hrefOf({ name: 'sync' })} data-testid="nav-sync">
            {t('sync.nav')}
          </a>
          <a className="link" href={hrefOf({ name: 'about' })} data-testid="nav-about">
            {t('about.nav')}
          </a>
          <button type="button" className="link" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {t('app.language')}
          </button>
        </nav>
      </header>
      {bootError && <div className="banner error" role="alert">{bootError}</div>}
      {persisted === false && <div className="banner warn">{t('app.storage.notPersisted')}</div>}
      <BackupBanner />
      {catalogProblems.length > 0 && (
        <div className="banner error" role="alert" data-testid="catalog-problems">
          {t('catalog.problems', { count: catalogProblems.length })}
          <ul>
            {catalogProblems.map((p) => (
              <li key={`${p.file}:${p.path}`}>
                {t('catalog.problem', { file: p.file, path: p.path || t('catalog.wholeFile'), detail: p.detail })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <main>
        {!ready ? (
          <p className="muted">{t('app.loading')}</p>
        ) : route.name === 'hospital' ? (
          <HospitalScreen key={route.hospitalId} hospitalId={route.hospitalId} />
        ) : route.name === 'unit' ? (
          <UnitScreen key={route.assetId} hospitalId={route.hospitalId} assetId={route.assetId} />
        ) : route.name === 'contract-period' ? (
          <PeriodScreen key={route.contractId} route={route} />
        ) : route.name === 'dashboard' ? (
          <DashboardScreen key={route.hospitalId} hospitalId={route.hospitalId} />
        ) : route.name === 'new-inspection' ? (
          // Keyed: a form begun for one hospital must not carry its choices over to another.
          <NewInspectionScreen key={`${route.hospitalId}|${hrefOf(route)}`} hospitalId={route.hospitalId} {...(route.preset ? { preset: route.preset } : {})} />
        ) : route.name === 'service-board' ? (
          <BoardScreen />
        ) : route.name === 'service-new' ? (
          <NewServiceScreen key={route.hospitalId ?? ''} hospitalId={route.hospitalId} />
        ) : route.name === 'service-record' ? (
          <RecordScreen key={route.recordId} recordId={route.recordId} />
        ) : route.name === 'service-follow-ups' ? (
          <FollowUpsScreen />
        ) : route.name === 'sync' ? (
          <SyncScreen />
        ) : route.name === 'about' ? (
          <AboutScreen />
        ) : route.name === 'signoff' ? (
          <SignoffScreen key={route.inspectionId} inspectionId={route.inspectionId} />
        ) : route.name === 'inspection' ? (
          <InspectionScreen key={route.inspectionId} inspectionId={route.inspectionId} />
        ) : (
          <HospitalsScreen />
        )}
      </main>
    </div>
  );
}
