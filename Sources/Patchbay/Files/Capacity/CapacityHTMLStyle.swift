/// The capacity page's style sheet, inline. Colours keep WCAG AA contrast for text (4.5:1);
/// statuses are words and patterns as well as colours; print turns off scrolling and keeps the
/// charts' colours (they are ordered light to dark, so they read in grey); on a phone the wide
/// tables scroll inside their own box, never the page.
enum CapacityHTMLStyle {
  static let css = """

    :root{color-scheme:light}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:#fff;color:#111;\
    font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",\
    sans-serif}
    header,main,footer{max-width:80rem;margin:0 auto;padding:0 1rem}
    h1{font-size:1.6rem;margin:1rem 0 .3rem}
    h2{font-size:1.25rem;margin:1.8rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #111}
    h3{font-size:1.05rem;margin:0 0 .3rem;overflow-wrap:anywhere}
    p{margin:.3rem 0 .6rem;max-width:48rem}
    a{color:#0b4f9c}
    nav a{margin-right:1rem}
    code{font-size:.9em}
    bdi{overflow-wrap:anywhere}
    .rules,.rg,footer,.n1{color:#3b3b3b}
    .batch{font-weight:600}
    .was{color:#4a4a4a;font-weight:400}
    .badge{display:inline-block;padding:0 .35rem;border:1px solid #111;border-radius:.25rem;\
    font-weight:700;line-height:1.3}
    .s-full{background:#b2182b;color:#fff;fill:#b2182b}
    .s-hot{background:#fdb863;color:#111;fill:#fdb863}
    .s-recommended{background:#d9f0d3;color:#111;fill:#d9f0d3}
    .s-disabled{background:#e0e0e0;color:#111;fill:#e0e0e0}
    .cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0}
    .card{flex:1 1 9rem;max-width:16rem;border:1px solid #888;border-radius:.35rem;\
    padding:.35rem .6rem}
    .card .n{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
    .card .l{font-size:.85rem;color:#3b3b3b}
    .card.alert{border:2px solid #111;background:#fff4e5}
    .chart{margin:.5rem 0}
    .chart svg{display:block;max-width:100%;height:auto}
    svg.status{width:100%;max-width:30rem}
    svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",\
    "DejaVu Sans",sans-serif}
    .status text.rl{font-size:14px;fill:#111}
    .status text.lg{font-size:13px;fill:#111}
    .status text.sn{font-size:14px;font-weight:700;text-anchor:middle;fill:#111;\
    paint-order:stroke;stroke:#fff;stroke-width:3px}
    .status rect{stroke:#111;stroke-width:1}
    .hm svg{width:100%;max-width:40rem}
    .hm text.rg{font-size:15px;font-weight:700;fill:#111}
    .hm text.kl,.hm text.kd{font-size:12px;font-weight:700;text-anchor:middle;\
    paint-order:stroke;stroke-width:3px;stroke-linejoin:round}
    .hm text.kl{fill:#000;stroke:#fff}
    .hm text.kd{fill:#fff;stroke:#000}
    .hm a:hover rect,.hm a:focus rect{stroke:#0b4f9c;stroke-width:2}
    .nx{fill:#000;stroke:#fff;stroke-width:1}
    rect.chg{stroke:#000;stroke-width:1.5;stroke-dasharray:3 2}
    .u0{fill:#ffffcc;background:#ffffcc}.u1{fill:#ffeda0;background:#ffeda0}
    .u2{fill:#fed976;background:#fed976}.u3{fill:#feb24c;background:#feb24c}
    .u4{fill:#fd8d3c;background:#fd8d3c}.u5{fill:#fc4e2a;background:#fc4e2a}
    .u6{fill:#e31a1c;background:#e31a1c}.u7{fill:#bd0026;background:#bd0026}
    .u8{fill:#800026;background:#800026}.u9{fill:#4a0015;background:#4a0015}
    .legend{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;\
    gap:.3rem 1.2rem;font-size:.9rem}
    .legend li{display:flex;align-items:center;gap:.35rem}
    .ramp{display:inline-flex;border:1px solid #111}
    .ramp span{display:inline-block;width:.8rem;height:1rem}
    .sw{display:inline-block;vertical-align:middle;border:1px solid #111}
    .scroll{overflow-x:auto;max-width:100%}
    .scroll:focus{outline:2px solid #0b4f9c}
    table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.2rem 0 .6rem}
    caption{text-align:left;font-weight:700;padding:.2rem 0}
    th,td{padding:.2rem .45rem;border-bottom:1px solid #bbb;text-align:right;white-space:nowrap}
    thead th{border-bottom:2px solid #111;vertical-align:bottom;white-space:normal}
    th[scope=row],.t,thead th:first-child{text-align:left}
    table.worst th[scope=row]{font-weight:700}
    table.worst td:first-child{text-align:right}
    tr.r-full th[scope=row]{border-left:6px solid #b2182b}
    tr.r-hot th[scope=row]{border-left:6px solid #e08214}
    td.act{font-weight:700}
    tr.worst th,tr.worst td{font-weight:700}
    tr.none td{font-weight:700}
    td.bar{background:linear-gradient(#9ecae1,#9ecae1) no-repeat left/0 100%}
    .w0{background-size:0 100%}.w1{background-size:5% 100%}.w2{background-size:10% 100%}
    .w3{background-size:15% 100%}.w4{background-size:20% 100%}.w5{background-size:25% 100%}
    .w6{background-size:30% 100%}.w7{background-size:35% 100%}.w8{background-size:40% 100%}
    .w9{background-size:45% 100%}.w10{background-size:50% 100%}.w11{background-size:55% 100%}
    .w12{background-size:60% 100%}.w13{background-size:65% 100%}.w14{background-size:70% 100%}
    .w15{background-size:75% 100%}.w16{background-size:80% 100%}.w17{background-size:85% 100%}
    .w18{background-size:90% 100%}.w19{background-size:95% 100%}.w20{background-size:100% 100%}
    .ap{border-top:1px solid #888;padding:.7rem 0 .3rem}
    .ap.r-full{border-top:4px solid #b2182b}.ap.r-hot{border-top:4px solid #e08214}
    .st{margin:.2rem 0}
    .figs{display:flex;flex-wrap:wrap;gap:.1rem 1.4rem;margin:.3rem 0}
    .figs div{display:flex;gap:.35rem;align-items:baseline}
    .figs dt{color:#3b3b3b}
    .figs dd{margin:0;font-weight:700;font-variant-numeric:tabular-nums}
    .tables{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}
    .tables>*{max-width:100%}
    @media print{
    body{font-size:9.5pt}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    nav{display:none}
    a{color:#111;text-decoration:none}
    .scroll{overflow:visible}
    @page{size:A4 landscape;margin:12mm}
    table{font-size:7.5pt}
    th,td{padding:.1rem .25rem}
    thead th{white-space:normal}
    bdi{overflow-wrap:normal}
    h2,h3,caption{break-after:avoid}
    tr,.card,.chart,.figs{break-inside:avoid}
    .hm svg{max-width:32rem}
    }

    """
}
