/* Dashboard front end: parameter controls from the API, live runs over server-sent events, comparisons. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var TOKEN = params.get("token") || sessionStorage.getItem("dualpower-token") || "";
  sessionStorage.setItem("dualpower-token", TOKEN);
  var $ = function (id) { return document.getElementById(id); };
  var state = { scenario: null, current: null, source: null };
  // Timings the browser tests read: when Run was pressed, first chart, each update.
  window.dpTimings = { clicked: null, firstChart: null, updates: [] };

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

  function explain(body) {
    var d = body && body.detail;
    if (Array.isArray(d)) { return d.map(function (e) { return (e.loc || []).slice(-1)[0] + ": " + e.msg; }).join("; "); }
    return String(d || "request failed");
  }

  function showError(err) { $("error").textContent = err ? String(err.message || err) : ""; }

  function loadScenarios() {
    return api("/scenarios").then(function (list) {
      var sel = $("scenario");
      sel.innerHTML = "";
      list.forEach(function (s) { var o = document.createElement("option"); o.value = s.name; o.textContent = s.name + " (" + s.model + ")"; sel.appendChild(o); });
      return selectScenario(sel.value);
    });
  }

  function selectScenario(name) {
    return api("/scenarios/" + encodeURIComponent(name)).then(function (sc) {
      state.scenario = sc;
      $("description").textContent = sc.description;
      $("steps").value = sc.steps; $("steps").max = sc.max_steps;
      $("seed").value = sc.seed === null ? "" : sc.seed;
      buildParams(sc.params);
    });
  }

  function buildParams(rows) {
    var form = $("params");
    form.innerHTML = "";
    rows.forEach(function (p) { form.appendChild(paramControl(p)); });
  }

  function paramControl(p) {
    var box = document.createElement("div"); box.className = "param"; box.dataset.name = p.name;
    var name = document.createElement("div"); name.className = "name"; name.textContent = p.name;
    var unit = document.createElement("span"); unit.textContent = p.unit || ""; name.appendChild(unit);
    var inputs = document.createElement("div"); inputs.className = "inputs";
    var help = document.createElement("p"); help.className = "help"; help.textContent = p.help + range(p);
    if (p.type === "boolean") { inputs.appendChild(input("checkbox", p)); } else { numberInputs(inputs, p); }
    box.appendChild(name); box.appendChild(inputs); box.appendChild(help);
    return box;
  }

  function range(p) {
    if (p.ge === null && p.le === null) { return ""; }
    return " [" + (p.ge === null ? "" : p.ge) + ", " + (p.le === null ? "" : p.le) + "]";
  }

  function input(type, p) {
    var el = document.createElement("input"); el.type = type; el.name = p.name;
    if (type === "checkbox") { el.checked = !!p.value; return el; }
    el.value = p.value;
    if (p.ge !== null) { el.min = p.ge; }
    if (p.le !== null) { el.max = p.le; }
    el.step = p.type === "integer" ? 1 : "any";
    return el;
  }

  function numberInputs(inputs, p) {
    var number = input("number", p);
    if (p.ge !== null && p.le !== null && (p.type === "number" || p.type === "integer")) {
      var slider = input("range", p); slider.name = ""; slider.step = p.type === "integer" ? 1 : (p.le - p.ge) / 200;
      slider.setAttribute("aria-label", p.name);
      slider.addEventListener("input", function () { number.value = slider.value; });
      number.addEventListener("input", function () { slider.value = number.value; });
      inputs.appendChild(slider);
    }
    inputs.appendChild(number);
  }

  function values() {
    var out = {};
    state.scenario.params.forEach(function (p) {
      var el = $("params").querySelector('input[name="' + p.name + '"]');
      var v = el.type === "checkbox" ? el.checked : (p.type === "integer" ? parseInt(el.value, 10) : parseFloat(el.value));
      if (v !== p.value) { out[p.name] = v; }
    });
    return out;
  }

  function request() {
    var body = { scenario: state.scenario.name, params: values() };
    if ($("steps").value !== "") { body.steps = parseInt($("steps").value, 10); }
    if ($("seed").value !== "") { body.seed = parseInt($("seed").value, 10); }
    return body;
  }

  function startRun() {
    showError(null);
    window.dpTimings = { clicked: performance.now(), firstChart: null, updates: [] };
    api("/runs", { method: "POST", body: JSON.stringify(request()) }).then(function (run) {
      state.current = run.id;
      $("live").innerHTML = "";
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
    if (!payload) { return; }
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
      api("/runs/" + info.id + "/payload").then(function (p) { DualpowerReport.update(p, $("live")); window.dpTimings.final = performance.now(); });
    }
    refreshRuns();
  }

  function refreshRuns() {
    return api("/runs").then(function (list) {
      var ul = $("runs"); ul.innerHTML = "";
      list.forEach(function (r) { ul.appendChild(runItem(r)); });
      fillCompare(list.filter(function (r) { return r.status === "done"; }));
    }).catch(showError);
  }

  function runItem(r) {
    var li = document.createElement("li"); li.dataset.run = r.id;
    var html = "<code>" + r.id + "</code> " + r.scenario + ' <span class="status-' + r.status + '">' + r.status + "</span>";
    if (r.outcome) { html += " → " + r.outcome; }
    li.innerHTML = html;
    if (r.status === "done") {
      li.appendChild(link("report", "/api/runs/" + r.id + "/report?token=" + encodeURIComponent(TOKEN)));
      li.appendChild(link("zip", "/api/runs/" + r.id + "/zip?token=" + encodeURIComponent(TOKEN)));
    }
    return li;
  }

  function link(text, href) { var a = document.createElement("a"); a.textContent = text; a.href = href; a.target = "_blank"; return a; }

  function fillCompare(done) {
    ["cmp-a", "cmp-b"].forEach(function (id, i) {
      var sel = $(id), keep = sel.value; sel.innerHTML = "";
      done.forEach(function (r) { var o = document.createElement("option"); o.value = r.id; o.textContent = r.id.slice(0, 6) + " " + r.scenario; sel.appendChild(o); });
      var chosen = sel.dataset.user && done.some(function (r) { return r.id === keep; });
      sel.value = chosen ? keep : (done[i] || done[0] || {}).id || "";
    });
  }

  function compare() {
    showError(null);
    api("/compare?a=" + $("cmp-a").value + "&b=" + $("cmp-b").value).then(function (p) {
      showTab("compare");
      DualpowerReport.render(p, $("comparison"));
    }).catch(showError);
  }

  function showTab(name) {
    $("live").hidden = name !== "live"; $("comparison").hidden = name !== "compare";
    $("tab-live").classList.toggle("active", name === "live"); $("tab-compare").classList.toggle("active", name === "compare");
    window.dispatchEvent(new Event("resize"));
  }

  $("scenario").addEventListener("change", function () { selectScenario($("scenario").value).catch(showError); });
  $("run").addEventListener("click", startRun);
  $("cancel").addEventListener("click", function () { api("/runs/" + state.current + "/cancel", { method: "POST" }).catch(showError); });
  $("reset").addEventListener("click", function () { selectScenario(state.scenario.name).catch(showError); });
  $("compare").addEventListener("click", compare);
  ["cmp-a", "cmp-b"].forEach(function (id) { $(id).addEventListener("change", function () { $(id).dataset.user = "1"; }); });
  $("tab-live").addEventListener("click", function () { showTab("live"); });
  $("tab-compare").addEventListener("click", function () { showTab("compare"); });
  loadScenarios().then(refreshRuns).catch(showError);
})();
