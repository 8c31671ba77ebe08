// The region picker (fupin/regions/fields.py): suggestions as one types, the picked region's code into the
// hidden input beside the box, the code on hover. Unpicked text is sent as typed and resolved by the server.
(function () {
  function setup(box) {
    var hidden = box.previousElementSibling;
    var list = document.getElementById(box.getAttribute("list"));
    var found = [];
    var timer = null;
    function fill(results) {
      found = results;
      list.innerHTML = "";
      results.forEach(function (r) {
        var option = document.createElement("option");
        option.value = r.path ? r.name + " · " + r.path : r.name;
        option.label = r.code;
        list.appendChild(option);
      });
    }
    function pick() {
      var text = box.value.trim();
      var match = found.filter(function (r) { return text === r.name || text === r.name + " · " + r.path; });
      if (match.length === 1) {
        box.value = match[0].name;
        hidden.value = match[0].code;
        box.title = match[0].code;
      } else {
        hidden.value = text;
        box.title = "";
      }
    }
    box.addEventListener("input", function () {
      pick();
      clearTimeout(timer);
      var text = box.value.trim();
      if (!text) { fill([]); return; }
      timer = setTimeout(function () {
        var url = box.dataset.regionPicker + (box.dataset.regionPicker.indexOf("?") < 0 ? "?" : "&") +
          "q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { fill(data.results); pick(); });
      }, 200);
    });
    box.addEventListener("change", pick);
  }
  function init(root) {
    (root || document).querySelectorAll("input[data-region-picker]").forEach(function (box) {
      if (!box.dataset.pickerReady) { box.dataset.pickerReady = "1"; setup(box); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
