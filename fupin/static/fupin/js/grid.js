// The village's weekly grid: sections that fold (remembered in localStorage), keyboard entry (Enter and the
// arrows move between cells, Ctrl+S saves the row), the scroll position and focus kept across a row save
// (htmx swaps the row), and on a phone one household at a time with previous/next and "12/38".
(function () {
  "use strict";
  var grid = document.getElementById("grid");
  var wrap = document.getElementById("grid-wrap");
  if (!grid || !wrap) return;
  var FOLDED = "fupin.grid.folded";
  var small = window.matchMedia("(max-width: 480px)");
  var nav = document.getElementById("card-nav");
  var pos = document.getElementById("card-pos");
  var current = null;
  var pending = null;

  function rows() { return Array.prototype.slice.call(grid.tBodies[0].rows); }
  function sibling(tr, step) { return step > 0 ? tr.nextElementSibling : tr.previousElementSibling; }

  // Folding.
  function folded() {
    try { return JSON.parse(window.localStorage.getItem(FOLDED)) || []; } catch (e) { return []; }
  }
  function applyFolds(list) {
    grid.querySelectorAll("thead th.section").forEach(function (th) {
      var on = list.indexOf(th.dataset.section) >= 0;
      grid.classList.toggle("fold-" + th.dataset.section, on);
      th.colSpan = on ? 1 : Number(th.dataset.span);
      th.rowSpan = on ? 2 : 1;
      th.querySelector(".fold").setAttribute("aria-expanded", on ? "false" : "true");
    });
  }
  grid.querySelector("thead").addEventListener("click", function (event) {
    var button = event.target.closest("[data-fold]");
    if (!button) return;
    var list = folded(), at = list.indexOf(button.dataset.fold);
    if (at >= 0) list.splice(at, 1); else list.push(button.dataset.fold);
    try { window.localStorage.setItem(FOLDED, JSON.stringify(list)); } catch (e) { /* private mode */ }
    applyFolds(list);
  });
  applyFolds(folded());

  // One household at a time (the card view of a phone; harmless on a wide screen).
  function show(tr) {
    if (!tr) return;
    if (current && current !== tr) current.classList.remove("current");
    current = tr;
    tr.classList.add("current");
    if (pos) pos.textContent = String(rows().indexOf(tr) + 1);
  }
  if (nav) {
    nav.hidden = false;
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("[data-card]");
      if (!button || !current) return;
      show(sibling(current, button.dataset.card === "next" ? 1 : -1) || current);
      nav.scrollIntoView({block: "nearest"});
    });
  }
  show(rows().filter(function (tr) { return !tr.classList.contains("done"); })[0] || rows()[0]);

  // Keyboard entry.
  function fields(tr) {
    return Array.prototype.filter.call(
      tr.querySelectorAll("input[type=number], input[type=text], td:not(.needs) > input[type=checkbox], summary"),
      function (el) { return el.offsetParent !== null && !el.disabled; });
  }
  function focus(el) {
    if (!el) return;
    el.focus({preventScroll: true});
    el.scrollIntoView({block: "nearest", inline: "nearest"});
    if (el.select && el.type !== "checkbox") el.select();
  }
  function move(tr, index) {
    var list = fields(tr);
    if (index >= 0 && index < list.length) return focus(list[index]);
    if (small.matches) return focus(tr.querySelector("button.save"));
    var next = sibling(tr, index < 0 ? -1 : 1);
    if (next) { var to = fields(next); focus(index < 0 ? to[to.length - 1] : to[0]); }
  }
  function vertical(tr, el, step) {
    var next = sibling(tr, step);
    if (!next) return;
    var key = el.tagName === "SUMMARY" ? "summary" : "[name='" + el.name + "']:not([type=hidden])";
    focus(next.querySelector(key));
  }
  function atEdge(el, step) {
    if (el.type !== "text") return true;
    return step > 0 ? el.selectionStart >= el.value.length : el.selectionEnd <= 0;
  }
  function save(tr, advance) {
    var button = tr.querySelector("button.save");
    if (!button) return;
    pending = {id: tr.id, advance: advance};
    button.click();
  }
  grid.addEventListener("keydown", function (event) {
    var el = event.target, tr = el.closest("tbody tr");
    if (!tr) return;
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "Enter")) {
      event.preventDefault();
      return save(tr, true);
    }
    var list = fields(tr), index = list.indexOf(el);
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    var across = small.matches;  // in a card the arrows walk the card's fields
    if (event.key === "Enter" && el.tagName !== "SUMMARY") {
      event.preventDefault();
      move(tr, index + (event.shiftKey ? -1 : 1));
    } else if ((event.key === "ArrowRight" || (across && event.key === "ArrowDown")) && atEdge(el, 1)) {
      event.preventDefault();
      move(tr, index + 1);
    } else if ((event.key === "ArrowLeft" || (across && event.key === "ArrowUp")) && atEdge(el, -1)) {
      event.preventDefault();
      move(tr, index - 1);
    } else if (!across && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      vertical(tr, el, event.key === "ArrowDown" ? 1 : -1);
    }
  });
  document.addEventListener("keydown", function (event) {
    // Ctrl+S anywhere on the page saves the card (or the row holding the focus) rather than the page.
    if ((event.ctrlKey || event.metaKey) && event.key === "s" && !grid.contains(event.target) && current) {
      event.preventDefault();
      save(current, true);
    }
  });

  // A row save swaps the row: keep the table where it was, the card and the focus.
  var kept = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var tr = event.detail.target;
    if (!tr || !tr.matches || !tr.matches("#grid tbody tr")) return;
    var active = document.activeElement;
    kept = {
      id: tr.id, left: wrap.scrollLeft, top: wrap.scrollTop, y: window.scrollY, current: tr === current,
      name: tr.contains(active) && active.name ? active.name : null,
      advance: pending && pending.id === tr.id ? pending.advance : false,
    };
    pending = null;
  });
  function restore() {
    if (!kept) return;
    var k = kept, tr = document.getElementById(k.id);
    kept = null;
    wrap.scrollLeft = k.left;
    wrap.scrollTop = k.top;
    window.scrollTo(window.scrollX, k.y);
    if (!tr) return;
    var saved = tr.classList.contains("done") && !tr.querySelector(".errorlist, .plausibility");
    if (k.current) current = null;
    if (small.matches && k.current) {
      show(saved ? sibling(tr, 1) || tr : tr);
      if (saved) nav.scrollIntoView({block: "nearest"});
      return;
    }
    if (k.current) show(tr);
    if (saved && k.advance && sibling(tr, 1)) return focus(fields(sibling(tr, 1))[0]);
    if (k.name) focus(tr.querySelector("[name='" + k.name + "']:not([type=hidden])"));
    wrap.scrollLeft = k.left;
  }
  document.addEventListener("htmx:afterSettle", restore);
})();
