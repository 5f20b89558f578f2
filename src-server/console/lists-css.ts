/** Styles of the audit log and the list pages' export links (issue 14). */
export const LISTS_CSS = `
.audit-nav { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
.audit-nav a.button { margin-left: auto; }
table.audit td.audit-details { font-size: 0.85rem; min-width: 18rem; }
table.audit td.audit-details div { overflow-wrap: anywhere; }
table.audit details summary { cursor: pointer; color: #1f4e79; font-size: 0.8rem; }
table.audit details code { display: block; margin-top: 0.2rem; white-space: pre-wrap; }
`;
