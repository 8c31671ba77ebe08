// The weekly-tracking board's four charts: figures from the json_script tag "chart-data", series labels
// from each chart's data-* attributes.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!window.echarts || !source) return;
  var data = JSON.parse(source.textContent);
  function chart(id, option) {
    var el = document.getElementById(id);
    if (el) echarts.init(el).setOption(typeof option === "function" ? option(el.dataset) : option);
  }
  chart("chart-trend", {tooltip: {trigger: "axis"}, legend: {type: "scroll"}, grid: {top: 40, left: 50, right: 20, bottom: 30},
    xAxis: {type: "category", data: data.trend.weeks}, yAxis: {type: "value"},
    series: data.trend.series.map(function (s) { return {name: s.name, type: "line", data: s.data, smooth: true}; })});
  chart("chart-compare", {tooltip: {trigger: "axis"}, legend: {type: "scroll"}, grid: {top: 40, left: 50, right: 20, bottom: 60},
    xAxis: {type: "category", data: data.compare.regions, axisLabel: {rotate: 30}}, yAxis: {type: "value"},
    series: data.compare.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })});
  chart("chart-completeness", function (labels) {
    return {tooltip: {trigger: "axis"}, legend: {}, grid: {top: 40, left: 50, right: 20, bottom: 60},
      xAxis: {type: "category", data: data.completeness.regions, axisLabel: {rotate: 30}}, yAxis: {type: "value"},
      series: [{name: labels.labelExpected, type: "bar", data: data.completeness.expected},
               {name: labels.labelAssessed, type: "bar", data: data.completeness.assessed},
               {name: labels.labelSubmitted, type: "bar", data: data.completeness.submitted},
               {name: labels.labelApproved, type: "bar", data: data.completeness.approved}]};
  });
  chart("chart-newly", function (labels) {
    return {tooltip: {trigger: "axis"}, grid: {top: 20, left: 50, right: 20, bottom: 30},
      xAxis: {type: "category", data: data.newly.weeks}, yAxis: {type: "value"},
      series: [{name: labels.label, type: "bar", data: data.newly.data, itemStyle: {color: "#c0392b"}}]};
  });
})();
