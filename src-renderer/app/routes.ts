/** Screens are addressed by the URL hash, so a reload returns to the same screen. */
import { useSyncExternalStore } from 'react';

/** A new inspection's contract, systems (`<contract>/<system>` row ids) and units, chosen in advance. */
export interface InspectionPreset {
  contractId: string;
  systemIds: string[];
  assetIds: string[];
}

/** A list in one path part; `~` stands for an empty one, since empty parts are dropped. */
const list = (part: string | undefined): string[] => (part && part !== '~' ? part.split(',').filter(Boolean) : []);

export type Route =
  | { name: 'hospitals' }
  | { name: 'hospital'; hospitalId: string }
  /** `preset`: what to tick at the start (the contract plan's next visit); the engineer can still change it. */
  | { name: 'new-inspection'; hospitalId: string; preset?: InspectionPreset }
  | { name: 'unit'; hospitalId: string; assetId: string }
  /** A contract's period: its plan, deliverables, evaluation and reports; `unit`/`start` pick a window. */
  | { name: 'contract-period'; hospitalId: string; contractId: string; unit?: string; start?: string }
  | { name: 'dashboard'; hospitalId: string }
  | { name: 'inspection'; inspectionId: string }
  | { name: 'signoff'; inspectionId: string }
  | { name: 'sync' }
  | { name: 'about' }
  | { name: 'service-board' }
  | { name: 'service-new'; hospitalId?: string }
  | { name: 'service-record'; recordId: string }
  | { name: 'service-follow-ups' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'hospital' && parts[1]) {
    if (parts[2] === 'unit' && parts[3]) return { name: 'unit', hospitalId: parts[1], assetId: parts[3] };
    if (parts[2] === 'dashboard') return { name: 'dashboard', hospitalId: parts[1] };
    if (parts[2] === 'contract' && parts[3] && parts[4] === 'period') {
      // Whatever the URL says about the window is handed to the screen, which checks it against the contract.
      return { name: 'contract-period', hospitalId: parts[1], contractId: parts[3], ...(parts[5] ? { unit: parts[5] } : {}), ...(parts[6] ? { start: parts[6] } : {}) };
    }
    if (parts[2] === 'new') {
      return parts[3]
        ? { name: 'new-inspection', hospitalId: parts[1], preset: { contractId: parts[3], systemIds: list(parts[4]), assetIds: list(parts[5]) } }
        : { name: 'new-inspection', hospitalId: parts[1] };
    }
    return { name: 'hospital', hospitalId: parts[1] };
  }
  if (parts[0] === 'sync') return { name: 'sync' };
  if (parts[0] === 'about') return { name: 'about' };
  if (parts[0] === 'service') {
    if (parts[1] === 'new') return parts[2] ? { name: 'service-new', hospitalId: parts[2] } : { name: 'service-new' };
    if (parts[1] === 'record' && parts[2]) return { name: 'service-record', recordId: parts[2] };
    if (parts[1] === 'follow-ups') return { name: 'service-follow-ups' };
    return { name: 'service-board' };
  }
  if (parts[0] === 'inspection' && parts[1]) {
    return parts[2] === 'sign' ? { name: 'signoff', inspectionId: parts[1] } : { name: 'inspection', inspectionId: parts[1] };
  }
  return { name: 'hospitals' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'hospitals':
      return '#/';
    case 'hospital':
      return `#/hospital/${encodeURIComponent(route.hospitalId)}`;
    case 'new-inspection': {
      const base = `#/hospital/${encodeURIComponent(route.hospitalId)}/new`;
      const p = route.preset;
      const ids = (xs: string[]): string => xs.map(encodeURIComponent).join(',') || '~';
      return p ? `${base}/${encodeURIComponent(p.contractId)}/${ids(p.systemIds)}/${ids(p.assetIds)}` : base;
    }
    case 'unit':
      return `#/hospital/${encodeURIComponent(route.hospitalId)}/unit/${encodeURIComponent(route.assetId)}`;
    case 'contract-period': {
      const base = `#/hospital/${encodeURIComponent(route.hospitalId)}/contract/${encodeURIComponent(route.contractId)}/period`;
      if (route.unit === undefined) return base;
      return route.start === undefined ? `${base}/${encodeURIComponent(route.unit)}` : `${base}/${encodeURIComponent(route.unit)}/${encodeURIComponent(route.start)}`;
    }
    case 'dashboard':
      return `#/hospital/${encodeURIComponent(route.hospitalId)}/dashboard`;
    case 'inspection':
      return `#/inspection/${encodeURIComponent(route.inspectionId)}`;
    case 'signoff':
      return `#/inspection/${encodeURIComponent(route.inspectionId)}/sign`;
    case 'sync':
      return '#/sync';
    case 'about':
      return '#/about';
    case 'service-board':
      return '#/service';
    case 'service-new':
      return route.hospitalId === undefined ? '#/service/new' : `#/service/new/${encodeURIComponent(route.hospitalId)}`;
    case 'service-record':
      return `#/service/record/${encodeURIComponent(route.recordId)}`;
    case 'service-follow-ups':
      return '#/service/follow-ups';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
