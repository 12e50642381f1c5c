/// `site.css`: a quiet reading layout, the side-by-side grid and the highlighter's colours.
enum SiteStyle {
    static let css = """
        :root { --text: #1d1f21; --muted: #5f6368; --rule: #e3e5e8; --accent: #1a5fb4; --code-bg: #f6f8fa;
                --kw: #a626a4; --ty: #0b6e99; --st: #2e7d32; --nu: #b35900; --co: #6a737d; --at: #8250df; }
        * { box-sizing: border-box; }
        html { font-size: 17px; scroll-padding-top: 6rem; }
        body { margin: 0; color: var(--text); background: #fff; line-height: 1.6;
               font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        main { max-width: 54rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        body:has(article.source) main { max-width: 96rem; }
        h1, h2, h3, h4, .bar, footer, nav, figcaption, th { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 1rem; }
        h2 { font-size: 1.45rem; margin: 2.2rem 0 .8rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
        img { max-width: 100%; height: auto; display: block; margin: 1rem auto; border: 1px solid var(--rule); }
        code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .84rem; }
        :not(pre) > code { background: var(--code-bg); padding: .1em .3em; border-radius: 3px; }
        pre { background: var(--code-bg); padding: .8rem 1rem; overflow-x: auto; line-height: 1.45; border-radius: 4px; margin: 0; }
        article.chapter > pre, article.document > pre, li > pre { margin: 1rem 0; }
        blockquote { margin: 1.2rem 0; padding: .4rem 1rem; border-left: 4px solid #f0b429; background: #fffbea; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
        th, td { border: 1px solid var(--rule); padding: .3rem .6rem; vertical-align: top; }
        th { background: var(--code-bg); }
        td code { white-space: nowrap; }
        hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
        .equation { margin: 1.2rem 0 .2rem; overflow-x: auto; overflow-y: hidden; }
        .equation:target, .line:target { background: #fff3c4; }
        p.verified { margin-top: 0; font-size: .88rem; color: var(--muted); }
        p.verified::before { content: "✓ "; color: #2e7d32; }
        a.test code { color: var(--accent); }
        figure.listing { margin: 1.2rem 0; border: 1px solid var(--rule); border-radius: 4px; }
        figure.listing figcaption { font-size: .8rem; padding: .3rem .8rem; border-bottom: 1px solid var(--rule); color: var(--muted); }
        figure.listing pre { border-radius: 0 0 4px 4px; }
        .region { float: right; }
        .kw { color: var(--kw); } .ty { color: var(--ty); } .st { color: var(--st); }
        .nu { color: var(--nu); } .co { color: var(--co); font-style: italic; } .at { color: var(--at); }
        .bar { position: sticky; top: 0; z-index: 2; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap;
               padding: .5rem 1.5rem; background: #fafbfc; border-bottom: 1px solid var(--rule); font-size: .9rem; }
        .bar .home { font-weight: bold; color: var(--text); }
        .chapters a { display: inline-block; min-width: 1.7em; text-align: center; border-radius: 3px; }
        .chapters a[aria-current] { background: var(--accent); color: #fff; }
        .search { position: relative; margin-left: auto; }
        #search { width: 17rem; padding: .3rem .5rem; font: inherit; border: 1px solid #c9ccd1; border-radius: 4px; }
        #search-results { position: absolute; right: 0; width: 30rem; max-height: 70vh; overflow-y: auto; margin: .2rem 0 0;
                          padding: .3rem 0; list-style: none; background: #fff; border: 1px solid #c9ccd1;
                          border-radius: 4px; box-shadow: 0 4px 14px rgba(0,0,0,.12); }
        #search-results li a, #search-results li.none { display: block; padding: .25rem .7rem; }
        #search-results span { color: var(--muted); font-size: .8rem; }
        #search-results span.equation { font-family: "DejaVu Sans Mono", monospace; }
        nav.toc { font-family: "DejaVu Sans", Arial, sans-serif; font-size: .82rem; border: 1px solid var(--rule);
                  border-radius: 4px; padding: .5rem .9rem; margin: 1rem 0; }
        nav.toc ol { margin: .3rem 0 0; padding-left: 1.3rem; }
        @media (min-width: 84rem) { nav.toc { position: fixed; top: 4.5rem; left: 1rem; width: calc((100vw - 56rem) / 2 - 2rem);
                                              max-width: 18rem; max-height: calc(100vh - 6rem); overflow-y: auto; } }
        nav.prevnext { display: flex; justify-content: space-between; margin: 1rem 0; font-size: .9rem; }
        section.sources ul { columns: 2; font-size: .85rem; }
        footer { text-align: center; color: var(--muted); font-size: .8rem; padding: 2rem; border-top: 1px solid var(--rule); }
        article.source h1 { font-size: 1.3rem; }
        .readers { color: var(--muted); }
        .side-by-side .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.8fr); border-top: 1px solid #f0f1f3; }
        .side-by-side .doc { padding: .4rem 1.2rem .4rem 0; font-size: .92rem; }
        .side-by-side .doc p { margin: .3rem 0; }
        .side-by-side .doc pre { margin: .4rem 0; font-size: .78rem; white-space: pre-wrap; }
        .side-by-side .code pre { border-radius: 0; min-height: 100%; padding: .3rem .8rem; font-size: .8rem; }
        .line { display: block; }
        .ln { display: inline-block; width: 3em; margin-right: 1em; color: #b0b4ba; text-align: right; user-select: none; }
        @media (max-width: 60rem) { .side-by-side .row { grid-template-columns: 1fr; } #search-results { width: 90vw; } }

        """
}
