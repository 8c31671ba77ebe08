// The consumption board's charts: figures from the json_script tag "chart-data", labels from data-*.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!window.echarts || !source) return;
  var data = JSON.parse(source.textContent);
  var months = document.getElementById("chart-months");
  if (months) {
    echarts.init(months).setOption({
      tooltip: {trigger: "axis"}, grid: {top: 30, left: 70, right: 20, bottom: 40},
      xAxis: {type: "category", data: data.months}, yAxis: {type: "value", name: months.dataset.labelAmount},
      series: [{type: "bar", data: data.month_amount}]
    });
  }
  [["chart-channels", data.channels], ["chart-origins", data.origins]].forEach(function (pair) {
    var el = document.getElementById(pair[0]);
    if (!el) return;
    echarts.init(el).setOption({
      tooltip: {trigger: "item"}, legend: {bottom: 0},
      series: [{type: "pie", radius: ["35%", "65%"], data: pair[1]}]
    });
  });
})();
