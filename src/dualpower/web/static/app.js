/* Dashboard front end: parameter controls from the API, live runs over server-sent events, comparisons.
   Every text from the server goes into the page as text nodes, never as HTML. */
(function () {
  "use strict";
  var query = new URLSearchParams(location.search);
  var TOKEN = query.get("token") || sessionStorage.getItem("dualpower-token") || "";
  sessionStorage.setItem("dualpower-token", TOKEN);
  var $ = function (id) { return document.getElementById(id); };
  var state = { scenario: null, current: null, source: null, shared: new URLSearchParams(location.hash.slice(1)) };
  // Timings the browser tests read: when Run was pressed, first chart, each update.
  window.dpTimings = { clicked: null, firstChart: null, updates: [] };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function api(path, options) {
    var opts = Object.assign({ headers: {} }, options || {});
    opts.headers["X-Token"] = TOKEN;
    if (opts.body) { opts.headers["Content-Type"] = "application/json"; }
    return fetch("/api" + path, opts).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(explain(body)); }
        return body;
      });
    });
  }

  // A validation error names the parameter (its label) rather than pydantic's type alternatives.
  function explain(body) {
    var d = body && body.detail;
    if (!Array.isArray(d)) { return String(d || "request failed"); }
    var seen = {};
    return d.map(function (e) {
      var loc = (e.loc || []).map(String), i = loc.indexOf("params");
      var name = i >= 0 && loc.length > i + 1 ? loc[i + 1] : loc[loc.length - 1];
      return fieldLabel(name) + ": " + e.msg;
    }).filter(function (m) { var dup = seen[m]; seen[m] = true; return !dup; }).join("; ");
  }

  function fieldLabel(name) {
    var p = state.scenario && state.scenario.params.find(function (q) { return q.name === name; });
    return p ? p.label + " (" + name + ")" : name;
  }

  function showError(err) { $("error").textContent = err ? String(err.message || err) : ""; }

  function loadScenarios() {
    return api("/scenarios").then(function (list) {
      var first = list.find(function (s) { return s.default; }) || list[0] || {};
      var sel = $("scenario"), wanted = state.shared.get("scenario") || first.name;
      sel.textContent = "";
      list.forEach(function (s) { var o = el("option", "", s.name + " (" + s.model + ")"); o.value = s.name; sel.appendChild(o); });
      if (list.some(function (s) { return s.name === wanted; })) { sel.value = wanted; }
      return selectScenario(sel.value, state.shared);
    });
  }

  function selectScenario(name, shared) {
    showError(null);
    return api("/scenarios/" + encodeURIComponent(name)).then(function (sc) {
      state.scenario = sc;
      $("description").textContent = sc.description;
      $("steps").max = sc.max_steps;
      $("seed").value = sc.seed === null ? "" : sc.seed;
      var presets = $("preset"); presets.textContent = "";
      sc.presets.forEach(function (p) { var o = el("option", "", p.label); o.value = p.name; presets.appendChild(o); });
      buildParams(sc.params);
      applyPreset(sc.presets[0]);
      if (shared) { applyShared(shared); }
      document.body.dataset.scenario = sc.name;
    });
  }

  function applyPreset(preset) {
    $("preset").value = preset.name;
    $("steps").value = preset.steps;
    state.scenario.params.forEach(function (p) {
      setValue(p, Object.prototype.hasOwnProperty.call(preset.params, p.name) ? preset.params[p.name] : p.value);
    });
  }

  // A shared link (#scenario=...&steps=...&seed=...&name=value...) sets the controls it names.
  function applyShared(shared) {
    if (shared.has("steps")) { $("steps").value = shared.get("steps"); }
    if (shared.has("seed")) { $("seed").value = shared.get("seed"); }
    state.scenario.params.forEach(function (p) {
      if (!shared.has(p.name)) { return; }
      var raw = shared.get(p.name);
      setValue(p, p.kind === "boolean" ? raw === "true" : (raw === "" ? null : (p.kind === "choice" ? raw : Number(raw))));
    });
  }

  function shareLink(body) {
    var out = new URLSearchParams();
    out.set("scenario", body.scenario);
    if (body.steps !== undefined) { out.set("steps", body.steps); }
    if (body.seed !== undefined) { out.set("seed", body.seed); }
    Object.keys(body.params).forEach(function (k) { out.set(k, body.params[k]); });
    return location.pathname + "#" + out.toString();
  }

  function buildParams(rows) {
    var form = $("params"), groups = {};
    form.textContent = "";
    var key = el("fieldset", "group key");
    key.appendChild(el("legend", "", "Key parameters"));
    form.appendChild(key);
    rows.forEach(function (p) {
      if (p.key) { key.appendChild(paramControl(p)); return; }
      if (!groups[p.group]) {
        groups[p.group] = el("details", "group");
        groups[p.group].appendChild(el("summary", "", p.group));
        form.appendChild(groups[p.group]);
      }
      groups[p.group].appendChild(paramControl(p));
    });
  }

  function paramControl(p) {
    var box = el("div", "param"); box.dataset.name = p.name; box.dataset.kind = p.kind;
    var id = "p-" + p.name;
    var name = el("label", "name", p.label); name.htmlFor = id;
    name.appendChild(el("span", "unit", p.unit ? " (" + p.unit + ")" : ""));
    var inputs = el("div", "inputs");
    box.appendChild(name); box.appendChild(inputs);
    if (p.optional) {
      var set = el("input"); set.type = "checkbox"; set.className = "is-set"; set.setAttribute("aria-label", p.label + ": set a value");
      inputs.appendChild(set);
    }
    if (p.kind === "boolean") { inputs.appendChild(field("checkbox", p, id)); }
    else if (p.kind === "choice") { inputs.appendChild(choice(p, id)); }
    else { numberInputs(inputs, p, id); }
    if (p.optional) {
      var toggle = function () { inputs.querySelectorAll("input:not(.is-set), select").forEach(function (i) { i.disabled = !set.checked; }); };
      set.addEventListener("change", toggle);
    }
    box.appendChild(el("p", "help", p.help + range(p) + " · " + p.name));
    return box;
  }

  function range(p) {
    if (p.ge === null && p.le === null) { return ""; }
    if (p.ge === null) { return " At most " + p.le + "."; }
    if (p.le === null) { return " At least " + p.ge + "."; }
    return " Range " + p.ge + " to " + p.le + ".";
  }

  function field(type, p, id) {
    var input = el("input"); input.type = type; input.name = p.name; input.id = id;
    if (type === "checkbox") { return input; }
    if (p.ge !== null) { input.min = p.ge; }
    if (p.le !== null) { input.max = p.le; }
    input.step = p.kind === "integer" ? 1 : "any";
    return input;
  }

  function choice(p, id) {
    var sel = el("select"); sel.name = p.name; sel.id = id;
    p.choices.forEach(function (c) { var o = el("option", "", c); o.value = c; sel.appendChild(o); });
    return sel;
  }

  function numberInputs(inputs, p, id) {
    var number = field("number", p, id);
    if (p.ge !== null && p.le !== null) {
      var slider = field("range", p, id + "-slider"); slider.name = "";
      slider.step = p.kind === "integer" ? 1 : (p.le - p.ge) / 200;
      slider.setAttribute("aria-label", p.label);
      slider.addEventListener("input", function () { number.value = slider.value; });
      number.addEventListener("input", function () { slider.value = number.value; });
      inputs.appendChild(slider);
    }
    inputs.appendChild(number);
  }

  function box(p) { return $("params").querySelector('.param[data-name="' + p.name + '"]'); }
  function control(p) { return box(p).querySelector('[name="' + p.name + '"]'); }

  function setValue(p, v) {
    var b = box(p), c = control(p), slider = b.querySelector("input[type=range]"), set = b.querySelector(".is-set");
    if (set) {
      set.checked = v !== null;
      b.querySelectorAll("input:not(.is-set), select").forEach(function (i) { i.disabled = v === null; });
      if (v === null) { v = p.ge !== null ? p.ge : 0; }
    }
    if (p.kind === "boolean") { c.checked = !!v; } else { c.value = v; }
    if (slider) { slider.value = v; }
  }

  function getValue(p) {
    var b = box(p), c = control(p), set = b.querySelector(".is-set");
    if (set && !set.checked) { return null; }
    if (p.kind === "boolean") { return c.checked; }
    if (p.kind === "choice" || p.kind === "text") { return c.value; }
    if (c.value.trim() === "") { throw new Error(fieldLabel(p.name) + ": enter a value"); }
    return p.kind === "integer" ? Number(c.value) : parseFloat(c.value);
  }

  // Only values that differ from the scenario's are sent; the server validates them.
  function values() {
    var out = {};
    state.scenario.params.forEach(function (p) {
      var v = getValue(p);
      if (v === p.value) { return; }
      if (v === null) { throw new Error(fieldLabel(p.name) + ": cannot be left empty in this scenario"); }
      out[p.name] = v;
    });
    return out;
  }

  function request() {
    var body = { scenario: state.scenario.name, params: values() };
    if ($("steps").value !== "") { body.steps = parseInt($("steps").value, 10); }
    if ($("seed").value !== "") { body.seed = parseInt($("seed").value, 10); }
    if (body.steps !== undefined && !(body.steps >= 1)) { throw new Error("Days (steps): at least 1"); }
    return body;
  }

  function startRun() {
    showError(null);
    window.dpTimings = { clicked: performance.now(), firstChart: null, updates: [] };
    var body;
    try { body = request(); } catch (err) { showError(err); return; }
    history.replaceState(null, "", shareLink(body));
    $("share").href = location.href;
    $("share").hidden = false;
    api("/runs", { method: "POST", body: JSON.stringify(body) }).then(function (run) {
      state.current = run.id;
      $("live").textContent = "";
      $("live").appendChild(el("p", "note", "Starting " + body.scenario + "…"));
      $("cancel").disabled = false;
      showTab("live");
      watch(run.id);
      refreshRuns();
    }).catch(showError);
  }

  function watch(id) {
    if (state.source) { state.source.close(); }
    var source = new EventSource("/api/runs/" + id + "/stream?token=" + encodeURIComponent(TOKEN));
    state.source = source;
    source.addEventListener("progress", function (e) { progress(JSON.parse(e.data)); });
    source.addEventListener("data", function (e) { draw(JSON.parse(e.data)); });
    source.addEventListener("end", function (e) { source.close(); finish(JSON.parse(e.data)); });
  }

  function progress(info) {
    var pct = info.total ? Math.round(100 * info.done / info.total) : 100;
    $("progress").value = pct;
    $("progress-text").textContent = info.status + " " + info.done + " / " + info.total + " (" + pct + "%)";
  }

  function draw(payload) {
    if (!payload || !payload.shared || !payload.shared.x || payload.shared.x.length < 2) { return; }
    var first = $("live").querySelector(":scope > p.note");
    if (first) { first.remove(); }
    DualpowerReport.update(payload, $("live"));
    var now = performance.now();
    if (window.dpTimings.firstChart === null && document.querySelector("#live .main-svg")) { window.dpTimings.firstChart = now; }
    window.dpTimings.updates.push(now);
  }

  function finish(info) {
    progress(info);
    $("cancel").disabled = true;
    if (info.status === "failed") { showError(info.error); }
    if (info.status === "done") {
      api("/runs/" + info.id + "/payload").then(function (p) {
        $("live").textContent = "";
        DualpowerReport.render(p, $("live"));
        window.dpTimings.final = performance.now();
      }).catch(showError);
    }
    refreshRuns();
  }

  function refreshRuns() {
    return api("/runs").then(function (list) {
      var ul = $("runs"); ul.textContent = "";
      list.forEach(function (r) { ul.appendChild(runItem(r)); });
      fillCompare(list.filter(function (r) { return r.status === "done"; }));
    }).catch(showError);
  }

  function runItem(r) {
    var li = el("li"); li.dataset.run = r.id;
    li.appendChild(el("code", "", r.id));
    li.appendChild(document.createTextNode(" " + r.scenario + " "));
    li.appendChild(el("span", "status-" + String(r.status).replace(/[^a-z]/g, ""), r.status));
    if (r.outcome) { li.appendChild(document.createTextNode(" → " + r.outcome)); }
    if (r.status === "done") {
      li.appendChild(link("report", "/api/runs/" + r.id + "/report?token=" + encodeURIComponent(TOKEN)));
      li.appendChild(link("zip", "/api/runs/" + r.id + "/zip?token=" + encodeURIComponent(TOKEN)));
    }
    return li;
  }

  function link(text, href) { var a = el("a", "", text); a.href = href; a.target = "_blank"; a.rel = "noopener"; return a; }

  function fillCompare(done) {
    ["cmp-a", "cmp-b"].forEach(function (id, i) {
      var sel = $(id), keep = sel.value; sel.textContent = "";
      done.forEach(function (r) { var o = el("option", "", r.id.slice(0, 6) + " " + r.scenario); o.value = r.id; sel.appendChild(o); });
      var chosen = sel.dataset.user && done.some(function (r) { return r.id === keep; });
      sel.value = chosen ? keep : (done[i] || done[0] || {}).id || "";
    });
  }

  function compare() {
    showError(null);
    api("/compare?a=" + encodeURIComponent($("cmp-a").value) + "&b=" + encodeURIComponent($("cmp-b").value)).then(function (p) {
      showTab("compare");
      DualpowerReport.render(p, $("comparison"));
    }).catch(showError);
  }

  // A counterfactual judged over many seeds: the scenario's defaults (A) against the settings in the form (B).
  function ensemble() {
    showError(null);
    var body, preset = state.scenario.presets.find(function (p) { return p.name === $("preset").value; }) || { params: {} };
    try { body = request(); } catch (err) { showError(err); return; }
    var req = { scenario: body.scenario, a: preset.params, b: body.params, seeds: parseInt($("ens-seeds").value, 10) || 10 };
    if (body.steps !== undefined) { req.steps = body.steps; }
    $("ensemble").disabled = true;
    $("progress-text").textContent = "ensemble: " + 2 * req.seeds + " runs…";
    api("/ensemble", { method: "POST", body: JSON.stringify(req) }).then(function (p) {
      showTab("compare");
      DualpowerReport.render(p, $("comparison"));
      $("progress-text").textContent = "ensemble done";
    }).catch(showError).then(function () { $("ensemble").disabled = false; });
  }

  function showTab(name) {
    $("live").hidden = name !== "live"; $("comparison").hidden = name !== "compare";
    $("tab-live").classList.toggle("active", name === "live"); $("tab-compare").classList.toggle("active", name === "compare");
    $("tab-live").setAttribute("aria-selected", name === "live"); $("tab-compare").setAttribute("aria-selected", name === "compare");
    window.dispatchEvent(new Event("resize"));
  }

  $("scenario").addEventListener("change", function () { selectScenario($("scenario").value).catch(showError); });
  $("preset").addEventListener("change", function () {
    var chosen = state.scenario.presets.find(function (p) { return p.name === $("preset").value; });
    if (chosen) { applyPreset(chosen); }
  });
  $("run").addEventListener("click", startRun);
  $("cancel").addEventListener("click", function () { api("/runs/" + state.current + "/cancel", { method: "POST" }).catch(showError); });
  $("reset").addEventListener("click", function () { selectScenario(state.scenario.name).catch(showError); });
  $("compare").addEventListener("click", compare);
  $("ensemble").addEventListener("click", ensemble);
  ["cmp-a", "cmp-b"].forEach(function (id) { $(id).addEventListener("change", function () { $(id).dataset.user = "1"; }); });
  $("tab-live").addEventListener("click", function () { showTab("live"); });
  $("tab-compare").addEventListener("click", function () { showTab("compare"); });
  loadScenarios().then(refreshRuns).catch(showError);
})();
