import Foundation

/// The search over chapter headings and equations: an index written as a script (a page opened
/// from `file://` may not fetch a JSON file) and a few lines that filter it as the reader types.
enum SearchIndex {
    struct Entry: Codable, Equatable {
        /// "heading" or "equation".
        var kind: String
        /// What the result shows: a heading's text, or "(4.1)" and the TeX of an equation.
        var title: String
        /// What is searched besides the title: the chapter's title, an equation's TeX.
        var text: String
        /// The page and anchor, relative to the site's folder.
        var href: String
    }

    static func entries(for doc: RenderedDocument, page: String, chapter: String) -> [Entry] {
        doc.headings.map { Entry(kind: "heading", title: $0.text, text: chapter, href: "\(page)#\($0.id)") }
            + doc.equations.map { equation in
                let tex = equation.tex.replacing(/\\tag\{[^}]*\}/, with: "").trimmingCharacters(in: .whitespaces)
                return Entry(kind: "equation", title: "(\(equation.label))", text: "\(tex) — \(chapter)",
                             href: "\(page)#\(equation.id)")
            }
    }

    /// `search-index.js`: the entries as one assignment.
    static func script(_ entries: [Entry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(entries), as: UTF8.self)
        return "window.searchIndex = \(json);\n"
    }

    /// `search.js`: every word typed must occur in an entry's title or text; up to 12 results.
    static let searchScript = """
        (function () {
          var input = document.getElementById("search"), list = document.getElementById("search-results");
          var root = document.body.getAttribute("data-root") || "";
          if (!input || !window.searchIndex) return;
          input.addEventListener("input", show);
          function show() {
            var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
            list.innerHTML = "";
            if (!words.length) { list.hidden = true; return; }
            var hits = window.searchIndex.filter(function (e) {
              var hay = (e.title + " " + e.text).toLowerCase();
              return words.every(function (w) { return hay.indexOf(w) >= 0; });
            }).slice(0, 12);
            hits.forEach(function (e) {
              var item = document.createElement("li"), link = document.createElement("a");
              link.href = root + e.href;
              link.textContent = e.title;
              var where = document.createElement("span");
              where.className = e.kind;
              where.textContent = " " + e.text;
              link.appendChild(where);
              item.appendChild(link);
              list.appendChild(item);
            });
            if (!hits.length) list.innerHTML = "<li class=\\"none\\">nothing found</li>";
            list.hidden = false;
          }
          // page.html?q=words opens with the results shown, so a search can be linked.
          var query = new URLSearchParams(window.location.search).get("q");
          if (query) { input.value = query; show(); }
          input.addEventListener("keydown", function (event) {
            var first = list.querySelector("a");
            if (event.key === "Enter" && first) window.location.href = first.href;
            if (event.key === "Escape") { input.value = ""; list.hidden = true; }
          });
        })();

        """
}
