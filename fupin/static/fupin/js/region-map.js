// The dashboard's map: one ECharts map per city in the user's scope (the city's districts, the paired
// counties), coloured by the figure chosen; a click opens the county's weekly board with its towns.
(function () {
  "use strict";
  var box = document.getElementById("region-map");
  var select = document.getElementById("map-figure");
  if (!box || !window.echarts) return;
  var encode = echarts.format.encodeHTML;
  var shapes = fetch(box.dataset.shapesUrl, {credentials: "same-origin"})
    .then(function (r) { return r.ok ? r.json() : null; });
  var charts = {};

  function chartFor(city, features) {
    if (charts[city]) return charts[city];
    var el = document.createElement("div");
    el.className = "map-city";
    el.dataset.city = city;
    box.appendChild(el);
    echarts.registerMap("fupin-" + city, {type: "FeatureCollection", features: features});
    var chart = echarts.init(el);
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    charts[city] = chart;
    return chart;
  }

  function draw(data, outline) {
    if (!outline) { box.textContent = box.dataset.missing; return; }
    Object.keys(data.cities).forEach(function (city) {
      var regions = data.regions.filter(function (r) { return r.city === city; });
      var codes = regions.map(function (r) { return r.code; });
      var features = outline.features.filter(function (f) { return codes.indexOf(f.properties.code) >= 0; });
      if (!features.length) return;
      var values = regions.map(function (r) { return r.value; }).filter(function (v) { return v !== null; });
      chartFor(city, features).setOption({
        title: {text: data.cities[city], left: "center", top: 4, textStyle: {fontSize: 14}},
        tooltip: {trigger: "item", formatter: function (p) {
          if (!p.data) return encode(p.name);
          var v = p.data.value === null || p.data.value === undefined ? box.dataset.none : p.data.value + data.unit;
          return encode(p.data.region) + "<br>" + encode(data.label) + "：" + encode(String(v));
        }},
        visualMap: {min: 0, max: Math.max.apply(null, values.concat([1])), calculable: true, left: 8, bottom: 8,
          itemHeight: 90, text: [data.unit, ""], inRange: {color: ["#fdecea", "#e4837b", "#b3261e"]}},
        series: [{type: "map", map: "fupin-" + city, nameProperty: "code", selectedMode: false, roam: false,
          label: {show: true, fontSize: 11, formatter: function (p) { return p.data ? p.data.region : ""; }},
          emphasis: {label: {show: true}, itemStyle: {areaColor: "#f6c343"}},
          data: regions.map(function (r) {
            return {name: r.code, value: r.value, region: r.name, url: r.url};
          })}]
      }, true);
    });
  }

  function load() {
    var url = box.dataset.dataUrl + "?figure=" + encodeURIComponent(select ? select.value : "");
    Promise.all([fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }), shapes])
      .then(function (both) { draw(both[0], both[1]); });
  }
  if (select) select.addEventListener("change", load);
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (c) { charts[c].resize(); });
  });
  load();
})();
