// The funds board's chart: figures from the json_script tag "chart-data", labels from the chart's data-*.
(function () {
  "use strict";
  var el = document.getElementById("chart-funds");
  var source = document.getElementById("chart-data");
  if (!window.echarts || !el || !source) return;
  var data = JSON.parse(source.textContent);
  var whole = el.dataset.whole === "1";
  var series = [{name: el.dataset.labelFirst, type: "bar", data: whole ? data.budget : data.allocated}];
  if (whole) series.push({name: el.dataset.labelAllocated, type: "bar", data: data.allocated});
  series.push({name: el.dataset.labelSpent, type: "bar", data: data.spent});
  echarts.init(el).setOption({
    tooltip: {trigger: "axis"}, legend: {}, grid: {top: 40, left: 60, right: 20, bottom: 80},
    xAxis: {type: "category", data: data.labels, axisLabel: {rotate: 20, interval: 0, width: 120, overflow: "truncate"}},
    yAxis: {type: "value", name: el.dataset.labelUnit},
    series: series
  });
})();
