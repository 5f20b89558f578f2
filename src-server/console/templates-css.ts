/** The checklist pages' styles (issue 14), served with the console's stylesheet. */
export const TEMPLATES_CSS = `
td.tpl-num { text-align: right; white-space: nowrap; }
/* Item and template ids are one word: never broken mid-id (ck-doctor-login). */
code.tpl-id, table.tpl-items td:nth-child(2) { white-space: nowrap; }
/* A note, not a problem: the draft is still its base (nothing to publish yet). */
.tpl-note { background: #eef2f7; border-left: 4px solid #1f4e79; padding: 0.4rem 0.8rem; }
.tpl-editor .req, .tpl-new-template .req { color: #b3261e; font-weight: 700; margin-left: 0.15rem; }
ul.tpl-plain { margin: 0; padding-left: 1.1rem; }
.tpl-row { display: flex; gap: 0.8rem; flex-wrap: wrap; align-items: end; margin: 0.35rem 0; }
.tpl-row > label { flex: 1 1 14rem; }
.tpl-row > label.check, .tpl-row > label.tpl-short { flex: 0 1 auto; }
.tpl-short input { width: 7rem; }
.tpl-row input, .tpl-row textarea, .tpl-row select, textarea.tpl-mono { font: inherit; padding: 0.25rem 0.35rem; border: 1px solid #b8c2cf; border-radius: 3px; }
.tpl-row textarea { width: 100%; box-sizing: border-box; }
textarea.tpl-mono { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 0.85rem; width: 100%; box-sizing: border-box; }
main fieldset { border: 1px solid #d5dbe3; background: #fff; margin: 0 0 0.8rem; padding: 0.5rem 0.8rem; }
main fieldset legend { font-weight: 600; padding: 0 0.3rem; }
fieldset.tpl-item { border-left: 4px solid #1f4e79; }
fieldset.tpl-item:has(.tpl-retire input:checked) { border-left-color: #b3261e; opacity: 0.6; }
fieldset.tpl-section-title { background: #eef2f7; }
.tpl-section { margin-top: 1.4rem; }
.tpl-section h2 { border-bottom: 2px solid #1f4e79; padding-bottom: 0.2rem; }
.tpl-retire { color: #b3261e; }
details.tpl-new { margin: 0 0 1rem; }
details.tpl-new > summary { cursor: pointer; color: #1f4e79; font-weight: 600; padding: 0.3rem 0; }
details.tpl-new fieldset.tpl-item { border-left-color: #1b7a32; }
ul.tpl-problems { margin: 0.3rem 0; padding: 0.4rem 0.6rem 0.4rem 1.6rem; background: #fbe3e1; color: #8c1d18; border-radius: 3px; font-size: 0.9rem; }
.tpl-refused { border: 1px solid #b3261e; background: #fff; padding: 0.4rem 0.8rem; margin-bottom: 1rem; }
.tpl-actions { position: sticky; bottom: 0; background: #f5f7fa; border-top: 1px solid #d5dbe3; padding: 0.6rem 0; display: flex; gap: 1rem; align-items: center; }
.tpl-actions button, .tpl-publish button, .tpl-new-template button { background: #1f4e79; color: #fff; border: 0; border-radius: 3px; padding: 0.4rem 1.1rem; font: inherit; cursor: pointer; }
.tpl-discard { margin-top: 1.2rem; }
button.danger { background: #fff; color: #b3261e; border: 1px solid #b3261e; border-radius: 3px; padding: 0.3rem 0.9rem; font: inherit; cursor: pointer; }
.tpl-new-template { background: #fff; border: 1px solid #d5dbe3; padding: 0.6rem 0.9rem; }
ul.tpl-diff li { margin: 0.15rem 0; }
ul.tpl-diff.added li::marker { content: "+ "; color: #1b7a32; font-weight: 600; }
ul.tpl-diff.retired li::marker { content: "− "; color: #b3261e; font-weight: 600; }
ul.tpl-diff.retired li { text-decoration: line-through; text-decoration-color: #b3261e; }
h3[data-change] { margin: 1rem 0 0.3rem; font-size: 1rem; }
.tpl-meaning { background: #e4f2e7; border-left: 4px solid #1b7a32; padding: 0.6rem 0.8rem; }
.tpl-publish { margin: 1rem 0; }
table.tpl-items td:nth-child(5) { max-width: 28rem; }
.tpl-warnings { background: #fff1d6; border-left: 4px solid #b26a00; color: #5c3a00; padding: 0.4rem 0.8rem; margin: 0.6rem 0; }
.tpl-warnings > p { margin: 0 0 0.3rem; font-weight: 600; }
.tpl-warnings ul { margin: 0; padding-left: 1.2rem; }
`;
