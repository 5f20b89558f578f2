/** Version 1: reference data, templates by (id, version), inspections with their answers and photos. */
export const V1_STORES = {
  hospitals: 'id',
  contracts: 'id, hospitalId',
  systems: 'id, hospitalId, contractId',
  assets: 'id, contractId, hospitalId, assetTag',
  templates: '[id+version], id',
  inspections: 'id, [hospitalId+updatedAt], [hospitalId+status], status',
  answers: 'id, inspectionId',
  attachments: 'id, inspectionId, answerId',
  meta: 'key',
};
