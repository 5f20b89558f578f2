/** The dashboard's part of the console stylesheet (served with CONSOLE_CSS from /console/static/console.css). */
export const DASHBOARD_CSS = `
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1rem; margin: 1rem 0; }
.panel { background: #fff; border: 1px solid #d5dbe3; padding: 0.8rem; min-width: 0; }
.panel h2, main > h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
main > h2 { margin-top: 1rem; }
figure.chart { margin: 0 0 0.6rem; overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart.small { max-width: 360px; }
.panel table { font-size: 0.85rem; }
table.summary td:nth-child(n+4) { text-align: right; }
ul.notes { background: #fff7e0; border: 1px solid #e9c46a; padding: 0.6rem 0.6rem 0.6rem 1.8rem; margin: 0.6rem 0; }
#grade .grade { border-top: 1px solid #d5dbe3; padding-top: 0.6rem; margin-top: 0.6rem; }
#grade h3 { font-size: 0.95rem; margin: 0 0 0.4rem; }
.grade-value { font-size: 1.1rem; }
ul.gaps { color: #7a4b00; }
tr.row-late td:first-child { border-left: 4px solid #b3261e; }
`;
