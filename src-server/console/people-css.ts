/** Styles of the people pages (engineers, enrollment codes, devices, console users), appended to console.css. */
export const PEOPLE_CSS = `
.panel { background: #fff; border: 1px solid #d5dbe3; padding: 0.8rem 1rem; margin: 1rem 0; }
.panel h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
.panel.danger { border-color: #e6b3ae; }
form.stacked { display: flex; flex-direction: column; gap: 0.7rem; align-items: flex-start; }
form.stacked input:not([type=checkbox]):not([type=radio]) { min-width: 18rem; padding: 0.3rem; font: inherit; }
fieldset { border: 1px solid #d5dbe3; padding: 0.5rem 0.8rem; margin: 0; }
legend { font-size: 0.9rem; padding: 0 0.3rem; }
.checks { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
.hint { color: #5f6b7a; font-size: 0.82rem; }
.field-error { color: #b3261e; font-size: 0.88rem; font-weight: 600; }
.problems { background: #fbe3e1; border: 1px solid #e6b3ae; color: #8c1d18; padding: 0.5rem 0.8rem; margin: 0.6rem 0; }
.problems p { margin: 0.2rem 0; }
.notice { background: #e4f2e7; border: 1px solid #b8dcc0; color: #1b5e2a; padding: 0.5rem 0.8rem; }
.notice.warn { background: #fff1d6; border-color: #f0d39a; color: #7a4b00; }
button.danger { background: #b3261e; color: #fff; border: 0; padding: 0.35rem 0.9rem; border-radius: 3px; cursor: pointer; }
.people-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 0 1.2rem; }
table.people th { white-space: nowrap; }
/* A long name or hospital list wraps inside its own cell; the ID, state, dates and the edit link never wrap. */
table.people td.name { overflow-wrap: anywhere; min-width: 6rem; max-width: 22rem; }
table.people td.hospitals { overflow-wrap: anywhere; min-width: 12rem; }
.notice.loopback { display: block; font-weight: 600; border-width: 2px; max-width: 36rem; }
table.codes form { margin: 0; }
table.people tr.inactive td { color: #5f6b7a; background: #f7f8fa; }
td.num { text-align: right; }
p.actions { margin: 0 0 0.8rem; }
.code-sheet { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; background: #fff; border: 1px solid #d5dbe3; padding: 1.2rem; }
.code-text { flex: 1 1 28rem; }
.enroll-code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 2.4rem; font-weight: 700; letter-spacing: 0.08em; margin: 0.4rem 0 0.8rem; user-select: all; }
.enroll-code .dash { color: #9aa5b1; }
input.copy { width: 100%; font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.95rem; padding: 0.3rem; box-sizing: border-box; }
dl.handover dt { font-size: 0.9rem; color: #5f6b7a; margin-top: 0.6rem; }
dl.handover dd { margin: 0.2rem 0 0; }
figure.qr { margin: 0; width: 18rem; text-align: center; }
figure.qr svg { width: 18rem; height: 18rem; display: block; }
figure.qr figcaption { font-size: 0.88rem; color: #1d2733; margin-top: 0.4rem; }
.enroll-landing { max-width: 40rem; font-size: 1.05rem; }
@media print { body:has(.code-sheet) header, body:has(.code-sheet) main > p:last-child { display: none; } .code-sheet { border: 0; } }
`;
