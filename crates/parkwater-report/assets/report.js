// parkwater report: draws the Sankey diagram from the page's embedded JSON
// with d3-sankey (layout) and d3 (SVG). Tables and KPIs do not need this.
(function () {
  "use strict";
  var holder = document.getElementById("sankey-chart");
  var source = document.getElementById("sankey-data");
  if (!holder || !source || !window.d3 || !d3.sankey) return;
  var data = JSON.parse(source.textContent);
  if (!data.links.length) {
    holder.insertAdjacentHTML("beforeend", '<p class="note">No flow to draw.</p>');
    return;
  }
  var colors = {};
  data.grades.forEach(function (g) { colors[g.key] = g.color; });
  var kindColor = { intake: "#1f6fb2", source: "#b5651d", sink: "#3d5a80", treatment: "#2a9d8f", discharge: "#6c757d" };
  var fmt = function (x) {
    var a = Math.abs(x);
    if (a >= 1000) return d3.format(",.0f")(x).replace(/,/g, "\u202f");
    if (a >= 100) return x.toFixed(1);
    if (a >= 1) return x.toFixed(2);
    return x.toPrecision(3);
  };
  // One row of nodes per ~14 px: height grows with the busiest column.
  var inCount = {}, outCount = {};
  data.links.forEach(function (l) { outCount[l.source] = 1; inCount[l.target] = 1; });
  var left = 0, right = 0;
  data.nodes.forEach(function (n, i) {
    if (!inCount[i]) left++;
    else if (!outCount[i]) right++;
  });
  var busiest = Math.max(left, right, 1);
  var width = 1000;
  var height = Math.max(480, Math.min(8000, busiest * 22 + 80));
  var padding = Math.max(2, Math.min(14, (height * 0.4) / busiest));
  var sankey = d3.sankey()
    .nodeId(function (d) { return d.index; })
    .nodeWidth(12)
    .nodePadding(padding)
    .nodeAlign(d3.sankeyJustify)
    .extent([[1, 8], [width - 1, height - 8]]);
  var graph = sankey({
    nodes: data.nodes.map(function (d) { return Object.assign({}, d); }),
    links: data.links.map(function (d) { return Object.assign({}, d); })
  });
  var svg = d3.select(holder).append("svg")
    .attr("class", "sankey")
    .attr("viewBox", [0, 0, width, height].join(" "))
    .attr("role", "img")
    .attr("aria-label", "Sankey diagram of the optimal water network");
  svg.append("g").attr("class", "links").attr("fill", "none")
    .selectAll("path").data(graph.links).join("path")
    .attr("class", "link")
    .attr("data-from", function (d) { return d.source.id; })
    .attr("data-to", function (d) { return d.target.id; })
    .attr("data-value", function (d) { return d.value; })
    .attr("data-grade", function (d) { return d.grade; })
    .attr("d", d3.sankeyLinkHorizontal())
    .attr("stroke", function (d) { return colors[d.grade] || "#999"; })
    .attr("stroke-width", function (d) { return Math.max(1, d.width); })
    .append("title")
    .text(function (d) {
      return d.source.id + " \u2192 " + d.target.id + ": " + fmt(d.value) + " " + data.unit + "\n" + d.conc;
    });
  var node = svg.append("g").attr("class", "nodes")
    .selectAll("g").data(graph.nodes).join("g")
    .attr("class", function (d) { return "node " + d.kind; })
    .attr("data-node", function (d) { return d.id; });
  node.append("rect")
    .attr("x", function (d) { return d.x0; })
    .attr("y", function (d) { return d.y0; })
    .attr("height", function (d) { return Math.max(1, d.y1 - d.y0); })
    .attr("width", function (d) { return d.x1 - d.x0; })
    .attr("fill", function (d) { return kindColor[d.kind] || "#888"; })
    .append("title")
    .text(function (d) {
      return d.kind + " " + d.id + (d.enterprise ? " (" + d.enterprise + ")" : "") + ": " + fmt(d.value) + " " + data.unit;
    });
  // Labels only where a label fits (a busy column keeps its tooltips).
  node.filter(function (d) { return d.y1 - d.y0 + padding >= 11; })
    .append("text")
    .attr("x", function (d) { return d.x0 < width / 2 ? d.x1 + 5 : d.x0 - 5; })
    .attr("y", function (d) { return (d.y0 + d.y1) / 2; })
    .attr("dy", "0.35em")
    .attr("text-anchor", function (d) { return d.x0 < width / 2 ? "start" : "end"; })
    .text(function (d) { return d.id + "  " + fmt(d.value); });
  holder.setAttribute("data-links-drawn", String(graph.links.length));
  // A printed report shows every table, folded or not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
