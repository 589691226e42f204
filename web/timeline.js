// The dashboard's timeline: daily events as bars stacked by event type, and a brush (drag
// across the bars) that chooses a date range. Plain SVG, no library.
//
//   const t = new SitrepTimeline(svg, {colors, onRange: (from, to) => ...});
//   t.update(byDayType, {from, to});   // byDayType: {"2019-07-28": {"Battles": 2}, ...}
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  const MAX_BARS = 240; // more days than this are binned (a bar per several days)

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS); }
  function isoOf(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  class SitrepTimeline {
    constructor(svg, options) {
      this.svg = svg;
      this.colors = options.colors;
      this.onRange = options.onRange;
      this.bins = [];
      this.range = {};
      this.margin = {left: 34, right: 8, top: 8, bottom: 22};
      this.drag = null;
      svg.addEventListener("pointerdown", (e) => this.pointerDown(e));
      svg.addEventListener("pointermove", (e) => this.pointerMove(e));
      svg.addEventListener("pointerup", (e) => this.pointerUp(e));
      svg.addEventListener("pointercancel", () => { this.drag = null; this.draw(); });
      new ResizeObserver(() => this.draw()).observe(svg);
    }

    // Bins the days (gaps filled) and redraws.
    update(byDayType, range) {
      this.range = range || {};
      const days = Object.keys(byDayType).sort();
      this.bins = [];
      if (days.length) {
        const first = dayNumber(days[0]);
        const last = dayNumber(days[days.length - 1]);
        this.step = Math.max(1, Math.ceil((last - first + 1) / MAX_BARS));
        for (let d = first; d <= last; d += this.step) {
          this.bins.push({from: d, to: Math.min(d + this.step - 1, last), counts: {}, total: 0});
        }
        for (const day of days) {
          const bin = this.bins[Math.floor((dayNumber(day) - first) / this.step)];
          for (const [type, n] of Object.entries(byDayType[day])) {
            bin.counts[type] = (bin.counts[type] || 0) + n;
            bin.total += n;
          }
        }
      }
      this.draw();
    }

    geometry() {
      const w = this.svg.clientWidth || 300;
      const h = this.svg.clientHeight || 120;
      const m = this.margin;
      return {w, h, x0: m.left, x1: w - m.right, y0: m.top, y1: h - m.bottom};
    }

    // Bin index under a client x coordinate (clamped).
    binAt(clientX) {
      const g = this.geometry();
      const x = clientX - this.svg.getBoundingClientRect().left;
      const width = (g.x1 - g.x0) / Math.max(1, this.bins.length);
      return Math.min(this.bins.length - 1, Math.max(0, Math.floor((x - g.x0) / width)));
    }

    pointerDown(e) {
      if (!this.bins.length) return;
      this.svg.setPointerCapture(e.pointerId);
      this.drag = {start: this.binAt(e.clientX), end: this.binAt(e.clientX), moved: false};
    }
    pointerMove(e) {
      if (!this.drag) return;
      const end = this.binAt(e.clientX);
      if (end !== this.drag.end) { this.drag.end = end; this.drag.moved = true; this.draw(); }
    }
    pointerUp(e) {
      if (!this.drag) return;
      const drag = this.drag;
      this.drag = null;
      if (!drag.moved && drag.start === this.binAt(e.clientX) && (this.range.from || this.range.to)) {
        this.onRange(null, null); // a click clears the range
        return;
      }
      const lo = this.bins[Math.min(drag.start, drag.end)];
      const hi = this.bins[Math.max(drag.start, drag.end)];
      this.onRange(isoOf(lo.from), isoOf(hi.to));
    }

    draw() {
      const svg = this.svg;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const g = this.geometry();
      if (!this.bins.length) {
        el("text", {x: g.w / 2, y: g.h / 2, "text-anchor": "middle", class: "tl-empty"}, svg)
            .textContent = "No dated events";
        return;
      }
      const max = Math.max(...this.bins.map((b) => b.total), 1);
      const width = (g.x1 - g.x0) / this.bins.length;
      const scale = (g.y1 - g.y0) / max;
      // The chosen range behind the bars; a drag in progress in front.
      const sel = this.selection();
      if (sel) {
        el("rect", {x: g.x0 + sel[0] * width, y: g.y0, width: (sel[1] - sel[0] + 1) * width,
                    height: g.y1 - g.y0, class: this.drag ? "tl-brush" : "tl-range"}, svg);
      }
      const types = Object.keys(this.colors);
      this.bins.forEach((bin, i) => {
        let y = g.y1;
        const group = el("g", {class: "tl-bar", "data-from": isoOf(bin.from), "data-total": bin.total}, svg);
        const title = el("title", {}, group);
        const parts = [];
        for (const type of types.concat(Object.keys(bin.counts).filter((t) => !types.includes(t)))) {
          const n = bin.counts[type];
          if (!n) continue;
          const h = n * scale;
          y -= h;
          el("rect", {x: g.x0 + i * width + 0.5, y, width: Math.max(1, width - 1), height: h,
                      fill: this.colors[type] || "#888", "data-type": type}, group);
          parts.push(type + ": " + n);
        }
        const label = bin.from === bin.to ? isoOf(bin.from) : isoOf(bin.from) + " – " + isoOf(bin.to);
        title.textContent = label + (parts.length ? "\n" + parts.join("\n") : "\nno events");
      });
      // Axes: the highest count, and a few dates.
      el("line", {x1: g.x0, x2: g.x1, y1: g.y1, y2: g.y1, class: "tl-axis"}, svg);
      el("text", {x: g.x0 - 4, y: g.y0 + 8, "text-anchor": "end", class: "tl-label"}, svg).textContent = max;
      el("text", {x: g.x0 - 4, y: g.y1, "text-anchor": "end", class: "tl-label"}, svg).textContent = 0;
      const ticks = Math.max(2, Math.min(6, Math.floor((g.x1 - g.x0) / 90)));
      for (let k = 0; k < ticks; k++) {
        const i = Math.round(k * (this.bins.length - 1) / (ticks - 1));
        const x = g.x0 + (i + 0.5) * width;
        const anchor = k === 0 ? "start" : k === ticks - 1 ? "end" : "middle";
        el("text", {x: k === 0 ? g.x0 : k === ticks - 1 ? g.x1 : x, y: g.h - 6, "text-anchor": anchor,
                    class: "tl-label"}, svg).textContent = isoOf(this.bins[i].from);
        if (ticks > 1 && this.bins.length === 1) break;
      }
    }

    // [first bin, last bin] of the drag or of the chosen range, or null.
    selection() {
      if (this.drag) return [Math.min(this.drag.start, this.drag.end), Math.max(this.drag.start, this.drag.end)];
      if (!this.range.from && !this.range.to) return null;
      const from = this.range.from ? dayNumber(this.range.from) : -Infinity;
      const to = this.range.to ? dayNumber(this.range.to) : Infinity;
      let lo = -1, hi = -1;
      this.bins.forEach((b, i) => {
        if (b.to >= from && b.from <= to) { if (lo < 0) lo = i; hi = i; }
      });
      return lo < 0 ? null : [lo, hi];
    }
  }

  window.SitrepTimeline = SitrepTimeline;
})();
