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
