import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

type DraftMethods = 'listTemplateDrafts' | 'getTemplateDraft' | 'saveTemplateDraft' | 'deleteTemplateDraft' | 'publishTemplateDraft' | 'saveImportPreview' | 'getImportPreview' | 'deleteImportPreview';

export function draftsRepo(_db: PostgresPool, _now: () => string): Pick<OfficeStore, DraftMethods> {
  return pending(['listTemplateDrafts', 'getTemplateDraft', 'saveTemplateDraft', 'deleteTemplateDraft', 'publishTemplateDraft', 'saveImportPreview', 'getImportPreview', 'deleteImportPreview']);
}
