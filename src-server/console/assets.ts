/** The console's stylesheet and its one script, served from /console/static so the CSP can forbid inline code. */

export const CONSOLE_CSS = `
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; margin: 0; color: #1d2733; background: #f5f7fa; }
header { background: #1f4e79; color: #fff; font-size: 0.92rem; }
header .bar { display: flex; gap: 0.4rem 1rem; align-items: center; flex-wrap: wrap; padding: 0.5rem 1.2rem; }
header nav { display: flex; gap: 0.3rem 1.1rem; flex-wrap: wrap; padding: 0.4rem 1.2rem; background: #183f63; }
header a, header button { color: #fff; text-decoration: none; background: none; border: 0; font: inherit; cursor: pointer; padding: 0; white-space: nowrap; }
header a:hover, header button:hover { text-decoration: underline; }
header .title { font-weight: 600; font-size: 1rem; margin-right: auto; }
.muted-light { color: #c9d6e3; }
main { padding: 1.2rem; max-width: 1200px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #d5dbe3; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; font-size: 0.92rem; }
th { background: #eef2f7; }
form.filters { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
.ok { color: #1b7a32; font-weight: 600; }
.bad { color: #b3261e; font-weight: 600; }
.muted { color: #5f6b7a; }
code { font-size: 0.85rem; word-break: break-all; }
.login { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 1.5rem; border: 1px solid #d5dbe3; }
.login form { display: flex; flex-direction: column; gap: 0.8rem; }
.error { color: #b3261e; }
a.button { background: #1f4e79; color: #fff; padding: 0.25rem 0.8rem; text-decoration: none; border-radius: 3px; font-size: 0.9rem; }
td.nowrap { white-space: nowrap; }
label.check { flex-direction: row; align-items: center; }
.quick { margin: -0.4rem 0 0.8rem; }
tr.row-breached td:first-child { border-left: 4px solid #b3261e; }
td.clocks { min-width: 16rem; }
.clock { display: inline-block; padding: 0.05rem 0.4rem; margin: 0.1rem 0; border-radius: 3px; font-size: 0.85rem; white-space: nowrap; }
.clock.running { background: #e4f2e7; color: #1b5e2a; }
.clock.due-soon { background: #fff1d6; color: #7a4b00; }
.clock.breached { background: #fbe3e1; color: #8c1d18; font-weight: 600; }
.clock.met { background: #eef2f7; color: #5f6b7a; }
td.text { white-space: pre-wrap; }
`;

/** Sends the chosen bundle to the import endpoint with the session's CSRF token and lists the outcome. */
export const IMPORT_JS = `
const form = document.getElementById('import-form');
const out = document.getElementById('import-result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = form.elements.bundle.files[0];
  if (!file) return;
  out.textContent = form.dataset.running;
  try {
    const response = await fetch('/api/v1/bundles', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': form.dataset.csrf },
      body: file,
    });
    const body = await response.json();
    out.textContent = '';
    if (!response.ok) {
      out.textContent = form.dataset.failed + (body.error ? body.error.message : response.status);
      return;
    }
    const table = document.createElement('table');
    for (const r of body.results) {
      const row = table.insertRow();
      row.insertCell().textContent = r.kind;
      row.insertCell().textContent = r.id;
      row.insertCell().textContent = form.dataset[r.status] || r.status;
      row.insertCell().textContent = r.message || '';
    }
    out.appendChild(table);
  } catch (error) {
    out.textContent = form.dataset.failed + error;
  }
});
`;
