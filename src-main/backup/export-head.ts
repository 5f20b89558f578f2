/**
 * Reads what a dexie-export-import file says about itself from its beginning, without parsing the
 * rows: `{"formatName":"dexie","formatVersion":1,["xunjian":{…},]"data":{"databaseName":…,
 * "databaseVersion":…,"tables":[{name,schema,rowCount}…],"data":[…rows…]}}`. Everything up to the
 * end of `tables` is small; the rows after it may be hundreds of MB and are only streamed through.
 */
import { BACKUP_REASONS, EMBEDDED_KEY, type BackupEmbedded } from '../../src-shared/rpc/backup-channels';

export interface ExportHead {
  databaseVersion: number;
  tables: { name: string; rowCount: number }[];
  /** What the app wrote into the export (absent in files from before it did, or from elsewhere). */
  embedded?: BackupEmbedded;
}

/** `"tables":[` with its quotes unescaped: inside a JSON string every `"` follows a backslash, so this only matches the key. */
const TABLES_KEY = ',"tables":[';

/** Index just past the `]` that closes the array opening at `open`, or -1 if `text` ends first. */
function arrayEnd(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The head once `text` holds all of it; null while more is needed; 'bad' when it cannot be one. */
export function parseExportHead(text: string): ExportHead | null | 'bad' {
  const at = text.indexOf(TABLES_KEY);
  if (at < 0) return null;
  const end = arrayEnd(text, at + TABLES_KEY.length - 1);
  if (end < 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${text.slice(0, end)}}}`);
  } catch {
    return 'bad';
  }
  const root = parsed as { formatName?: unknown; data?: { databaseVersion?: unknown; tables?: unknown }; [EMBEDDED_KEY]?: unknown };
  const version = root.data?.databaseVersion;
  const tables = root.data?.tables;
  if (root.formatName !== 'dexie' || typeof version !== 'number' || !Number.isInteger(version) || version < 1 || !Array.isArray(tables)) return 'bad';
  const rows: ExportHead['tables'] = [];
  for (const t of tables as { name?: unknown; rowCount?: unknown }[]) {
    if (typeof t?.name !== 'string' || typeof t.rowCount !== 'number') return 'bad';
    rows.push({ name: t.name, rowCount: t.rowCount });
  }
  const embedded = isEmbedded(root[EMBEDDED_KEY]) ? root[EMBEDDED_KEY] : undefined;
  return { databaseVersion: version, tables: rows, ...(embedded ? { embedded } : {}) };
}

function isEmbedded(value: unknown): value is BackupEmbedded {
  const e = value as Partial<BackupEmbedded> | null | undefined;
  const strings = (o: unknown, type: 'string' | 'number') => !!o && typeof o === 'object' && Object.values(o).every((v) => typeof v === type);
  return !!e && (BACKUP_REASONS as readonly unknown[]).includes(e.reason) && typeof e.createdAt === 'string' && strings(e.counts, 'number') && strings(e.unsavedTyping, 'string');
}
