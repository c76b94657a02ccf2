// The query editor: YASGUI with a tab per named query, the Wikidata-style examples in a menu, and
// /?run=QUERY to open a query in a tab of its own and run it. Its data (queries, examples, prefixes)
// is the JSON of the page's #sevare-config element, written by server/index.py.
(function () {
  var cfg = JSON.parse(document.getElementById("sevare-config").textContent);
  var Y = window.Yasgui.default || window.Yasgui;
  var endpoint = window.location.origin + "/sparql";
  // the editor's own grammar does not know the WDQS prefixes the endpoint predeclares (wd:, wdt:, …)
  // and would mark every query pasted from Wikidata as wrong: the endpoint's one-line error, with
  // its line and column, is what tells a syntax error
  if (Y.Yasqe && Y.Yasqe.defaults) {
    Y.Yasqe.defaults.autocompleters = ["variables"];
    Y.Yasqe.defaults.syntaxErrorCheck = false;
  }
  var yasgui = new Y(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  var first = null;
  var existing = Object.keys(yasgui._tabs || {});
  cfg.queries.forEach(function (q) {
    var tab = yasgui.addTab(false, { name: q.name, yasqe: { value: q.query }, requestConfig: { endpoint: endpoint } });
    if (!first) { first = tab; }
  });
  existing.forEach(function (id) { var t = yasgui.getTab(id); if (t) { t.close(); } });
  if (first) { yasgui.selectTabId(first.getId()); }
  window.sevareYasgui = yasgui;
  var picker = document.getElementById("examples");
  if (picker) {
    picker.addEventListener("change", function () {
      var q = cfg.examples[Number(picker.value)];
      if (q) {
        yasgui.addTab(true, { name: q.name.split("/").pop(), yasqe: { value: q.query }, requestConfig: { endpoint: endpoint } });
      }
      picker.value = "";
    });
  }
  var params = new URLSearchParams(window.location.search);
  // /?run=QUERY opens QUERY in a tab of its own and runs it; /?run runs the first named query
  if (params.has("run")) {
    var tab = yasgui.getTab();
    if (params.get("run")) {
      tab = yasgui.addTab(true, { name: "run", yasqe: { value: params.get("run") }, requestConfig: { endpoint: endpoint } });
    }
    tab.query();
  }
})();
