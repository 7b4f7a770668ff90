/* Draws a dualpower report payload with plotly.js: summary, district map, charts, tables.
   Used by report.html (once) and by the dashboard (again on every live update). */
(function () {
  "use strict";
  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var SVG = "http://www.w3.org/2000/svg";
  var WHITE = [248, 248, 244], COUNCILS = [184, 50, 42], GOVERNMENT = [47, 93, 140];

  // Shared arrays are written once in the payload and referenced as "@name".
  function resolve(value, shared) {
    if (typeof value === "string" && value.charAt(0) === "@" && shared && value.slice(1) in shared) {
      return shared[value.slice(1)];
    }
    if (Array.isArray(value)) { return value.map(function (v) { return resolve(v, shared); }); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = resolve(value[k], shared); });
      return out;
    }
    return value;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function part(root, cls, tag) {
    var node = root.querySelector(":scope > ." + cls.split(" ")[0]);
    if (!node) { node = el(tag || "div", cls); root.appendChild(node); }
    return node;
  }

  function header(root, payload) {
    var head = part(root, "report-head", "header");
    head.innerHTML = "";
    head.appendChild(el("h1", "", payload.title || "dualpower"));
    if (payload.description) { head.appendChild(el("p", "lead", payload.description)); }
  }

  function summary(box, rows, kind) {
    box.innerHTML = "";
    if (!rows || !rows.length) { box.style.display = "none"; return; }
    box.style.display = "";
    var dl = el("dl", "facts");
    rows.forEach(function (r) { dl.appendChild(el("dt", "", r[0])); dl.appendChild(el("dd", "", r[1])); });
    box.appendChild(el("h2", "", { experiment: "Experiment", compare: "Comparison (A | B)" }[kind] || "Run")); box.appendChild(dl);
  }

  function figureCard(grid, fig) {
    var card = grid.querySelector('[data-card="' + fig.id + '"]');
    if (card) { return card.querySelector(".chart"); }
    card = el("section", "card"); card.setAttribute("data-card", fig.id);
    card.appendChild(el("h2", "", fig.title));
    var chart = el("div", "chart"); chart.setAttribute("data-fig", fig.id);
    card.appendChild(chart);
    if (fig.note) { card.appendChild(el("p", "note", fig.note)); }
    grid.appendChild(card);
    return chart;
  }

  function figures(grid, figs, shared) {
    (figs || []).forEach(function (fig) {
      var chart = figureCard(grid, fig);
      Plotly.react(chart, resolve(fig.data, shared), resolve(fig.layout, shared), CONFIG);
    });
  }

  function mix(v) {
    var base = v >= 0 ? COUNCILS : GOVERNMENT, t = Math.pow(Math.min(1, Math.abs(v)), 0.8);
    return "rgb(" + base.map(function (b, i) { return Math.round(WHITE[i] + (b - WHITE[i]) * t); }).join(",") + ")";
  }

  function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function buildMap(box, map) {
    box.innerHTML = "";
    box.appendChild(el("h2", "", "Districts: whose orders they obey"));
    var svg = svgNode("svg", { viewBox: "0 0 " + map.width + " " + map.height, role: "img", "class": "map-svg" });
    svg.appendChild(svgNode("path", { d: map.river, "class": "river" }));
    map.districts.forEach(function (d, i) {
      var g = svgNode("g", { "data-district": d.key });
      g.appendChild(svgNode("polygon", { points: d.points, "class": "district" }));
      var name = svgNode("text", { x: d.cx, y: d.cy - 3, "class": "dname" }); name.textContent = d.name;
      var value = svgNode("text", { x: d.cx, y: d.cy + 11, "class": "dvalue" });
      g.appendChild(name); g.appendChild(value); svg.appendChild(g);
    });
    box.appendChild(svg);
    var row = el("div", "map-controls");
    var slider = el("input"); slider.type = "range"; slider.min = 0; slider.step = 1; slider.className = "map-slider";
    slider.setAttribute("aria-label", "day shown on the map");
    row.appendChild(slider); row.appendChild(el("span", "map-date"));
    box.appendChild(row);
    box.appendChild(el("p", "note", "Colour: share loyal to the councils (red) minus share loyal to the government (blue). Schematic, not to scale."));
    slider.addEventListener("input", function () { paintMap(box, Number(slider.value)); });
  }

  function paintMap(box, idx) {
    var map = box._map, shared = box._shared || {};
    box.querySelectorAll("g[data-district]").forEach(function (g, i) {
      var c = map.councils[i][idx] || 0, gov = map.government[i] ? (map.government[i][idx] || 0) : 0;
      g.querySelector("polygon").style.fill = mix(c - gov);
      g.querySelector(".dvalue").textContent = Math.round(100 * c) + "% / " + Math.round(100 * gov) + "%";
    });
    var x = shared.x ? shared.x[idx] : idx, ns = shared.ns ? " OS (" + shared.ns[idx] + " NS)" : "";
    box.querySelector(".map-date").textContent = (typeof x === "number" ? "step " + x : x + ns) + " — councils / government";
  }

  function districtMap(box, map, shared) {
    if (!map) { box.style.display = "none"; return; }
    box.style.display = "";
    if (!box.querySelector("svg") || box._map.districts.length !== map.districts.length) { buildMap(box, map); }
    var slider = box.querySelector(".map-slider"), n = map.councils[0].length;
    var follow = !box._map || Number(slider.value) >= Number(slider.max);
    box._map = map; box._shared = shared;
    slider.max = Math.max(0, n - 1);
    if (follow) { slider.value = slider.max; }
    paintMap(box, Number(slider.value));
  }

  function tables(box, list) {
    box.innerHTML = "";
    (list || []).forEach(function (t) {
      var details = el("details", "card table-card"), table = el("table", "data");
      details.appendChild(el("summary", "", t.title));
      var head = el("tr"); t.columns.forEach(function (c) { head.appendChild(el("th", "", c)); }); table.appendChild(head);
      t.rows.forEach(function (r) {
        var tr = el("tr"); r.forEach(function (v) { tr.appendChild(el("td", "", v === null ? "" : String(v))); }); table.appendChild(tr);
      });
      details.appendChild(table); box.appendChild(details);
    });
  }

  // Create what is missing and redraw the rest in place, so live updates keep the reader's place.
  function update(payload, root) {
    header(root, payload);
    var top = part(root, "top");
    summary(part(top, "summary card"), payload.summary, payload.kind);
    districtMap(part(top, "district-map card"), payload.map, payload.shared);
    figures(part(root, "grid"), payload.figures, payload.shared);
    tables(part(root, "tables"), payload.tables);
  }

  function render(payload, root) {
    root.innerHTML = "";
    update(payload, root);
  }

  window.DualpowerReport = { render: render, update: update, resolve: resolve };
})();
