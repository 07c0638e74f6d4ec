/* The stepper: shows the position the learner is at, from pieces Python formatted.
   Every number is text from the embedded data; the pacings are lists of positions. */
(function (root) {
  "use strict";
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector("script.tracer-data").textContent);
  var page = root.dataset.scope === "page";
  var $ = function (sel) { return root.querySelector(sel); };
  // The controls exist only where this script runs: a sanitised copy shows none.
  $(".transcript").insertAdjacentHTML("beforebegin", __CONTROLS__);
  root.removeChild($(".still"));
  var ui = {
    stepper: $(".stepper"), status: $(".status"), note: $(".note"), code: $(".code"),
    say: $(".say"), title: $(".steptitle"), operands: $(".operands"),
    terms: $(".terms"), result: $(".result"), tablebox: $(".tablebox"),
    legend: $(".legend"), slider: $(".pos"), pace: $(".pace"), keys: $(".keys"),
    outline: $(".outline ol"), open: $('[data-act="open"]'), pair: $(".pair"),
    inputs: $(".inputs"), cellname: $(".cellname"), said: $(".said"), bar: $(".bar"),
    transcript: $(".transcript")
  };
  var state = { pos: data.total ? 1 : 0, pace: data.pace, open: false, typed: null };
  var drawn = { table: null };
  // Each pacing comes as runs [first, step, count] of positions: spelled out once.
  function spell(runs) {
    var list = [];
    runs.forEach(function (r) { for (var n = 0; n < r[2]; n++) list.push(r[0] + n * r[1]); });
    return list;
  }
  Object.keys(data.paces).forEach(function (u) { data.paces[u] = spell(data.paces[u]); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* Where things are: the step holding a position, and a pacing's stops around it. */
  function stepAt(pos) {
    var lo = 0, hi = data.steps.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (data.steps[mid].end < pos) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function stops() {
    var step = data.steps[stepAt(state.pos)];
    return state.open && step.count > 1 ? data.paces.term : data.paces[state.pace];
  }
  function firstAtOrAfter(list, pos) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < pos) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function sectionAt(pos) {
    var k = 0;
    while (k + 1 < data.sections.length && data.sections[k + 1].start <= pos) k++;
    return k;
  }

  /* What each key and button does. */
  function go(pos, note) {
    var before = stepAt(state.pos);
    state.pos = Math.max(Math.min(pos, data.total), data.total ? 1 : 0);
    if (stepAt(state.pos) !== before) state.open = false;
    draw(note || "");
  }
  var acts = {
    next: function () {
      var list = data.paces[state.pace], k = firstAtOrAfter(list, state.pos + 1);
      if (k >= list.length) return go(state.pos, "that was the last step: g starts again");
      go(list[k]);
    },
    back: function () {
      var list = stops(), k = firstAtOrAfter(list, state.pos) - 1;
      if (k < 0) return go(state.pos, "this is the first step");
      go(list[k]);
    },
    finish: function () {
      var i = stepAt(state.pos), step = data.steps[i];
      if (state.pos < step.end) return go(step.end);
      if (i + 1 < data.steps.length) return go(data.steps[i + 1].end);
      go(state.pos, "that was the last step: g starts again");
    },
    open: function () {
      var step = data.steps[stepAt(state.pos)];
      if (!(step.count > 1)) return draw("this step has no terms to open");
      state.open = !state.open;
      draw(state.open ? "opened: each press shows one term of this operation" : "");
    },
    nextsec: function () {
      var k = sectionAt(state.pos) + 1;
      if (k >= data.sections.length) return go(state.pos, "this is the last section");
      go(data.sections[k].start);
    },
    prevsec: function () {
      var k = sectionAt(state.pos), s = data.sections[k];
      if (state.pos === s.start) k -= 1;
      if (k < 0) return go(state.pos, "this is the first section");
      go(data.sections[k].start);
    },
    first: function () { go(1); },
    last: function () { go(data.total); },
    keys: function () { ui.keys.hidden = !ui.keys.hidden; draw(""); },
    outline: function () {
      $(".more").open = true;
      var here = ui.outline.querySelector('[aria-current="true"]');
      if (here) here.focus();
    }
  };
  var KEYS = {
    "n": "next", " ": "next", "ArrowRight": "next", "Enter": "next", "l": "next",
    "b": "back", "ArrowLeft": "back", "h": "back", "s": "finish", "t": "open",
    "]": "nextsec", "[": "prevsec", "g": "first", "Home": "first", "G": "last",
    "End": "last", "?": "keys", "o": "outline"
  };

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target, tag = t && t.tagName;
    if (ui.outline.contains(t) && outlineKey(ev, t)) {
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    if (tag === "SELECT" || (tag === "INPUT" && t.type !== "range")) return;
    if (tag === "INPUT" && /^(Arrow|Home|End|Page)/.test(ev.key)) return;  // the slider's own
    if ((tag === "BUTTON" || tag === "SUMMARY") && (ev.key === " " || ev.key === "Enter") &&
        state.typed === null) return;  // a focused button presses itself
    if (/^[0-9]$/.test(ev.key)) {
      state.typed = (state.typed || "") + ev.key;
      draw("");
    } else if (state.typed !== null && (ev.key === "Enter" || ev.key === "Backspace" ||
                                        ev.key === "Escape")) {
      if (ev.key === "Backspace") {
        state.typed = state.typed.slice(0, -1) || null;
        draw("");
      } else {
        var n = ev.key === "Enter" ? parseInt(state.typed, 10) : null;
        state.typed = null;
        var list = data.paces[state.pace];
        if (n) go(list[Math.max(1, Math.min(n, list.length)) - 1]); else draw("");
      }
    } else if (KEYS[ev.key]) {
      state.typed = null;
      acts[KEYS[ev.key]]();
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }

  // In the outline, up and down (or k and j) choose a section, Escape leaves it.
  function outlineKey(ev, t) {
    var buttons = Array.prototype.slice.call(ui.outline.querySelectorAll("button"));
    var k = buttons.indexOf(t), step = { ArrowUp: -1, k: -1, ArrowDown: 1, j: 1 }[ev.key];
    if (step && k >= 0) {
      buttons[Math.max(0, Math.min(buttons.length - 1, k + step))].focus();
      return true;
    }
    if (ev.key === "Escape") {
      if (page) t.blur(); else root.focus();
      return true;
    }
    return false;
  }

  /* A step's pieces as the page stores them, spelled out when the step is first shown:
     cells as [row, column, first term, filled while worked, filled when done, largest
     term, its mark], a product's cells as operands and digits, runs as where they start. */
  function prep(step) {
    if (step.ready) return;
    step.ready = true;
    if (step.calc) unpack(step);
    if (step.groups && !Array.isArray(step.groups)) {  // where runs start; some read closed
      var closedForm = step.groups.closed;
      step.groups = spell(step.groups.first).map(function (t, n) {
        return [t, closedForm[n] || null];
      });
    }
    if (step.cells && !Array.isArray(step.cells)) {  // cells in reading order, as runs
      var lay = step.cells, ncol = lay.ncol;
      step.cells = spell(lay.first).map(function (t, n) {
        var at = step.rows ? [n, null] : [Math.floor(n / ncol), n % ncol];
        var fill = step.rows ? [n * ncol, (n + 1) * ncol] : [n, n + 1];
        return at.concat([t], fill, lay.largest[n] || []);
      });
    }
    if (step.groups) {
      step.groupOf = new Array(step.count);
      step.groups.forEach(function (g, n) {
        var end = n + 1 < step.groups.length ? step.groups[n + 1][0] : step.count;
        for (var t = g[0]; t < end; t++) step.groupOf[t] = n;
      });
    }
    if (!step.cells) return;
    var raw = step.cells;
    step.cellOf = new Array(step.count);
    step.filled = new Array(step.count);
    step.cells = raw.map(function (c, n) {
      var last = n + 1 < raw.length ? raw[n + 1][2] - 1 : step.count - 1;
      for (var t = c[2]; t <= last; t++) {
        step.cellOf[t] = n;
        step.filled[t] = t === last ? c[4] : c[3];
      }
      return { at: [c[0], c[1]], first: c[2], last: last,
               largest: c.length > 5 ? c[5] : null, largestText: c.length > 6 ? c[6] : "" };
    });
  }
  function cellName(step, n) {  // made when shown: a step may have thousands of cells
    var at = step.cells[n].at, L = step.labels;
    return typeof step.cell === "string" ? step.cell.split("\u0001").join(L[0][at[0]])
      .split("\u0002").join(at[1] === null ? "" : L[1][at[1]]) : step.cell[n];
  }
  function unpack(step) {
    var C = step.calc, inner = C.a[0].length, ncol = C.b.length;
    step.cell = C.cell;
    step.labels = C.labels;
    step.cells = [];
    step.groups = [];
    for (var c = 0; c < C.a.length * ncol; c++) {
      var i = Math.floor(c / ncol), j = c % ncol;
      step.cells.push([i, j, c * inner, i * ncol + j, i * ncol + j + 1]);
      step.groups.push([c * inner, null]);
    }
    step.terms = new Array(step.count);
  }
  function line(step, t) {
    if (step.terms[t] === undefined) write(step, step.cellOf[t]);
    return spaced(step.terms[t]);
  }
  // a tab and a count, from "0", stand for a run of spaces; a tab and "!" for SUM
  var SUM = "running sum ";
  function spaced(text) {
    return text.indexOf("\t") < 0 ? text : text.replace(/\t([\s\S])/g, function (m, c) {
      return c === "!" ? SUM : new Array(c.charCodeAt(0) - 47).join(" ");
    });
  }
  function closed(step, g) {  // a finished run as it reads then: its own lines, or one
    var end = g + 1 < step.groups.length ? step.groups[g + 1][0] : step.count;
    if (step.groups[g][1]) return step.groups[g][1].map(spaced);
    var out = [];
    for (var t = step.groups[g][0]; t < end; t++) out.push(line(step, t));
    return out;
  }

  /* A product's cell written as the terminal writes it: each term a[i][q] × b[j][q],
     multiplied and added in the engine's order, in the digits Python chose for it. */
  function write(step, n) {
    var C = step.calc, cell = step.cells[n], x = C.a[cell.at[0]], y = C.b[cell.at[1]];
    var d = C.digits.charCodeAt(n) - 48, total = 0, big = null, size = -1, mixed = false;
    for (var q = 0; q < x.length; q++) {
      var t = cell.first + q, v = x[q] * y[q], w = t in C.extra ? C.extra[t] : d;
      var made = operand(x[q], w) + " \u00d7 " + operand(y[q], w) + " = " + num(v, d);
      var sum = q ? plus(total, v, total + v, d) : num(v, d);
      total = q ? total + v : v;
      while (made.length < 21) made += " ";  // text.ROOM
      step.terms[t] = C.names[q] + made + "   " + SUM + sum;
      if (Math.abs(v) > size) { size = Math.abs(v); big = t; }
      if (v < 0) mixed = true;
    }
    if (x.length > 1 && size !== 0) {
      cell.largest = big;
      cell.largestText = mixed ? "largest in size" : "largest part";
    }
  }

  // A number to d places as Python's format writes it: the exact binary value rounded
  // half to even (toFixed(100) spells a double out exactly), and never "-0.000".
  function num(x, d) {
    if (Math.abs(x) < 1e-12) x = 0;
    var exact = Math.abs(x).toFixed(100), dot = exact.indexOf(".");
    var digits = exact.slice(0, dot) + exact.slice(dot + 1, dot + 1 + d);
    var rest = exact.slice(dot + 1 + d), last = +digits.charAt(digits.length - 1);
    if (rest.charAt(0) > "5" || (rest.charAt(0) === "5" &&
        (/[1-9]/.test(rest.slice(1)) || last % 2 === 1))) {
      var up = digits.split(""), p = up.length - 1;
      while (p >= 0 && up[p] === "9") up[p--] = "0";
      if (p < 0) up.unshift("1"); else up[p] = String(+up[p] + 1);
      digits = up.join("");
    }
    var whole = digits.slice(0, digits.length - d) || "0";
    var text = d ? whole + "." + digits.slice(digits.length - d) : whole;
    return (x < 0 || Object.is(x, -0)) && /[1-9]/.test(text) ? "-" + text : text;
  }
  // a + b = c, a and b finer until, as shown, they add up to c as shown (text.fit)
  function plus(a, b, c, d) {
    var want = +num(c, d), half = (d && +("1e-" + d) / 2) + 1e-12 * Math.max(1, Math.abs(want));
    for (var w = d; w < 15 && !(Math.abs(+num(a, w) + +num(b, w) - want) <= half); w++);
    return operand(a, w) + " + " + operand(b, w) + " = " + num(c, d);
  }
  function operand(x, d) {
    var s = num(x, d);
    return s.charAt(0) === "-" ? "(" + s + ")" : s;
  }

  /* Drawing one position. */
  function draw(note) {
    var i = stepAt(state.pos), step = data.steps[i];
    var shown = state.pos - step.start + 1;
    // As the terminal counts: the stops at or before here, the start being the first.
    var list = data.paces[state.pace], k = firstAtOrAfter(list, state.pos + 1);
    var sec = sectionAt(state.pos);
    var where = "press " + k + " of " + list.length + " \u00b7 " + data.sections[sec].title;
    if (step.count > 1 && (state.pace === "term" || state.open))
      where += " \u00b7 term " + shown + " of " + step.count;
    if (step.code) where += " \u00b7 line " + step.code[1];
    ui.status.textContent = where;
    ui.note.textContent = state.typed !== null ? "go to press: " + state.typed + "_" : note;
    ui.slider.max = String(list.length - 1);
    ui.slider.value = String(k - 1);
    ui.slider.setAttribute("aria-valuetext", where);
    ui.open.setAttribute("aria-pressed", state.open ? "true" : "false");
    ui.open.textContent = state.open ? "Close terms" : "Terms";  // not by colour alone
    var buttons = ui.outline.querySelectorAll("button");
    for (var b = 0; b < buttons.length; b++)
      buttons[b].setAttribute("aria-current", b === sec ? "true" : "false");
    drawCode(step);
    ui.say.textContent = step.say || "";
    var newest = drawWork(i, step, Math.min(shown, step.count || 0));
    if (!state.started) return;
    // A screen reader hears what the press brought: the new term or result, in words.
    var what = newest ? newest.textContent.replace("\u25b6", "") : step.title || step.say;
    if (step.count > 1 && newest && newest.tagName === "LI")
      what = "term " + shown + " of " + step.count + ": " + what;
    ui.said.textContent = spoken((note ? note + ". " : "") + (what || "") +
                                 " (" + where + ")");
    reveal(newest || ui.title);
  }

  // Symbols read aloud as words: 0.6 × 0.889 = 0.533 is "0.6 times 0.889 equals 0.533".
  var WORDS = { "\u00d7": " times ", "\u00b7": " dot ", "\u2212": " minus ", "=": " equals ",
                "+": " plus ", "/": " divided by ", "\u221a": " square root of ",
                "\u03a3": " sum ", "\u2248": " about ", "\u2192": ", ", "\u1d40": " transposed " };
  function spoken(text) {
    return text.replace(/[\u00d7\u00b7\u2212=+\/\u221a\u03a3\u2248\u2192\u1d40]/g,
                        function (c) { return WORDS[c]; })
      .replace(/\((-[0-9.]+)\)/g, "$1").replace(/\s+/g, " ").trim();
  }

  // After a press the newest line is in view, below the bar that stays at the top.
  function reveal(el) {
    var r = el.getBoundingClientRect(), bar = ui.bar.getBoundingClientRect();
    var top = Math.max(0, bar.bottom), bottom = window.innerHeight;
    if (r.top >= top && r.bottom <= bottom) return;
    el.style.scrollMarginTop = (bar.height + 8) + "px";
    el.scrollIntoView({ block: r.height > bottom - top ? "start" : "nearest" });
  }

  function drawCode(step) {
    var c = step.code || [], here = null;
    if (drawn.code === c + "") return;  // the same lines as the last press
    drawn.code = c + "";
    [].forEach.call(ui.code.children, function (line) {  // only the lines that change
      var n = +line.dataset.line, on = +line.dataset.file === c[0] && n >= c[1] && n <= c[2];
      var mark = on ? (n === c[1] ? "\u25b6" : " ") : "";
      if (line.mark !== mark) {
        line.mark = mark;
        line.className = on ? "here" : "";
        line.firstChild.textContent = mark || " ";
      }
      if (on && !here) here = line;
    });
    if (here) {  // scroll the code box alone, never the page
      var box = ui.code, top = here.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - here.offsetHeight)
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function drawWork(i, step, shown) {
    ui.title.textContent = step.title || "";
    ui.operands.textContent = "";
    (step.operands || []).forEach(function (t) { ui.operands.appendChild(el("li", "", t)); });
    ui.terms.textContent = "";
    ui.result.textContent = "";
    ui.cellname.textContent = "";
    prep(step);
    var k = shown - 1, cell = step.cells && k >= 0 ? step.cells[step.cellOf[k]] : null;
    if (k >= 0 && step.terms) line(step, k);  // a product's cell, written when first shown
    drawPair(step, cell, cell ? k - cell.first : k);
    // As on the terminal's screen: the matrices multiplied stand where the result will,
    // until the result has its first number, the row and column in use marked.
    var empty = !!(cell && step.filled && step.filled[k] === 0);
    ui.inputs.hidden = !empty;
    ui.inputs.textContent = "";
    if (step.inputs && empty) [0, 1].forEach(function (n) {
      var g = step.inputs[n ? "b" : "a"], at = cell.at[n];
      fillGrid(buildGrid(ui.inputs, g, step.inputs.names[n], n ? null : at, n ? at : null),
               g, null, function (r, c) { return (n ? c : r) === at; });
    });
    ui.tablebox.hidden = empty;
    if (step.table && step.terms) drawTable(i, step, k);
    else { ui.tablebox.textContent = ""; ui.legend.hidden = true; drawn.table = null; }
    if (!step.terms) return null;
    var from = cell ? cell.first : 0, big = null, bigText = "";
    ui.cellname.textContent = cell ? cellName(step, step.cellOf[k]) : "";
    if (cell) {
      if (cell.last === k) { big = cell.largest; bigText = cell.largestText; }
    } else if (shown >= step.count) { big = step.largest; bigText = step.largestText; }
    // As on the terminal's screen: runs finished before this one as they read then, this
    // run a term a line; a cell's newest term stays marked, a finished sum's does not.
    var open = step.cells || shown < step.count;
    if (k >= 0) {
      var here = step.groupOf[k];
      for (var g = step.groupOf[from]; g < here; g++)
        closed(step, g).forEach(function (text) { ui.terms.appendChild(el("li", "", "  " + text)); });
      for (var t = step.groups[here][0]; t < shown; t++) {
        var li = el("li", t === k && open ? "here" : "",
                    (t === k && open ? "\u25b6 " : "  ") + line(step, t));
        if (t === big) li.append("  ", el("span", "mark", data.largest + bigText));  // one piece
        ui.terms.appendChild(li);
      }
    }
    if (shown >= step.count && step.result) ui.result.textContent = step.result;
    return ui.terms.querySelector(".here") || (ui.result.textContent ? ui.result : ui.terms.lastChild);
  }

  // The two vectors a product runs over, one above the other under component names.
  function drawPair(step, cell, q) {
    ui.pair.textContent = "";
    var g = step.pair;
    if (!g && cell && cell.at[1] !== null && step.inputs) {
      var a = step.inputs.a, b = step.inputs.b, i = cell.at[0], j = cell.at[1];
      g = { rows: [step.inputs.rowName[i], step.inputs.colName[j]], cols: a.cols,
            text: [a.text[i], b.text.map(function (row) { return row[j]; })] };
    }
    if (g) fillGrid(buildGrid(ui.pair, g, null, 0, q), g, null, null);
  }

  // As on the terminal's screen, a big grid shows the rows and columns around row r and
  // column c (the cell worked on), and says which: a press redraws a few hundred cells.
  function buildGrid(box, g, caption, r, c) {
    var v = { r: origin(r, g.rows.length, 20), c: origin(c, g.cols.length, 12) };
    var rows = g.rows.slice(v.r, v.r + 20), cols = g.cols.slice(v.c, v.c + 12);
    var table = el("table"), head = el("tr");
    if (rows.length + cols.length < g.rows.length + g.cols.length)
      caption = (caption ? caption + ": " : "") + "rows " + part(v.r, rows, g.rows) +
        ", columns " + part(v.c, cols, g.cols);
    if (caption) table.appendChild(el("caption", "", caption));
    head.appendChild(el("td", "corner", ""));  // a corner with no header to give
    cols.forEach(function (c) { var th = el("th", "", c); th.scope = "col"; head.appendChild(th); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    rows.forEach(function (name) {
      var tr = body.appendChild(el("tr")), th = el("th", "", name);
      th.scope = "row";
      tr.appendChild(th);
      cols.forEach(function () { tr.appendChild(el("td")); });
    });
    box.appendChild(table);
    v.tds = body.querySelectorAll("td");
    v.w = cols.length;
    return v;
  }
  function part(at, shown, all) { return at + 1 + "-" + (at + shown.length) + " of " + all.length; }
  function origin(at, n, fit) {  // the first of `fit` in a row of n that shows index at
    return Math.max(0, Math.min((at || 0) - (fit >> 1), n - fit));
  }

  // Put a grid's texts in its cells: the first `filled` of them (all when null), shaded,
  // and the cells isNow(row, col) says are being worked on outlined.
  function fillGrid(v, g, filled, isNow) {
    var any = false;
    for (var n = 0; n < v.tds.length; n++) {
      var row = v.r + Math.floor(n / v.w), col = v.c + n % v.w;
      var on = filled === null || row * g.cols.length + col < filled;
      var mark = on && g.shade ? g.shade[row].charAt(col) : " ";
      var shade = mark === " " ? null : +mark;
      var now = isNow ? isNow(row, col) : false;
      var text = on ? g.text[row][col] : "", td = v.tds[n];
      var name = (shade === null ? "" : "h" + shade) + (now ? " now" : "");
      if (td.textContent !== text) td.textContent = text;
      if (td.className !== name) td.className = name;
      if (shade !== null) any = true;
    }
    return any;
  }

  function drawTable(i, step, k) {
    var tab = step.table;
    var filled = k >= 0 && step.filled ? step.filled[k] : null;
    var at = k >= 0 && step.cells ? step.cells[step.cellOf[k]].at : [];
    var key = [i, origin(at[0], tab.rows.length, 20), origin(at[1], tab.cols.length, 12)] + "";
    if (drawn.table !== key) {  // built when the step or its window changes, else refilled
      ui.tablebox.textContent = "";
      drawn.tds = buildGrid(ui.tablebox, tab, null, at[0], at[1]);
      drawn.table = key;
    }
    ui.legend.hidden = !fillGrid(drawn.tds, tab, filled, function (row, col) {
      return at && row === at[0] && (at[1] === null || col === at[1]);
    });
  }

  /* Dark or light: a notebook's theme says which (JupyterLab, VS Code), else the colour
     of the text around the stepper; a page follows prefers-color-scheme in its styles.
     The styles write the dark colours once, for prefers-color-scheme: the class dark
     takes the same. */
  var sheet = root.querySelector("style").sheet, rules = sheet.cssRules;  // 2nd: the dark
  sheet.insertRule("#" + root.id + ".dark{" + rules[1].cssRules[0].style.cssText + "}", rules.length);
  function theme() {
    var b = document.body, mark = b ? b.getAttribute("data-jp-theme-light") : null;
    var cls = b ? " " + b.className + " " : "", dark = null;
    if (mark) dark = mark === "false";
    else if (/ vscode-(dark|high-contrast) /.test(cls)) dark = true;
    else if (/ vscode-(light|high-contrast-light) /.test(cls)) dark = false;
    else if (!page && root.parentNode && root.parentNode.nodeType === 1)
      dark = lightness(getComputedStyle(root.parentNode).color) > 0.5;
    root.classList.toggle("dark", dark === true);
    root.classList.toggle("light", dark === false);
  }
  function lightness(css) {
    var c = (css.match(/[0-9.]+/g) || [0, 0, 0]).map(Number);
    return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
  }

  /* Building the parts that do not change: code lines, outline, pace choice. */
  data.files.forEach(function (f, fid) {
    f.lines.forEach(function (text, n) {
      var line = el("span"), number = f.first + n;
      line.dataset.file = fid;
      line.dataset.line = number;
      line.appendChild(el("b", "", " "));
      line.appendChild(document.createTextNode((number < 1000 ? ("   " + number).slice(-4) : number) + "  " + text));
      ui.code.appendChild(line);
    });
  });
  data.sections.forEach(function (s) {
    var li = el("li"), b = el("button", "", s.title);
    b.type = "button";
    b.addEventListener("click", function () { go(s.start); });
    ui.outline.appendChild(li).appendChild(b);
  });
  ui.pace.value = state.pace;
  ui.pace.addEventListener("change", function () { state.pace = ui.pace.value; state.open = false; draw(""); });
  ui.slider.addEventListener("input", function () { go(data.paces[state.pace][+ui.slider.value]); });
  root.querySelectorAll("[data-act]").forEach(function (b) {
    b.addEventListener("click", function () { acts[b.dataset.act](); });
  });
  (page ? document : root).addEventListener("keydown", onKey);
  // The stepper is the view: the whole walkthrough waits under its toggle, and opens
  // for printing (and is open wherever this script does not run).
  var wasOpen = false;
  ui.transcript.open = false;
  window.addEventListener("beforeprint", function () {
    wasOpen = ui.transcript.open;
    ui.transcript.open = true;
  });
  window.addEventListener("afterprint", function () { ui.transcript.open = wasOpen; });
  theme();
  // On a phone the secondary controls fold away under a toggle, so the working shows.
  var phone = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  if (phone) {
    $(".more").open = !phone.matches;
    phone.addEventListener("change", function () { $(".more").open = !phone.matches; });
  }
  if (window.MutationObserver && document.body)  // a notebook can change theme at any time
    new MutationObserver(theme).observe(document.body, { attributes: true,
      attributeFilter: ["class", "data-jp-theme-light"] });
  if (data.total) draw(ui.note.textContent); else ui.status.textContent = "this trace has no steps";
  state.started = true;
})(document.getElementById(__ROOT_ID__));
