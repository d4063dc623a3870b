// Live stations table: follows /api/stations/events and rewrites the
// cells of each station's row. Without JavaScript the page reloads itself.
"use strict";
(function () {
  const table = document.getElementById("stations");
  if (!table || !window.EventSource) { return; }
  const fields = ["worker", "product", "step", "state", "open_error", "updated_at"];
  const stateText = JSON.parse(table.dataset.states || "{}");
  const source = new EventSource("/api/stations/events");
  source.addEventListener("stations", function (event) {
    let rows;
    try { rows = JSON.parse(event.data); } catch (e) { return; }
    for (const station of rows) {
      const row = table.querySelector('tr[data-station="' + CSS.escape(station.station) + '"]');
      if (!row) { window.location.reload(); return; }
      row.className = "state-" + station.state;
      for (const field of fields) {
        const cell = row.querySelector('[data-field="' + field + '"]');
        if (!cell) { continue; }
        let value = station[field];
        if (field === "open_error") { value = value ? value.kind + " " + value.input : null; }
        if (field === "state") { value = stateText[value] || value; }
        cell.textContent = value === null || value === undefined ? "\u2013" : String(value);
      }
    }
  });
})();
