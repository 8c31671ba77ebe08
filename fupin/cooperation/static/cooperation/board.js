// The cooperation board's charts: share of target per indicator (one series per county, bars coloured by
// light) and approved entries by month. Figures from the json_script tag "chart-data".
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!window.echarts || !source) return;
  var data = JSON.parse(source.textContent);
  var colours = {green: "#2e7d32", amber: "#f9a825", red: "#c62828"};
  var shares = document.getElementById("chart-shares");
  if (shares) {
    var labels = [], values = [];
    data.counties.forEach(function (c) {
      c.labels.forEach(function (label, i) {
        labels.push(c.name + " · " + label);
        values.push({value: c.shares[i], itemStyle: {color: colours[c.lights[i]]}});
      });
    });
    shares.style.height = Math.max(300, labels.length * 18 + 60) + "px";  // one bar a line, readable
    echarts.init(shares).setOption({
      tooltip: {trigger: "axis"}, grid: {top: 20, left: 220, right: 30, bottom: 30},
      yAxis: {type: "category", data: labels, axisLabel: {width: 200, overflow: "truncate"}},
      xAxis: {type: "value", name: shares.dataset.label, max: function (v) { return Math.max(100, v.max); }},
      series: [{type: "bar", data: values, markLine: {data: [{xAxis: 100}], symbol: "none"}}]
    });
  }
  var trend = document.getElementById("chart-trend");
  if (trend) {
    echarts.init(trend).setOption({
      tooltip: {trigger: "axis"}, grid: {top: 20, left: 60, right: 20, bottom: 30},
      xAxis: {type: "category", data: data.months}, yAxis: {type: "value"},
      series: [{name: trend.dataset.label, type: "line", data: data.trend}]
    });
  }
})();
