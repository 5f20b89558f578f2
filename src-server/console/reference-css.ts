/** Styles of the hospital and contract pages (issue 14), appended to /console/static/console.css. */
export const REFERENCE_CSS = `
form.reference fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
form.reference h2 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; border-bottom: 1px solid #d5dbe3; padding-bottom: 0.2rem; }
form.reference .grid { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; margin: 0.4rem 0; }
form.reference .checks { display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; align-items: center; margin: 0.4rem 0; font-size: 0.9rem; }
form.reference .times { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: center; margin: 0.4rem 0; font-size: 0.9rem; }
form.reference label.time { flex-direction: row; align-items: center; gap: 0.25rem; }
form.reference table.rows td { padding: 0.2rem 0.3rem; vertical-align: top; }
form.reference div.scroll { overflow-x: auto; max-width: 100%; }
form.reference div.scroll table.rows { width: auto; min-width: 100%; }
.req { color: #b3261e; font-weight: 700; margin-left: 0.15rem; }
form.reference input[readonly] { background: #eef2f7; color: #3a4656; border: 1px solid #c9d1db; }
form.reference fieldset[disabled] input, form.reference fieldset[disabled] textarea, form.reference fieldset[disabled] select { color: #1d2733; background: #f7f9fb; }
fieldset.level { border: 1px solid #d5dbe3 !important; background: #fff; padding: 0.4rem 0.8rem 0.6rem !important; margin: 0.6rem 0 !important; }
fieldset.level legend { font-weight: 600; padding: 0 0.3rem; }
.bad-field { border: 2px solid #b3261e; background: #fff4f3; }
.problems { border: 1px solid #b3261e; background: #fff4f3; padding: 0.5rem 1rem; margin: 0 0 1rem; }
.problems p { margin: 0.3rem 0; font-weight: 600; color: #8c1d18; }
.problems ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.notice { background: #eef2f7; border-left: 4px solid #1f4e79; padding: 0.4rem 0.8rem; }
.notice.ok { border-left-color: #1b7a32; background: #e4f2e7; color: #1b5e2a; font-weight: normal; }
.badge { background: #fbe3e1; color: #8c1d18; border-radius: 3px; padding: 0 0.4rem; font-size: 0.8rem; font-weight: 600; }
.small { font-size: 0.85rem; }
.notice.warn { background: #fff1d6; border-left-color: #b26a00; color: #5c3a00; margin: 0.6rem 0; }
.notice.warn > p { margin: 0 0 0.3rem; font-weight: 600; }
.notice.warn ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.notice.overnight { margin: 0.3rem 0; font-size: 0.9rem; }
p.buttons { padding: 0.6rem 0; margin: 1rem 0 0; border-top: 1px solid #d5dbe3; }
p.buttons button { padding: 0.3rem 1rem; font: inherit; }
p.actions { display: flex; gap: 1rem; align-items: center; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.kept { font-size: 0.9rem; }
table.history { width: auto; }
table.history tr.shown td { background: #fff8e1; }
`;
