/* bdpub search: one index per language, diacritic-insensitive, whole Vietnamese syllables.
 *
 * A query term typed without diacritics matches with or without them ("binh duong" finds
 * "Bình Dương"); a term typed with diacritics matches them exactly ("phở" finds "phở",
 * never "Phone"). Words are runs of letters and digits, so no word is cut at an accented
 * letter. Results link to the section, and the terms are highlighted on the page.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+/gu;
  var MAX_RESULTS = 20;

  /* One character folded: lower case, tone and shape marks removed, đ -> d. The result has
     the same length as the input, so positions in folded text are positions in the text. */
  function foldChar(ch) {
    var lower = ch.toLowerCase();
    if (lower === "đ") return "d";
    var base = lower.normalize("NFD").charAt(0);
    return base.length === 1 ? base : lower;
  }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += foldChar(text.charAt(i));
    return out;
  }

  function words(text) {
    return text.normalize("NFC").match(WORD) || [];
  }

  function isPlain(term) {
    return fold(term) === term.toLowerCase();
  }

  /* Where a term matches a text: on folded text, at the start of a word, so the same pages
     are found with or without diacritics ("binh duong" and "Bình Dương" alike). A plain
     term may be the start of a word (the reader may still be typing); a term typed with
     diacritics is a whole word, so "phở" never matches "Phone". */
  function positions(term, text, folded) {
    var needle = fold(term);
    var whole = !isPlain(term);
    var found = [];
    var from = 0;
    while (found.length < 50) {
      var at = folded.indexOf(needle, from);
      if (at < 0) break;
      var end = at + needle.length;
      if (!isWordChar(text.charAt(at - 1)) && !(whole && isWordChar(text.charAt(end)))) {
        found.push([at, end]);
      }
      from = at + 1;
    }
    return found;
  }

  function isWordChar(ch) {
    return !!ch && /[\p{L}\p{N}]/u.test(ch);
  }

  /* Occurrences written exactly as typed, diacritics included: they rank higher. */
  function exact(term, text) {
    return isPlain(term) ? 0 : text.toLowerCase().split(term.toLowerCase()).length - 1;
  }

  function prepare(doc) {
    doc.text = doc.text.normalize("NFC");
    doc.title = doc.title.normalize("NFC");
    doc.foldedText = fold(doc.text);
    doc.foldedTitle = fold(doc.title);
    return doc;
  }

  /* Every term must match; titles count more, exact spellings a little more. */
  function score(doc, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = positions(terms[i], doc.title, doc.foldedTitle).length;
      var inText = positions(terms[i], doc.text, doc.foldedText).length;
      if (!inTitle && !inText) return 0;
      total += inTitle * 10 + Math.min(inText, 10) + Math.min(exact(terms[i], doc.text), 5);
    }
    var phrase = fold(terms.join(" "));
    if (terms.length > 1 && positions(phrase, doc.text, doc.foldedText).length) total += 15;
    return total;
  }

  function mark(text, terms) {
    var folded = fold(text);
    var spans = [];
    terms.forEach(function (term) { spans = spans.concat(positions(term, text, folded)); });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var out = document.createDocumentFragment();
    var last = 0;
    spans.forEach(function (span) {
      if (span[0] < last) return;
      out.appendChild(document.createTextNode(text.slice(last, span[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(span[0], span[1]);
      out.appendChild(m);
      last = span[1];
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function snippet(doc, terms) {
    var first = positions(terms[0], doc.text, doc.foldedText)[0];
    var start = first ? Math.max(0, first[0] - 60) : 0;
    var piece = doc.text.slice(start, start + 220);
    return (start > 0 ? "… " : "") + piece + (start + 220 < doc.text.length ? " …" : "");
  }

  function Search(box) {
    this.box = box;
    this.input = box.querySelector("input[name=query]");
    this.meta = box.querySelector(".md-search-result__meta");
    this.list = box.querySelector(".md-search-result__list");
    this.indexUrl = new URL(box.getAttribute("data-bdpub-index"), document.baseURI);
    this.docs = null;
    this.timer = null;
    var self = this;
    this.input.addEventListener("focus", function () {
      var toggle = document.getElementById("__search");
      if (toggle) toggle.checked = true;  // opens the results panel, as Material's search does
      self.load();
    });
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, 120);
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = self.list.querySelector("a");
      if (first) window.location.href = first.href;
    });
  }

  Search.prototype.load = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.loading = fetch(this.indexUrl.href, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { self.docs = data.docs.map(prepare); self.run(); });
    return this.loading;
  };

  Search.prototype.count = function (n) {
    if (n === 0) return this.box.getAttribute("data-none");
    if (n === 1) return this.box.getAttribute("data-one");
    return this.box.getAttribute("data-other").replace("#", String(n));
  };

  /* Every section that matches, best first, as [points, doc]. */
  Search.prototype.rank = function (terms) {
    var ranked = [];
    (this.docs || []).forEach(function (doc) {
      var points = score(doc, terms);
      if (points) ranked.push([points, doc]);
    });
    return ranked.sort(function (a, b) { return b[0] - a[0] || (a[1].url < b[1].url ? -1 : 1); });
  };

  Search.prototype.run = function () {
    var terms = words(this.input.value);
    this.list.textContent = "";
    if (!this.docs || !terms.length) return;
    var ranked = this.rank(terms);
    this.meta.textContent = this.count(ranked.length);
    var root = this.indexUrl.href.replace(/search\/index\.json$/, "");
    var self = this;
    ranked.slice(0, MAX_RESULTS).forEach(function (entry) {
      self.list.appendChild(self.item(entry[1], terms, root));
    });
  };

  Search.prototype.item = function (doc, terms, root) {
    var target = new URL(doc.url, root);
    target.searchParams.set("h", terms.join(" "));
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = target.pathname + target.search + target.hash;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h3");
    title.appendChild(mark(doc.title, terms));
    article.appendChild(title);
    if (doc.page !== doc.title) {
      var page = document.createElement("p");
      page.className = "bdpub-search-page";
      page.textContent = doc.page;
      article.appendChild(page);
    }
    var text = document.createElement("p");
    text.appendChild(mark(snippet(doc, terms), terms));
    article.appendChild(text);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  };

  /* On the page a result leads to: mark the searched terms in the article. */
  function highlightPage() {
    var query = new URLSearchParams(window.location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article) return;
    var terms = words(query);
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue.normalize("NFC");
      var folded = fold(text);
      var hit = terms.some(function (term) { return positions(term, text, folded).length; });
      if (hit && node.parentNode && node.parentNode.nodeName !== "MARK") {
        node.parentNode.replaceChild(mark(text, terms), node);
      }
    });
  }

  function start() {
    var box = document.querySelector(".bdpub-search");
    if (box) window.bdpubSearch.box = new Search(box);
    highlightPage();
    document.addEventListener("keydown", function (event) {
      var toggle = document.getElementById("__search");
      var typing = /input|textarea|select/i.test(document.activeElement.tagName);
      if (event.key === "/" && !typing && toggle && box) {
        event.preventDefault();
        toggle.checked = true;
        box.querySelector("input[name=query]").focus();
      } else if (event.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false;
      }
    });
  }

  /* For tests and the curious: the pages a query finds, every one, best first. */
  function find(query) {
    var search = window.bdpubSearch.box;
    return search.load().then(function () {
      return search.rank(words(query)).map(function (entry) { return entry[1].url; });
    });
  }

  window.bdpubSearch = { fold: fold, words: words, positions: positions, find: find };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
