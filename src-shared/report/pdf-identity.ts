/**
 * What a signed report PDF says it is, in its document information (Keywords), inside the signed
 * bytes: the inspection id, the report number and the record's hash. The device uses it to know a
 * file already on disk is the very report it is asked to make again (an answer lost to a reload);
 * anyone with the PDF can read which record it vouches for.
 */
export interface ReportIdentity {
  reportId: string;
  reportNumber: string;
  /** Hex SHA-256 of the record's canonical JSON. */
  hash: string;
}

const PREFIX = 'xunjian-report';

export function identityKeywords({ reportId, reportNumber, hash }: ReportIdentity): string {
  return `${PREFIX} id=${encodeURIComponent(reportId)} number=${reportNumber} sha256=${hash}`;
}

/** The identity in a PDF's Keywords, or null when they are not ours or are malformed. */
export function parseIdentityKeywords(keywords: string | undefined): ReportIdentity | null {
  const match = /^xunjian-report id=(\S+) number=([A-Za-z0-9_-]+) sha256=([0-9a-f]{64})$/.exec(keywords?.trim() ?? '');
  if (!match) return null;
  try {
    return { reportId: decodeURIComponent(match[1]!), reportNumber: match[2]!, hash: match[3]! };
  } catch {
    return null;
  }
}

export const sameIdentity = (a: ReportIdentity, b: ReportIdentity): boolean => a.reportId === b.reportId && a.reportNumber === b.reportNumber && a.hash === b.hash;

/**
 * A periodic report's identity (issue 12), distinct from an inspection report's: the contract,
 * the kind and the window it covers, its number, and the hash of the input it was made from.
 */
export interface PeriodIdentity {
  contractId: string;
  kind: string;
  windowStart: string;
  reportNumber: string;
  hash: string;
}

const PERIOD_PREFIX = 'xunjian-period';

export function periodIdentityKeywords({ contractId, kind, windowStart, reportNumber, hash }: PeriodIdentity): string {
  return `${PERIOD_PREFIX} id=${encodeURIComponent(`${contractId}|${kind}|${windowStart}`)} number=${reportNumber} sha256=${hash}`;
}

export function parsePeriodIdentityKeywords(keywords: string | undefined): PeriodIdentity | null {
  const match = /^xunjian-period id=(\S+) number=([A-Za-z0-9_-]+) sha256=([0-9a-f]{64})$/.exec(keywords?.trim() ?? '');
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  const [contractId, kind, windowStart, ...rest] = id.split('|');
  if (!contractId || !kind || !windowStart || rest.length > 0) return null;
  return { contractId, kind, windowStart, reportNumber: match[2]!, hash: match[3]! };
}
