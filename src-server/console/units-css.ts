/** Styles of the hardware units' pages (issue 14): list, form, import mapping and preview. */
export const UNITS_CSS = `
.unit-actions { display: flex; gap: 0.8rem; flex-wrap: wrap; align-items: center; }
.notice { background: #eef2f7; border-left: 4px solid #1f4e79; padding: 0.5rem 0.8rem; }
.notice.ok { border-left-color: #1b7a32; background: #e4f2e7; color: #1b5e2a; font-weight: normal; }
form.unit-form { display: grid; grid-template-columns: repeat(2, minmax(16rem, 1fr)); gap: 0.8rem 1.5rem; background: #fff; padding: 1rem; border: 1px solid #d5dbe3; max-width: 60rem; }
form.unit-form input, form.unit-form select { padding: 0.3rem; font: inherit; }
form.unit-form p { grid-column: 1 / -1; margin: 0; }
.field-problem { color: #b3261e; font-size: 0.85rem; }
form.unit-delete { margin-top: 1.5rem; max-width: 60rem; }
button.danger { background: #b3261e; color: #fff; border: 0; padding: 0.3rem 0.9rem; border-radius: 3px; cursor: pointer; }
form.unit-upload { background: #fff; padding: 1rem; border: 1px solid #d5dbe3; max-width: 50rem; }
table.mapping { max-width: 75rem; }
table.mapping tbody th { width: 8rem; white-space: nowrap; }
table.mapping span.need { font-weight: normal; font-size: 0.85rem; }
table.mapping span.need.required { color: #b3261e; }
table.mapping select { min-width: 16rem; max-width: 24rem; font: inherit; }
table.mapping td.note { min-width: 20rem; }
.sheet-picker { margin: 0.6rem 0; }
ul.import-counts { display: flex; gap: 0.8rem; list-style: none; padding: 0; flex-wrap: wrap; }
ul.import-counts li { background: #fff; border: 1px solid #d5dbe3; padding: 0.4rem 0.9rem; border-radius: 4px; }
ul.import-counts li a { color: inherit; text-decoration: none; }
ul.import-counts strong { font-size: 1.3rem; margin-right: 0.2rem; }
ul.import-counts .count-new strong { color: #1b7a32; }
ul.import-counts .count-update strong { color: #1f4e79; }
ul.import-counts .count-refused strong { color: #b3261e; }
form.import-confirm { background: #fff; border: 1px solid #d5dbe3; padding: 0.8rem 1rem; display: flex; flex-direction: column; gap: 0.6rem; align-items: flex-start; max-width: 60rem; }
form.import-confirm button { background: #1f4e79; color: #fff; border: 0; padding: 0.4rem 1rem; border-radius: 3px; font: inherit; cursor: pointer; }
.preview-filter a.current { font-weight: 600; text-decoration: none; color: inherit; }
span.action { display: inline-block; padding: 0.05rem 0.4rem; border-radius: 3px; font-size: 0.85rem; }
span.action.new { background: #e4f2e7; color: #1b5e2a; }
span.action.update { background: #e3ecf7; color: #1f4e79; }
span.action.unchanged { background: #eef2f7; color: #5f6b7a; }
span.action.refused { background: #fbe3e1; color: #8c1d18; font-weight: 600; }
tr.action-refused td:first-child { border-left: 4px solid #b3261e; }
ul.problems { margin: 0; padding-left: 1.1rem; }
ul.problems li { margin: 0.15rem 0; }
ul.changes { margin: 0; padding-left: 1.1rem; }
ul.changes del { color: #8c1d18; background: #fbe3e1; }
ul.changes ins { color: #1b5e2a; background: #e4f2e7; text-decoration: none; }
div.not-in-file { background: #fff8e5; border-left: 4px solid #b07d00; padding: 0.4rem 0.8rem; margin: 0.6rem 0; max-width: 60rem; }
div.not-in-file p { margin: 0.3rem 0; }
div.not-in-file code { white-space: nowrap; }
ul.absent-units { margin: 0.2rem 0; padding-left: 1.1rem; columns: 2 22rem; }
label.delete-absent { display: block; margin-top: 0.5rem; color: #8c1d18; }
span.confirm-delete { display: none; }
form.import-confirm:has(input[name=deleteAbsent]:checked) span.confirm-delete { display: inline; }
form.import-confirm:has(input[name=deleteAbsent]:checked) span.confirm-plain { display: none; }
form.import-confirm:has(input[name=deleteAbsent]:checked) p.nothing { display: none; }
form.import-confirm:not(:has(input[name=deleteAbsent]:checked)) button.delete-only { display: none; }
form.import-confirm:has(input[name=deleteAbsent]:checked) button { background: #b3261e; }
p.nothing { font-weight: 600; }
span.unit-type { color: #3d4b5c; font-size: 0.9rem; }
p.type-alias { margin: 0.2rem 0 0; color: #8a5a00; background: #fff8e5; padding: 0.1rem 0.4rem; font-size: 0.9rem; }
nav.pager { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; margin: 0.5rem 0; }
nav.pager strong { padding: 0 0.3rem; border-bottom: 2px solid #1f4e79; }
form.filters input[type=search] { min-width: 14rem; font: inherit; padding: 0.2rem; }
span.col-letter { display: inline-block; min-width: 1.6rem; font-family: monospace; font-weight: 600; background: #eef2f7; text-align: center; border-radius: 2px; }
div.error { border: 1px solid #b3261e; background: #fbe3e1; padding: 0.6rem 0.9rem; margin-bottom: 0.8rem; }
`;
