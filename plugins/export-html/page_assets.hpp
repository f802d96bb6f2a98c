// glean/plugins/export-html/page_assets.hpp - the CSS and JavaScript inlined into every review page
// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace glean_html {

/// Page layout: a header (title, metadata, legend), the text on the left, the details panel on the
/// right. Per-type colours are added per page (see HtmlExporter::appendTypeStyles).
constexpr const char* kPageCss = R"css(
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;
background:#fff;display:grid;grid-template:auto minmax(0,1fr)/minmax(0,1fr) 24rem;height:100vh}
header{grid-column:1/3;padding:.6rem 1.2rem .5rem;border-bottom:1px solid #d0d7de;background:#f6f8fa}
header h1{font-size:1.15rem;margin:0}
header a{color:#0969da;text-decoration:none}
.doc{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:#57606a}
#meta{margin:.15rem 0 0;padding:0;list-style:none;font-size:12px;color:#57606a}
#meta li{display:inline;margin-right:.9rem}
#meta b{font-weight:600;color:#1f2328}
#legend{display:flex;flex-wrap:wrap;gap:.15rem 1rem;margin-top:.4rem;font-size:13px}
#legend label{cursor:pointer;white-space:nowrap}
#legend small{color:#57606a}
.sw{display:inline-block;width:.95em;height:.95em;border-radius:3px;vertical-align:-.12em;
border:1px solid #0003;margin:0 .15rem}
#text{margin:0;padding:1rem 1.6rem 5rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;
font:inherit;line-height:1.8}
#details{overflow:auto;padding:.8rem 1rem;border-left:1px solid #d0d7de;background:#fbfcfd;font-size:13px}
#details .hint{color:#57606a}
#details section{margin-bottom:.9rem;padding-bottom:.6rem;border-bottom:1px solid #eaeef2}
#details h3{margin:0 0 .3rem;font-size:14px}
#details blockquote{margin:.2rem 0 .4rem;padding:.15rem .5rem;border-left:3px solid #d0d7de;
white-space:pre-wrap;overflow-wrap:anywhere}
#details dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .7rem;margin:0}
#details dt{color:#57606a}
#details dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
#details dd.main{font-weight:700}
.a{border-radius:3px;-webkit-box-decoration-break:clone;box-decoration-break:clone;cursor:pointer}
.a.c{border-top-left-radius:0;border-bottom-left-radius:0}
.a.sel{outline:2px solid #1f2328;outline-offset:1px}
.a.z::before{content:"\25C6";font-size:.7em;color:#cf222e}
)css";

/// Hover shows the annotation under the pointer and those around it; a click pins it (and puts
/// #a<id> in the address, which selects it when the page is opened); Escape unpins; the legend's
/// boxes switch a type's highlighting. Text goes into the panel through textContent only.
constexpr const char* kPageJs = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('glean-data').textContent);
  var text = document.getElementById('text');
  var panel = document.getElementById('details');
  var hint = panel.firstElementChild;
  var pinned = false, marked = [];
  function frags(id) { return text.querySelectorAll('span[data-a="' + id + '"]'); }
  function hidden(id) { return text.classList.contains('hide-t' + data.a[id][0]); }
  function chainOf(el) {
    var ids = [];
    for (; el && el !== text; el = el.parentElement) {
      var id = el.getAttribute('data-a');
      if (id !== null && !hidden(id) && ids.indexOf(id) < 0) ids.push(id);
    }
    return ids;
  }
  function textOf(id) {
    var s = '';
    frags(id).forEach(function (e) { s += e.textContent; });
    return s;
  }
  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined) e.textContent = txt;
    return e;
  }
  function describe(id) {
    var a = data.a[id], t = data.types[a[0]], f = a[3];
    var box = el('section', 'ann');
    box.setAttribute('data-for', id);
    var h = el('h3');
    h.appendChild(el('span', 'sw t' + a[0]));
    h.appendChild(document.createTextNode(' ' + t.name));
    box.appendChild(h);
    var s = textOf(id);
    box.appendChild(el('blockquote', null, s.length > 400 ? s.slice(0, 400) + '\u2026' : s));
    var dl = el('dl');
    function row(k, v, cls) { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', cls, String(v))); }
    var main = t.main && f[t.main] !== undefined ? t.main : null;
    if (main) row(main, f[main], 'main');
    Object.keys(f).forEach(function (k) { if (k !== main) row(k, f[k]); });
    row('rule', a[4] === null ? '(none)' : a[4], 'rule');
    if (a[5]) row('defined at', a[5], 'source');
    row('stage', a[6]);
    row('bytes', a[1] + '\u2013' + a[2]);
    row('id', id);
    box.appendChild(dl);
    return box;
  }
  function show(ids) {
    panel.textContent = '';
    if (ids.length === 0) panel.appendChild(hint);
    ids.forEach(function (id) { panel.appendChild(describe(id)); });
    marked.forEach(function (e) { e.classList.remove('sel'); });
    marked = [];
    if (ids.length) frags(ids[0]).forEach(function (e) { e.classList.add('sel'); marked.push(e); });
  }
  function target(e) { return e.target.closest ? e.target.closest('span[data-a]') : null; }
  text.addEventListener('mouseover', function (e) {
    if (pinned) return;
    var s = target(e);
    show(s ? chainOf(s) : []);
  });
  text.addEventListener('click', function (e) {
    var s = target(e), ids = s ? chainOf(s) : [];
    pinned = ids.length > 0;
    show(ids);
    history.replaceState(null, '', pinned ? '#a' + ids[0] : location.pathname + location.search);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { pinned = false; show([]); }
  });
  document.querySelectorAll('#legend input[data-t]').forEach(function (cb) {
    cb.addEventListener('change', function () {
      text.classList.toggle('hide-t' + cb.getAttribute('data-t'), !cb.checked);
    });
  });
  var m = /^#a(\d+)$/.exec(location.hash);
  if (m && data.a[m[1]]) {
    var t = data.a[m[1]][0], cb = document.querySelector('#legend input[data-t="' + t + '"]');
    if (cb) cb.checked = true;
    text.classList.remove('hide-t' + t);
    var first = frags(m[1])[0];
    pinned = true;
    show(chainOf(first));
    first.scrollIntoView({block: 'center'});
  }
  document.body.setAttribute('data-ready', '1');
})();
)js";

/// The index page's stylesheet.
constexpr const char* kIndexCss = R"css(
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;
margin:1.2rem 1.6rem}
h1{font-size:1.3rem;margin:0 0 .3rem}
p.run{color:#57606a;margin:0 0 1rem}
table{border-collapse:collapse;font-size:13px}
th,td{padding:.25rem .6rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
a{color:#0969da;text-decoration:none}
.doc{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
tfoot td{font-weight:600}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;border:1px solid #0003;margin-right:.2rem}
h2{font-size:1.05rem;margin:1.5rem 0 .4rem}
)css";

}  // namespace glean_html
