/* Dashboard charts: each .dash-canvas reads its chart's JSON from the API and draws it with ECharts
   (SVG renderer, Vietnamese locale). The HTML table below each chart holds the same rows. */
(function () {
  "use strict";
  var NF = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 1});
  function fmt(v) { return typeof v === "number" ? NF.format(v) : v; }

  function baseOption(data) {
    return {
      animation: false,
      aria: {enabled: true},
      tooltip: {trigger: "axis", valueFormatter: fmt},
      grid: {left: 8, right: 16, top: 32, bottom: 8, containLabel: true},
      legend: data.columns.length > 2 ? {top: 0} : undefined
    };
  }

  function series(data, type, stack) {
    return data.columns.slice(1).map(function (name, i) {
      return {name: name, type: type, stack: stack, data: data.rows.map(function (r) { return r[i + 1]; })};
    });
  }

  function optionFor(data) {
    var labels = data.rows.map(function (r) { return r[0]; });
    var o = baseOption(data);
    if (data.kind === "line") {
      o.xAxis = {type: "category", data: labels};
      o.yAxis = {type: "value", minInterval: 1, axisLabel: {formatter: fmt}};
      o.series = series(data, "line");
    } else if (data.kind === "hbar") {
      o.yAxis = {type: "category", data: labels.slice().reverse(), axisLabel: {width: 130, overflow: "truncate"}};
      o.xAxis = {type: "value", minInterval: 1, axisLabel: {formatter: fmt}};
      o.series = series(data, "bar").map(function (s) { s.data = s.data.slice().reverse(); return s; });
      o.series[0].cursor = "pointer";
    } else if (data.kind === "map") {
      return mapOption(data);
    } else {
      o.xAxis = {type: "category", data: labels,
                 axisLabel: {interval: 0, width: 110, overflow: "break", lineHeight: 14}};
      o.yAxis = {type: "value", minInterval: 1, axisLabel: {formatter: fmt}};
      o.series = series(data, "bar", data.kind === "stack" ? "s" : undefined);
    }
    return o;
  }

  /* Proportional circles on unit centres (longitude, latitude); Hoàng Sa and Trường Sa always drawn. */
  function mapBounds(data) {
    var pts = data.points || [];
    var lats = pts.map(function (p) { return p.lat; }), lons = pts.map(function (p) { return p.lon; });
    (data.archipelagos || []).forEach(function (a) { lats.push(a.lat); lons.push(a.lon); });
    var pad = Math.max(0.05, (Math.max.apply(null, lats) - Math.min.apply(null, lats)) * 0.04);
    // Room on the right for the archipelagos' labels.
    var right = (data.archipelagos || []).length ? 3 : pad;
    return {lat: [Math.min.apply(null, lats) - pad, Math.max.apply(null, lats) + pad],
            lon: [Math.min.apply(null, lons) - pad, Math.max.apply(null, lons) + right]};
  }

  function mapOption(data) {
    var pts = data.points || [];
    var max = Math.max.apply(null, pts.map(function (p) { return p.value || 0; }).concat([1]));
    var b = mapBounds(data);
    return {
      animation: false,
      aria: {enabled: true},
      tooltip: {trigger: "item", formatter: function (p) {
        return p.data.name + ": " + (p.data.value[2] === null ? "chưa có số liệu" : fmt(p.data.value[2]));
      }},
      grid: {left: 4, right: 4, top: 4, bottom: 4},
      xAxis: {type: "value", show: false, min: b.lon[0], max: b.lon[1]},
      yAxis: {type: "value", show: false, min: b.lat[0], max: b.lat[1]},
      series: [{
        type: "scatter", cursor: "pointer",
        data: pts.map(function (p) {
          var item = {name: p.name, value: [p.lon, p.lat, p.value], url: p.url};
          if (p.value === null) {  // no data (not 0): a hollow grey mark
            item.itemStyle = {color: "rgba(255, 255, 255, 0)", borderColor: "#888"};
          }
          return item;
        }),
        symbolSize: function (v) { return 4 + 36 * Math.sqrt((v[2] || 0) / max); },
        itemStyle: {color: "rgba(180, 30, 30, 0.55)", borderColor: "#7a0f0f"}
      }, {
        type: "scatter", symbol: "diamond", symbolSize: 9, silent: true,
        data: (data.archipelagos || []).map(function (a) { return {name: a.name, value: [a.lon, a.lat, 0]}; }),
        itemStyle: {color: "#1b4f8a"},
        label: {show: true, position: "right", formatter: function (p) { return p.data.name; }, fontSize: 11}
      }]
    };
  }

  function draw(el) {
    if (el.dataset.drawn) { return; }
    el.dataset.drawn = "1";
    fetch(el.dataset.chartUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        if (data.kind === "hbar") {  // one readable bar per unit, however many units
          el.style.height = Math.max(240, 22 * data.rows.length + 60) + "px";
        } else if (data.kind === "map") {  // one degree of latitude as long as one of longitude
          var b = mapBounds(data);
          el.style.height = Math.max(240, Math.min(720, el.clientWidth * (b.lat[1] - b.lat[0]) /
                                                     (b.lon[1] - b.lon[0]))) + "px";
        }
        var chart = echarts.init(el, null, {renderer: "svg", locale: "VI"});
        chart.setOption(optionFor(data));
        chart.on("click", function (p) {
          var url = (p.data && p.data.url) || "";
          if (!url && data.links && data.kind === "hbar") { url = data.links[data.rows.length - 1 - p.dataIndex]; }
          else if (!url && data.links) { url = data.links[p.dataIndex]; }
          if (url) { window.location.href = url; }
        });
        el.chart = chart;
        el.setAttribute("data-ready", "1");
      })
      .catch(function () { el.textContent = "Không tải được biểu đồ; xem bảng số liệu bên dưới."; });
  }

  function drawAll(root) { (root || document).querySelectorAll(".dash-canvas").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
  document.body.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".dash-canvas").forEach(function (el) { if (el.chart) { el.chart.resize(); } });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".dash-canvas").forEach(function (el) { if (el.chart) { el.chart.resize(); } });
  });
}());
