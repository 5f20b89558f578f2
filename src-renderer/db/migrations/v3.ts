/**
 * Version 3: sign-off. Signatures (image, strokes and their binding to the record hash) and the
 * signed report files the main process wrote. Existing rows need no change: `signoff` is optional
 * and no inspection was signed before this version.
 */
export const V3_STORES = {
  signatures: 'id, inspectionId',
  reports: 'inspectionId, [hospitalId+month]',
};
