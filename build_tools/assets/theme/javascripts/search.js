/* bdpub search: one index per language, diacritic-insensitive, whole Vietnamese syllables,
 * Chinese and Japanese by character pairs, Korean words with their particles.
 *
 * A query term typed without diacritics matches with or without them ("binh duong" finds
 * "Bình Dương"); a term typed with diacritics matches them exactly ("phở" finds "phở",
 * never "Phone"). Words are runs of letters and digits, so no word is cut at an accented
 * letter. Chinese and Japanese are written without spaces: a run of their characters is
 * searched as its overlapping pairs ("智慧城市": 智慧, 慧城, 城市), each found anywhere in the
 * text; in Japanese, the hiragana between kanji and katakana (particles, endings) are left
 * out of a query. Korean words are spaced, with particles attached ("빈즈엉성은"): a term matches the
 * start of a word, and a particle typed at its end is left out. Only Latin letters are
 * folded: a Hangul syllable or a kana with its voicing mark is a letter of its own. Results
 * link to the section, and the terms are highlighted on the page.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+/gu;
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u;
  var RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]+/gu;
  var HANGUL = /^[\p{Script=Hangul}]+$/u;
  var HIRAGANA = /\p{Script=Hiragana}+/u;
  var NOT_HIRAGANA = /[^\p{Script=Hiragana}]/u;
  /* Korean particles, longest first: left out at the end of a term longer than them. */
  var PARTICLES = ["에서는", "에게서", "으로는", "에서", "에게", "으로", "까지", "부터", "보다",
                   "처럼", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과",
                   "도", "만"];
  var MAX_RESULTS = 20;

  /* One character folded: lower case, the marks of a Latin letter removed, đ -> d. The
     result has the same length as the input, so positions in folded text are positions in
     the text. Other scripts stay as they are: a Hangul syllable would fall apart into its
     first consonant, and か and が are different kana. */
  function foldChar(ch) {
    var lower = ch.toLowerCase();
    if (lower === "đ") return "d";
    if (lower.length !== 1) return ch;
    var base = lower.normalize("NFD").charAt(0);
    return base >= "a" && base <= "z" ? base : lower;
  }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += foldChar(text.charAt(i));
    return out;
  }

  /* The terms of a query: words, a Korean word without its particle, and the overlapping
     character pairs of Chinese and Japanese (a single character alone). */
  function words(text) {
    var terms = [];
    (text.normalize("NFC").match(WORD) || []).forEach(function (word) {
      word.match(RUNS).forEach(function (run) {
        if (!UNSPACED.test(run)) return terms.push(withoutParticle(run));
        // Hiragana between kanji and katakana are particles and endings ("省の会議",
        // "開催しました"): the pieces between them are searched.
        var pieces = NOT_HIRAGANA.test(run) ? run.split(HIRAGANA) : [run];
        pieces.filter(Boolean).forEach(function (piece) {
          var chars = Array.from(piece);
          if (chars.length === 1) return terms.push(piece);
          for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
        });
      });
    });
    return terms.filter(function (term, at) { return terms.indexOf(term) === at; });
  }

  function withoutParticle(word) {
    if (!HANGUL.test(word)) return word;
    for (var i = 0; i < PARTICLES.length; i++) {
      var particle = PARTICLES[i];
      if (word.length > particle.length + 1 && word.slice(-particle.length) === particle) {
        return word.slice(0, -particle.length);
      }
    }
    return word;
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
    var anywhere = UNSPACED.test(term);  // a pair of Chinese or Japanese characters
    var found = [];
    var from = 0;
    while (found.length < 50) {
      var at = folded.indexOf(needle, from);
      if (at < 0) break;
      var end = at + needle.length;
      if (anywhere || (isBoundary(text.charAt(at - 1)) &&
                       !(whole && !isBoundary(text.charAt(end))))) {
        found.push([at, end]);
      }
      from = at + 1;
    }
    return found;
  }

  function isWordChar(ch) {
    return !!ch && /[\p{L}\p{N}]/u.test(ch);
  }

  /* Where a word may start or end: not inside a run of letters and digits, except beside
     Chinese or Japanese characters, which Latin words and figures are written against
     ("举办Horasis", "2019年"). */
  function isBoundary(ch) {
    return !isWordChar(ch) || UNSPACED.test(ch);
  }

  /* Occurrences written exactly as typed, diacritics included: they rank higher. */
  function exact(term, text) {
    return isPlain(term) ? 0 : text.toLowerCase().split(term.toLowerCase()).length - 1;
  }

  /* The query as typed, its words one space apart: found as a whole, it ranks higher. */
  function typed(query) {
    return (query.normalize("NFC").match(WORD) || []).join(" ");
  }

  function prepare(doc) {
    doc.text = doc.text.normalize("NFC");
    doc.title = doc.title.normalize("NFC");
    doc.foldedText = fold(doc.text);
    doc.foldedTitle = fold(doc.title);
    return doc;
  }

  /* Every term must match; titles count more, exact spellings a little more, and the
     query as typed (its words in order) more again. */
  function score(doc, terms, phrase) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var inTitle = positions(terms[i], doc.title, doc.foldedTitle).length;
      var inText = positions(terms[i], doc.text, doc.foldedText).length;
      if (!inTitle && !inText) return 0;
      total += inTitle * 10 + Math.min(inText, 10) + Math.min(exact(terms[i], doc.text), 5);
    }
    if (terms.length > 1 && phrase && positions(phrase, doc.text, doc.foldedText).length) {
      total += 15;
    }
    return total;
  }

  /* The text with every match of the terms marked; overlapping matches (the pairs of
     "智慧城市") make one mark. */
  function mark(text, terms) {
    var folded = fold(text);
    var spans = [];
    terms.forEach(function (term) { spans = spans.concat(positions(term, text, folded)); });
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (span) {
      var previous = merged[merged.length - 1];
      if (previous && span[0] < previous[1]) previous[1] = Math.max(previous[1], span[1]);
      else merged.push([span[0], span[1]]);
    });
    var out = document.createDocumentFragment();
    var last = 0;
    merged.forEach(function (span) {
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
  Search.prototype.rank = function (terms, query) {
    var ranked = [];
    var phrase = typed(query);
    (this.docs || []).forEach(function (doc) {
      var points = score(doc, terms, phrase);
      if (points) ranked.push([points, doc]);
    });
    return ranked.sort(function (a, b) { return b[0] - a[0] || (a[1].url < b[1].url ? -1 : 1); });
  };

  Search.prototype.run = function () {
    var terms = words(this.input.value);
    this.list.textContent = "";
    if (!this.docs || !terms.length) return;
    var ranked = this.rank(terms, this.input.value);
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
      return search.rank(words(query), query).map(function (entry) { return entry[1].url; });
    });
  }

  window.bdpubSearch = { fold: fold, words: words, positions: positions, find: find };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
