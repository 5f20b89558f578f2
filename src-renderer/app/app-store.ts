/** App-wide state that is not data: boot progress, catalog problems, storage persistence. */
import { create } from 'zustand';
import type { CatalogProblem } from '../../src-shared/catalog/validate';

interface AppState {
  ready: boolean;
  bootError: string | null;
  catalogProblems: CatalogProblem[];
  persisted: boolean | null;
  set(partial: Partial<Omit<AppState, 'set'>>): void;
}

export const useApp = create<AppState>((set) => ({
  ready: false,
  bootError: null,
  catalogProblems: [],
  persisted: null,
  set: (partial) => set(partial),
}));
