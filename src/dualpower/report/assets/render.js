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
    head.textContent = "";
    head.appendChild(el("h1", "", payload.title || "dualpower"));
    (payload.intro || []).forEach(function (text) { head.appendChild(el("p", "lead", text)); });
    if (payload.description) { head.appendChild(el("p", "lead", payload.description)); }
  }

  function summary(box, rows, kind) {
    box.textContent = "";
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

  // The real history on a time series: a dotted line and an "H" per dated event, its source on hover.
  function withHistory(layout, marks, shared) {
    var calendar = shared && shared.ns ? " OS" : "";
    var shapes = (layout.shapes || []).slice(), notes = (layout.annotations || []).slice();
    marks.forEach(function (m) {
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: m.date, x1: m.date, y0: 0, y1: 1, line: { color: "#555", width: 1, dash: "dot" } });
      notes.push({ x: m.date, xref: "x", yref: "paper", y: 0, yanchor: "bottom", text: "H", showarrow: false,
        font: { size: 11, color: "#333" }, bgcolor: "#eeeae0",
        hovertext: wrapText("History, " + m.date + calendar + ": " + m.text + ". Source: " + m.source + " (confidence " + m.confidence + ")") });
    });
    return Object.assign({}, layout, { shapes: shapes, annotations: notes });
  }

  function figures(grid, figs, shared, marks) {
    (figs || []).forEach(function (fig) {
      var chart = figureCard(grid, fig), layout = resolve(fig.layout, shared), data = resolve(fig.data, shared);
      if (fig.history && marks && marks.length) { layout = withHistory(layout, marks, shared); }
      if (chart.clientWidth && chart.clientWidth < 560 && layout.legend && layout.legend.orientation === "v") {
        layout = Object.assign({}, layout, { legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top" },
          height: (layout.height || 340) + 110, margin: Object.assign({}, layout.margin, { b: 150 }) });
      }
      if (fig.id === "events") { data.forEach(function (t) { t.text = (t.text || []).map(wrapText); }); }
      var menus = (layout.updatemenus || []).filter(function (m) { return m.type === "buttons"; });
      if (menus.length) {
        layout = Object.assign({}, layout, { updatemenus: [] });
        switches(chart, menus);
        var choice = menus[0].buttons[Number(chart.dataset.choice)];
        if (choice) { var kept = chosen(choice, data, layout); data = kept.data; layout = kept.layout; }
      }
      Plotly.react(chart, data, layout, CONFIG);
    });
  }

  // Long hover texts on several lines, so that they are not cut at the edge of the chart.
  function wrapText(text) {
    return String(text).replace(/(.{1,60})(\s+|$)/g, "$1<br>").replace(/<br>$/, "");
  }

  // Plotly's menu buttons are not reachable by keyboard: draw them as HTML buttons instead. The chart
  // remembers the reader's choice (data-choice), so that a live update redraws it as chosen.
  function switches(chart, menus) {
    if (chart.previousElementSibling && chart.previousElementSibling.classList.contains("switches")) { return; }
    var row = el("div", "switches"); row.setAttribute("role", "group");
    menus[0].buttons.forEach(function (b, i) {
      var button = el("button", "switch", b.label); button.type = "button"; button.setAttribute("aria-pressed", i === 0);
      button.addEventListener("click", function () {
        chart.dataset.choice = i;
        Plotly[b.method === "relayout" ? "relayout" : "restyle"](chart, b.args[0]);
        row.querySelectorAll("button").forEach(function (o) { o.setAttribute("aria-pressed", o === button); });
      });
      row.appendChild(button);
    });
    chart.parentNode.insertBefore(row, chart);
  }

  // A button's change applied to fresh data and layout: a restyle sets each trace's attribute (an array
  // gives one value per trace), a relayout sets a layout path such as "yaxis.type".
  function chosen(button, data, layout) {
    var change = button.args[0];
    if (button.method === "relayout") {
      layout = JSON.parse(JSON.stringify(layout));
      Object.keys(change).forEach(function (path) {
        var keys = path.split("."), at = layout;
        keys.slice(0, -1).forEach(function (k) { at = at[k] = at[k] || {}; });
        at[keys[keys.length - 1]] = change[path];
      });
      return { data: data, layout: layout };
    }
    data = data.map(function (trace, i) {
      var copy = Object.assign({}, trace);
      Object.keys(change).forEach(function (k) { copy[k] = Array.isArray(change[k]) ? change[k][i] : change[k]; });
      return copy;
    });
    return { data: data, layout: layout };
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
    box.textContent = "";
    box.appendChild(el("h2", "", "Districts: whose orders they obey"));
    var svg = svgNode("svg", { viewBox: "0 0 " + map.width + " " + map.height, role: "img", "class": "map-svg" });
    var title = svgNode("title", {}); svg.appendChild(title);
    (map.lines || []).forEach(function (ln) { svg.appendChild(svgNode("path", { d: ln.d, "class": "river" })); });
    map.districts.forEach(function (d) {
      var g = svgNode("g", { "data-district": d.key });
      g.appendChild(svgNode("polygon", { points: d.points, "class": "district" }));
      var name = svgNode("text", { x: d.cx, y: d.cy - 3, "class": "dname" }); name.textContent = d.name;
      var value = svgNode("text", { x: d.cx, y: d.cy + 12, "class": "dvalue" });
      g.appendChild(name); g.appendChild(value); svg.appendChild(g);
    });
    box.appendChild(svg);
    var row = el("div", "map-controls");
    var play = el("button", "map-play", "Play"); play.type = "button"; play.setAttribute("aria-label", "play the map over time");
    var slider = el("input"); slider.type = "range"; slider.min = 0; slider.step = 1; slider.className = "map-slider";
    slider.setAttribute("aria-label", "day shown on the map");
    row.appendChild(play); row.appendChild(slider); row.appendChild(el("span", "map-date"));
    box.appendChild(row);
    box.appendChild(el("p", "note", "Colour: share loyal to the councils (red) minus share loyal to the government (blue); " +
      "each district reads councils / government. " + (map.schematic ? "Schematic tiles, not a map to scale." : "Not to scale.")));
    slider.addEventListener("input", function () { paintMap(box, Number(slider.value)); });
    play.addEventListener("click", function () { togglePlay(box); });
  }

  function togglePlay(box) {
    var slider = box.querySelector(".map-slider"), play = box.querySelector(".map-play");
    if (box._timer) { clearInterval(box._timer); box._timer = null; play.textContent = "Play"; return; }
    if (Number(slider.value) >= Number(slider.max)) { slider.value = 0; }
    play.textContent = "Pause";
    box._timer = setInterval(function () {
      var next = Number(slider.value) + Math.max(1, Math.round(Number(slider.max) / 120));
      slider.value = Math.min(next, Number(slider.max));
      paintMap(box, Number(slider.value));
      if (next >= Number(slider.max)) { togglePlay(box); }
    }, 80);
  }

  function paintMap(box, idx) {
    var map = box._map, shared = box._shared || {}, said = [];
    box.querySelectorAll("g[data-district]").forEach(function (g, i) {
      var c = map.councils[i][idx] || 0, gov = map.government[i] ? (map.government[i][idx] || 0) : 0;
      g.querySelector("polygon").style.fill = mix(c - gov);
      g.querySelector(".dvalue").textContent = Math.round(100 * c) + "% / " + Math.round(100 * gov) + "%";
      said.push(map.districts[i].name + " " + Math.round(100 * c) + "% councils, " + Math.round(100 * gov) + "% government");
    });
    var x = shared.x ? shared.x[idx] : idx, ns = shared.ns ? " OS (" + shared.ns[idx] + " NS)" : "";
    var date = (typeof x === "number" ? "step " + x : x + ns);
    box.querySelector(".map-date").textContent = date;
    box.querySelector("svg title").textContent = "District map, " + date + ": " + said.join("; ") + ".";
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

  // The civil-violence lattice: packed frames (see grid_view.py) drawn on a canvas, with play and a step slider.
  var CELL_COLOURS = ["#ffffff", "#b9c4ce", "#b8322a", "#222222", "#2f5d8c"];
  var CELL_NAMES = ["empty", "quiet", "active", "jailed", "cops"];

  function unpack(grid) {
    var bin = atob(grid.data), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (buf) {
      var packed = new Uint8Array(buf), size = grid.width * grid.height, n = grid.steps.length;
      var cells = new Uint8Array(n * size);
      for (var j = 0; j < n * size; j++) {
        var b = packed[Math.floor(j / 3)], d = j % 3 === 0 ? Math.floor(b / 25) : (j % 3 === 1 ? Math.floor(b / 5) % 5 : b % 5);
        cells[j] = j < size ? d : (cells[j - size] + d) % 5;
      }
      return cells;
    });
  }

  function gridView(box, grid) {
    if (!grid) { box.style.display = "none"; return; }
    if (box._grid === grid.data) { return; }
    box._grid = grid.data; box.style.display = ""; box.textContent = "";
    box.appendChild(el("h2", "", "The grid: citizens and cops"));
    var legend = el("div", "cv-legend");
    CELL_NAMES.forEach(function (name, i) {
      var item = el("span"), swatch = el("i"); swatch.style.background = CELL_COLOURS[i];
      item.appendChild(swatch); item.appendChild(document.createTextNode(name)); legend.appendChild(item);
    });
    box.appendChild(legend);
    var canvas = el("canvas"); canvas.width = grid.width; canvas.height = grid.height; canvas.setAttribute("role", "img");
    box.appendChild(canvas);
    var row = el("div", "map-controls");
    var play = el("button", "map-play", "Play"); play.type = "button"; play.setAttribute("aria-label", "play the grid over time");
    var slider = el("input"); slider.type = "range"; slider.min = 0; slider.max = grid.steps.length - 1; slider.step = 1;
    slider.value = 0; slider.className = "map-slider grid-slider"; slider.setAttribute("aria-label", "step shown on the grid");
    row.appendChild(play); row.appendChild(slider); row.appendChild(el("span", "map-date grid-step"));
    box.appendChild(row);
    box.appendChild(el("p", "note", "Each pixel is a cell of the torus. Active citizens (red) rebel; cops (blue) jail them (black)." +
      (grid.stride > 1 ? " One step in " + grid.stride + " is shown, to keep the page small." : "")));
    unpack(grid).then(function (cells) {
      box._cells = cells;
      var show = function () { paintGrid(box, grid, canvas, Number(slider.value)); };
      slider.addEventListener("input", show);
      play.addEventListener("click", function () {
        if (box._timer) { clearInterval(box._timer); box._timer = null; play.textContent = "Play"; return; }
        if (Number(slider.value) >= Number(slider.max)) { slider.value = 0; }
        play.textContent = "Pause";
        box._timer = setInterval(function () {
          slider.value = Number(slider.value) + 1; show();
          if (Number(slider.value) >= Number(slider.max)) { clearInterval(box._timer); box._timer = null; play.textContent = "Play"; }
        }, 60);
      });
      show();
      box.dataset.ready = "1";
    }).catch(function (err) { box.appendChild(el("p", "note", "The grid cannot be shown in this browser: " + err)); });
  }

  function paintGrid(box, grid, canvas, idx) {
    var size = grid.width * grid.height, ctx = canvas.getContext("2d"), img = ctx.createImageData(grid.width, grid.height);
    var counts = [0, 0, 0, 0, 0], rgb = CELL_COLOURS.map(function (c) { return [1, 3, 5].map(function (k) { return parseInt(c.substr(k, 2), 16); }); });
    for (var i = 0; i < size; i++) {
      var code = box._cells[idx * size + i], c = rgb[code];
      counts[code]++;
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    var text = "step " + grid.steps[idx] + ": " + CELL_NAMES.slice(1).map(function (n, k) { return counts[k + 1] + " " + n; }).join(", ");
    box.querySelector(".grid-step").textContent = text;
    canvas.setAttribute("aria-label", "Grid of " + grid.width + " by " + grid.height + " cells at " + text + ".");
  }

  function tables(box, list) {
    box.textContent = "";
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
    gridView(part(top, "cv-grid card"), payload.grid);
    figures(part(root, "grid"), payload.figures, payload.shared, payload.history);
    tables(part(root, "tables"), payload.tables);
  }

  function render(payload, root) {
    root.textContent = "";
    update(payload, root);
  }

  window.DualpowerReport = { render: render, update: update, resolve: resolve };
})();
