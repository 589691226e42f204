// The sitrep dashboard: filters (kept in the URL), a clustered map, a timeline with a date
// brush, an event table with CSV export, and an event panel that shows each report's text
// with the evidence of every field highlighted and the sources' claims side by side.
//
// Every piece of stored text goes into the page as text (textContent, text nodes), never as
// HTML: an article that contains <script> shows it.
"use strict";

(function () {
  const TYPE_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
  };
  const OTHER_COLOR = "#7f7f7f";
  const FILTERS = ["from", "to", "country", "admin1", "type", "actor", "text"];
  const TABLE_ROWS = 500; // rows drawn; the CSV export has them all
  const MAX_EVENTS = 20000; // events loaded for the map and the table

  const state = {filters: {}, selected: null, health: null, events: [], refreshes: 0};
  const $ = (id) => document.getElementById(id);

  // ---- Small helpers -----------------------------------------------------------------

  // h("a", {href, class, text, title, data: {...}}, child, ...): an element; strings become
  // text nodes.
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k === "data") Object.assign(node.dataset, v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function colorOf(type) { return TYPE_COLORS[type] || OTHER_COLOR; }
  function typeIndex(type) {
    const i = Object.keys(TYPE_COLORS).indexOf(type);
    return i < 0 ? "other" : String(i);
  }
  function radiusOf(fatalities) { return Math.min(26, 5 + 2.5 * Math.sqrt(fatalities || 0)); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  async function api(path) {
    const response = await fetch(path, {headers: {Accept: "application/json"}});
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      throw new Error((body && body.error) || response.status + " " + response.statusText);
    }
    return body;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = !message;
  }

  // ---- Filters and the URL -------------------------------------------------------------

  function paramsOf(filters, extra) {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (filters[f]) p.set(f, filters[f]);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  function readUrl() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const f of FILTERS) state.filters[f] = p.get(f) || "";
    state.selected = p.get("event") || null;
  }

  function writeUrl() {
    const p = paramsOf(state.filters, state.selected ? {event: state.selected} : {});
    const query = p.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // Makes sure a select offers `value` (a shared link may name one the store lacks).
  function ensureOption(select, value) {
    if (value && ![...select.options].some((o) => o.value === value)) {
      select.append(h("option", {value, text: value}));
    }
  }

  function fillOptions(select, values, current) {
    while (select.options.length > 1) select.remove(1);
    for (const v of values) select.append(h("option", {value: v, text: v}));
    ensureOption(select, current);
    select.value = current || "";
  }

  function fillAdmin1Options() {
    const country = state.filters.country;
    const names = Object.keys(state.allStats.by_admin1 || {})
        .map((key) => key.split("|"))
        .filter(([c, a]) => a && (!country || c.toLowerCase() === country.toLowerCase()))
        .map(([, a]) => a);
    fillOptions($("f-admin1"), [...new Set(names)].sort(), state.filters.admin1);
  }

  function writeForm() {
    for (const f of FILTERS) {
      const input = $("f-" + f);
      if (input.tagName === "SELECT") ensureOption(input, state.filters[f]);
      input.value = state.filters[f] || "";
    }
  }

  function readForm() {
    for (const f of FILTERS) state.filters[f] = $("f-" + f).value.trim();
  }

  function setupFilters() {
    const form = $("filters");
    let timer = null;
    const apply = () => {
      clearTimeout(timer);
      readForm();
      fillAdmin1Options();
      writeUrl();
      refresh();
    };
    form.addEventListener("change", apply);
    form.addEventListener("input", (e) => {
      if (e.target.type !== "search") return;
      clearTimeout(timer);
      timer = setTimeout(apply, 350); // free text: wait for a pause in typing
    });
    form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
    form.addEventListener("reset", () => setTimeout(apply, 0));
    $("toggle-filters").addEventListener("click", () => {
      const open = form.classList.toggle("open");
      $("toggle-filters").setAttribute("aria-expanded", String(open));
    });
  }

  // ---- Map -------------------------------------------------------------------------------

  let map = null;
  let cluster = null;
  const markers = new Map(); // event_id -> marker

  function setupMap() {
    map = L.map("map", {worldCopyJump: true, zoomSnap: 0.5, minZoom: 2, maxZoom: 18}).setView([30, 40], 4);
    map.createPane("basemap").style.zIndex = 250; // under the markers, over the sea
    const offline = L.layerGroup().addTo(map);
    const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "© OpenStreetMap contributors"});
    L.control.layers({"Natural Earth (offline)": offline, "OpenStreetMap": osm}, null,
                     {collapsed: true}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    fetch("/vendor/world-atlas/countries-50m.json")
        .then((r) => r.json())
        .then((topo) => {
          const countries = topojson.feature(topo, topo.objects.countries);
          L.geoJSON(countries, {pane: "basemap", interactive: false,
                                style: {color: "#9a9a8e", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1}})
              .addTo(offline);
          map.attributionControl.addAttribution("Natural Earth");
          $("map").dataset.basemap = "ready";
        })
        .catch(() => showError("The offline base map (world-atlas) could not be loaded."));
    cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      iconCreateFunction: clusterIcon,
    });
    map.addLayer(cluster);
    cluster.on("animationend", markSelected);
    map.on("zoomend moveend", markSelected);
  }

  // A cluster takes the colour of the type most of its events have, and grows with them.
  function clusterIcon(c) {
    const counts = {};
    for (const m of c.getAllChildMarkers()) counts[m.eventType] = (counts[m.eventType] || 0) + 1;
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    const n = c.getChildCount();
    const size = n < 10 ? 30 : n < 100 ? 36 : 44;
    return L.divIcon({
      html: h("span", {text: n}),
      className: "sitrep-cluster t-" + typeIndex(top),
      iconSize: L.point(size, size),
    });
  }

  function tooltipOf(e) {
    return h("div", {class: "tip"},
             h("strong", {text: e.event_type || "Event"}),
             h("div", {text: [e.event_date, e.location || e.admin1 || e.country].filter(Boolean).join(" · ")}),
             e.fatalities != null ? h("div", {text: e.fatalities + (e.fatalities === 1 ? " fatality" : " fatalities")}) : null);
  }

  function renderMap(events, fit) {
    cluster.clearLayers();
    markers.clear();
    const layers = [];
    for (const e of events) {
      if (e.latitude == null || e.longitude == null) continue;
      const m = L.circleMarker([e.latitude, e.longitude], {
        radius: radiusOf(e.fatalities), fillColor: colorOf(e.event_type), color: "#222",
        weight: 1, fillOpacity: 0.85, className: "sitrep-marker t-" + typeIndex(e.event_type),
      });
      m.eventId = e.event_id;
      m.eventType = e.event_type;
      m.bindTooltip(() => tooltipOf(e), {direction: "top"});
      m.on("click", () => openEvent(e.event_id));
      m.on("add", () => { const el = m.getElement(); if (el) el.dataset.eventId = e.event_id; });
      markers.set(e.event_id, m);
      layers.push(m);
    }
    cluster.addLayers(layers);
    if (fit && layers.length) {
      // Keep the markers clear of the legend in the bottom-left corner.
      const legend = $("legend").offsetHeight || 0;
      map.fitBounds(cluster.getBounds().pad(0.1), {maxZoom: 9, animate: false,
                                                  paddingTopLeft: [50, 50],
                                                  paddingBottomRight: [50, legend + 20]});
    }
    $("map").dataset.markers = String(layers.length);
  }

  function renderLegend(events) {
    const counts = {};
    for (const e of events) counts[e.event_type] = (counts[e.event_type] || 0) + 1;
    const legend = $("legend");
    legend.replaceChildren();
    for (const type of Object.keys(TYPE_COLORS).concat(Object.keys(counts).filter((t) => !(t in TYPE_COLORS)))) {
      if (!counts[type]) continue;
      legend.append(h("span", {class: "legend-item"},
                      h("i", {class: "swatch t-" + typeIndex(type)}), type + " " + counts[type]));
    }
  }

  // ---- Table -----------------------------------------------------------------------------

  function placeOf(e) { return [e.location, e.admin1, e.country].filter(Boolean).join(", "); }
  function actorsOf(e) {
    return e.actor2 ? (e.actor1 || "?") + " vs " + e.actor2 : e.actor1 || "";
  }

  function renderTable(events, truncated) {
    const body = $("events").tBodies[0];
    body.replaceChildren();
    const newest = events.slice().reverse().slice(0, TABLE_ROWS);
    for (const e of newest) {
      const row = h("tr", {tabindex: "0", data: {eventId: e.event_id}},
                    h("td", {text: e.event_date || "undated"}),
                    h("td", {}, h("span", {class: "type-cell"},
                                  h("i", {class: "swatch t-" + typeIndex(e.event_type)}),
                                  h("span", {text: e.event_type}))),
                    h("td", {text: placeOf(e)}),
                    h("td", {text: actorsOf(e)}),
                    h("td", {class: "num", text: e.fatalities == null ? "" : e.fatalities}));
      if (e.event_id === state.selected) row.classList.add("selected");
      row.addEventListener("click", () => openEvent(e.event_id));
      row.addEventListener("keydown", (k) => { if (k.key === "Enter") openEvent(e.event_id); });
      body.append(row);
    }
    $("table-title").textContent = plural(events.length, "event") + (truncated ? " (first of more)" : "");
    $("events").dataset.rows = String(newest.length);
    const notes = [];
    if (events.length > TABLE_ROWS) notes.push("The newest " + TABLE_ROWS + " are listed; the CSV has all.");
    if (truncated) notes.push("Only the first " + events.length + " events are shown: narrow the filters.");
    $("table-note").textContent = notes.join(" ");
  }

  function renderSummary(events, truncated) {
    const fatalities = events.reduce((s, e) => s + (e.fatalities || 0), 0);
    const articles = new Set(events.flatMap((e) => e.article_ids || []));
    $("summary").textContent = plural(events.length, "event") + (truncated ? "+" : "") + " · " +
        fatalities + " fatalities · " + plural(articles.size, "article");
  }

  // ---- Refresh: map, timeline and table follow the filters together ---------------------------

  let timeline = null;

  async function refresh(options) {
    const seq = ++state.refreshes;
    document.body.dataset.state = "loading";
    const limit = Math.min(MAX_EVENTS, (state.health && state.health.max_limit) || 1000);
    const params = paramsOf(state.filters);
    const undated = paramsOf(Object.assign({}, state.filters, {from: "", to: ""}));
    try {
      const [page, stats] = await Promise.all([
        api("/api/events?" + paramsOf(state.filters, {limit: String(limit)})),
        api("/api/stats?" + undated), // the timeline shows every date; the brush marks the range
      ]);
      if (seq !== state.refreshes) return; // a newer refresh took over
      const truncated = page.next_offset !== null;
      state.events = page.events;
      renderLegend(page.events);
      renderMap(page.events, !(options && options.keepView));
      renderTable(page.events, truncated);
      renderSummary(page.events, truncated);
      timeline.update(stats.by_day_type, {from: state.filters.from, to: state.filters.to});
      $("export-csv").href = "/api/events?" + paramsOf(state.filters, {format: "csv", limit: String(state.health.max_limit)});
      showError("");
    } catch (err) {
      if (seq === state.refreshes) showError(err.message);
    }
    if (seq === state.refreshes) document.body.dataset.state = "ready";
  }

  function setRange(from, to) {
    state.filters.from = from || "";
    state.filters.to = to || "";
    writeForm();
    writeUrl();
    refresh();
  }

  // ---- Event panel -----------------------------------------------------------------------

  function fieldClass(field) { return "ev-" + String(field).toLowerCase().replace(/[^a-z0-9_]/g, "_"); }

  // The article's text with the spans marked; offsets count code points.
  function highlighted(text, spans) {
    const cps = Array.from(text);
    const good = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) &&
                                     s.start >= 0 && s.end <= cps.length && s.start < s.end);
    const cuts = new Set([0, cps.length]);
    for (const s of good) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = cps.slice(a, b).join("");
      const fields = [...new Set(good.filter((s) => s.start <= a && s.end >= b).map((s) => s.field))];
      if (!fields.length) { out.append(piece); continue; }
      out.append(h("mark", {class: "ev " + fieldClass(fields[0]), title: fields.join(", "),
                            data: {fields: fields.join(" ")}}, piece));
    }
    return out;
  }

  function figures(claim) {
    const parts = [];
    if (claim.fatalities != null) parts.push(claim.fatalities + " killed");
    if (claim.injuries != null) parts.push(claim.injuries + " injured");
    return parts.join(", ");
  }

  function fact(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(h("dt", {text: label}), h("dd", {text: value}));
  }

  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  function renderEvent(detail, articles) {
    const e = detail.event;
    $("panel-title").textContent = e.event_type || "Event";
    const body = $("panel-body");
    body.replaceChildren();
    if (detail.merged_into) {
      body.append(h("p", {class: "note", text: "The id " + detail.requested_id + " was merged into this event."}));
    }
    body.append(h("p", {class: "subtype"}, h("i", {class: "swatch t-" + typeIndex(e.event_type)}), e.sub_event_type || ""));
    const dl = h("dl", {class: "facts"});
    fact(dl, "Date", e.event_date ? e.event_date + (e.date_precision && e.date_precision !== "day" ? " (" + e.date_precision + ")" : "") : "unknown");
    fact(dl, "Place", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", "));
    fact(dl, "Actor 1", e.actor1);
    fact(dl, "Actor 2", e.actor2);
    const range = e.fatalities_low != null && e.fatalities_high != null && e.fatalities_low !== e.fatalities_high
        ? " (" + e.fatalities_low + "–" + e.fatalities_high + ")" : "";
    fact(dl, "Fatalities", e.fatalities != null ? e.fatalities + range : "not reported");
    fact(dl, "Injuries", e.injuries);
    fact(dl, "Sources", (e.sources || []).join(", "));
    body.append(dl);
    if (e.notes) body.append(h("p", {class: "notes", text: e.notes}));

    // The sources' claims, side by side.
    const publisher = {};
    for (const a of detail.articles) publisher[a.id] = a.publisher || a.title || a.id;
    if ((e.claims || []).length) {
      body.append(h("h3", {text: "What each source claimed"}));
      const grid = h("div", {class: "claims"});
      for (const c of e.claims) {
        const numbers = figures(c);
        grid.append(h("div", {class: "claim", data: {source: c.source}},
                      h("div", {class: "claim-head"}, h("strong", {text: c.source}), h("span", {class: "badge", text: c.claim})),
                      h("div", {class: "claim-figures", text: numbers || "no figures"}),
                      c.text ? h("q", {class: "claim-text", text: c.text}) : null,
                      c.article_id && publisher[c.article_id] ? h("div", {class: "claim-from", text: "in " + publisher[c.article_id]}) : null));
      }
      body.append(grid);
    }

    // Each report's text with the evidence of every field.
    body.append(h("h3", {text: articles.length === 1 ? "The report" : "The " + articles.length + " reports"}));
    const single = (e.article_ids || []).length === 1;
    for (const a of articles) {
      let spans = (a.spans || []).filter((s) => s.event_id === e.event_id);
      if (!spans.length) {
        spans = (e.evidence || []).filter((s) => s.article_id === a.id || (single && !s.article_id));
      }
      const link = safeUrl(a.url);
      const head = h("div", {class: "report-head"},
                     h("strong", {text: a.title || a.id}),
                     h("div", {class: "report-meta", text: [a.publisher, a.published].filter(Boolean).join(" · ")}),
                     link ? h("a", {href: link, target: "_blank", rel: "noopener noreferrer", text: "original"}) : null);
      const fields = [...new Set(spans.map((s) => s.field))];
      const keys = h("div", {class: "fields"}, ...fields.map((f) => h("span", {class: "ev " + fieldClass(f), text: f})));
      body.append(h("article", {class: "report", data: {articleId: a.id}},
                    head, keys, h("div", {class: "report-text"}, highlighted(a.text || "", spans))));
    }
  }

  async function openEvent(id) {
    state.selected = id;
    writeUrl();
    const panel = $("panel");
    panel.hidden = false;
    document.body.classList.add("panel-open");
    document.body.dataset.panel = "loading";
    $("panel-title").textContent = "Event";
    $("panel-body").replaceChildren(h("p", {class: "note", text: "Loading…"}));
    for (const row of $("events").tBodies[0].rows) row.classList.toggle("selected", row.dataset.eventId === id);
    try {
      const detail = await api("/api/events/" + encodeURIComponent(id));
      const articles = await Promise.all(detail.articles.map((a) => api("/api/articles/" + encodeURIComponent(a.id))));
      if (state.selected !== id) return;
      renderEvent(detail, articles);
      markSelected();
    } catch (err) {
      if (state.selected !== id) return;
      $("panel-body").replaceChildren(h("p", {class: "error", text: err.message}));
    }
    document.body.dataset.panel = "ready";
  }

  // Rings the selected event's marker, or the cluster that holds it, and brings it into view.
  function markSelected() {
    for (const node of document.querySelectorAll("#map .selected")) node.classList.remove("selected");
    const m = state.selected && markers.get(state.selected);
    if (!m) return;
    // The marker when drawn (markercluster's getVisibleParent knows icons only, not paths),
    // else the cluster icon that holds it.
    let node = map.hasLayer(m) ? m.getElement() : null;
    for (let c = m.__parent; !node && c; c = c.__parent) node = c._icon || null;
    if (node) node.classList.add("selected");
    if (!map.getBounds().contains(m.getLatLng())) map.panTo(m.getLatLng());
  }

  function closeEvent() {
    state.selected = null;
    $("panel").hidden = true;
    document.body.classList.remove("panel-open");
    delete document.body.dataset.panel;
    for (const row of $("events").tBodies[0].rows) row.classList.remove("selected");
    markSelected();
    writeUrl();
  }

  // ---- Start -------------------------------------------------------------------------------

  async function start() {
    readUrl();
    setupMap();
    timeline = new SitrepTimeline($("timeline"), {colors: TYPE_COLORS, onRange: setRange});
    setupFilters();
    $("panel-close").addEventListener("click", closeEvent);
    document.addEventListener("keydown", (k) => { if (k.key === "Escape" && !$("panel").hidden) closeEvent(); });
    try {
      [state.health, state.allStats] = await Promise.all([api("/healthz"), api("/api/stats")]);
    } catch (err) {
      showError("The server cannot be reached: " + err.message);
      document.body.dataset.state = "ready";
      return;
    }
    fillOptions($("f-country"), Object.keys(state.allStats.by_country).filter(Boolean).sort(), state.filters.country);
    const types = Object.keys(TYPE_COLORS).concat(Object.keys(state.allStats.by_event_type).filter((t) => t && !(t in TYPE_COLORS)));
    fillOptions($("f-type"), types, state.filters.type);
    fillAdmin1Options();
    writeForm();
    await refresh();
    if (state.selected) openEvent(state.selected);
  }

  start().catch((err) => {
    showError("The dashboard failed to start: " + (err && err.message ? err.message : err));
    document.body.dataset.state = "ready";
    throw err;
  });
})();
