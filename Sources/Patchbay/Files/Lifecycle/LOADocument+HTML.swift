import Foundation

/// The LOA document as one self-contained printable page (`patchbay interface loa --format
/// html`, `GET /v1/interfaces/{id}/loa` with `Accept: text/html`), and the page Chromium prints
/// to PDF. Inline CSS only: no script, font, image or link is fetched, and the page holds no URL.
///
/// It answers the installers' questions in their order: where to go (the data centre and its
/// address), what to connect to (device, cabinet, port), who is expected and when. Every text
/// that comes from the customer or the inventory is escaped (`HTMLWriter`) and isolated
/// (`<bdi>`), and every fact sits in an element whose `data-k` names its JSON member, which is
/// how the tests read the facts back. The markup is well-formed XML as well as HTML.
extension LOADocument {
  /// The page, as UTF-8.
  public var htmlBytes: [UInt8] {
    var page = LOAPage(document: self)
    page.render()
    return page.out.bytes
  }

  /// What a reader is shown for a fact the inventory does not record.
  public static let notRecorded = "not recorded"
}

private struct LOAPage {
  let document: LOADocument
  var out = HTMLWriter(capacity: 12_288)

  mutating func render() {
    out.raw(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        + "<meta name=\"color-scheme\" content=\"light\"/>\n"
        + "<meta name=\"generator\" content=\"patchbay interface loa\"/>\n<title>")
    out.text("Letter of Authorization \(document.reference): \(document.interface)")
    out.raw("</title>\n<style>\(Self.css)</style>\n</head>\n<body>\n<main>\n")
    header()
    whereToGo()
    whatToConnect()
    whoIsExpected()
    footer()
    out.raw("</main>\n</body>\n</html>\n")
  }

  private mutating func header() {
    let document = self.document
    out.raw("<header>\n<p class=\"kicker\">Letter of Authorization</p>\n<h1>")
    out.text("Physical connection interface ")
    value("interface", document.interface.rawValue)
    out.raw("</h1>\n<dl class=\"meta\">\n")
    row("Reference") { $0.value("reference", document.reference, code: true) }
    row("Issued") { $0.value("issuedAt", Self.time(document.issuedAt)) }
    row("Customer") { page in
      page.value("companyName", document.companyName)
      page.out.text(" (account ")
      page.value("account", document.account.rawValue)
      page.out.text(")")
    }
    row("Status") { page in
      page.value("state", document.state.consoleName)
    }
    out.raw("</dl>\n</header>\n")
  }

  private mutating func whereToGo() {
    let document = self.document
    out.raw("<section class=\"card\" id=\"where\">\n<h2>Where to go</h2>\n<dl>\n")
    row("Data centre") { page in
      page.out.raw("<strong>")
      if let name = document.accessPointName {
        page.value("accessPointName", name)
        page.out.text(" (")
        page.value("accessPoint", document.accessPoint.rawValue, code: true)
        page.out.text(")")
      } else {
        page.value("accessPoint", document.accessPoint.rawValue, code: true)
      }
      page.out.raw("</strong>")
    }
    row("Address") { $0.optional("location", document.location) }
    row("Region") { page in
      if let name = document.regionName {
        page.value("regionName", name)
        page.out.text(" (")
        page.value("region", document.region.rawValue, code: true)
        page.out.text(")")
      } else {
        page.value("region", document.region.rawValue, code: true)
      }
    }
    out.raw("</dl>\n</section>\n")
  }

  private mutating func whatToConnect() {
    let document = self.document
    out.raw("<section class=\"card\" id=\"connect\">\n<h2>What to connect to</h2>\n")
    out.raw("<div class=\"big\">\n")
    bigFact("Cabinet") { $0.optional("cabinet", document.cabinet) }
    bigFact("Device") { $0.value("device", document.device.rawValue, code: true) }
    bigFact("Port") { $0.value("port", document.port, code: true) }
    out.raw("</div>\n<dl>\n")
    row("Port type") { page in
      page.value("portType", document.portType.rawValue)
      page.out.text(" (")
      page.value("portSpec", document.portSpec.rawValue)
      page.out.text(")")
    }
    row("Line operator") { page in
      page.value("lineOperator", document.lineOperator.rawValue)
      if let name = Self.operatorName(document.lineOperator) { page.out.text(" (\(name))") }
    }
    if let partner = document.redundantConnection {
      row("Redundant connection") { page in
        page.redundant(partner)
      }
    }
    out.raw("</dl>\n</section>\n")
  }

  private mutating func redundant(_ partner: LOADocument.RedundantConnection) {
    out.raw("<span data-k=\"redundantConnection\">")
    out.raw("<code data-k=\"redundantConnection.id\"><bdi>")
    out.text(partner.id.rawValue)
    out.raw("</bdi></code>")
    if partner.isOtherAccount {
      out.text(
        ": another account's connection; where it stands is not shown. This line's port is "
          + "on a different device from it.")
    } else if let device = partner.device, let port = partner.port {
      out.text(" is on device ")
      value("redundantConnection.device", device.rawValue, code: true)
      out.text(" port ")
      value("redundantConnection.port", port, code: true)
      if let accessPoint = partner.accessPoint, accessPoint != document.accessPoint {
        out.text(" at ")
        value("redundantConnection.accessPoint", accessPoint.rawValue, code: true)
      }
      out.text(", cabinet ")
      optional("redundantConnection.cabinet", partner.cabinet)
      if partner.accessPoint == document.accessPoint {
        out.text(". Do not patch this line into that device.")
      } else {
        out.text(".")
      }
    } else {
      out.text(": holds no port now")
      if let status = partner.status { out.text(" (\(status.rawValue))") }
      out.text(".")
    }
    out.raw("</span>")
  }

  private mutating func whoIsExpected() {
    let document = self.document
    out.raw("<section class=\"card\" id=\"who\">\n<h2>Who is expected</h2>\n<dl>\n")
    row("Scheduled") { page in
      page.out.raw("<strong>")
      page.value("scheduledConstructionTime", Self.time(document.scheduledConstructionTime))
      page.out.raw("</strong>")
    }
    row("Construction") { page in
      page.value("constructionCompany", document.constructionCompany)
      page.out.text(", ")
      page.value("constructionType", document.constructionType.rawValue)
    }
    out.raw("</dl>\n<table>\n<thead><tr><th scope=\"col\">Field engineer</th>")
    out.raw("<th scope=\"col\">Contact</th><th scope=\"col\">Identity document</th>")
    out.raw("<th scope=\"col\">Number (masked)</th></tr></thead>\n<tbody>\n")
    for engineer in document.fieldEngineers {
      out.raw("<tr data-k=\"fieldEngineers\"><td data-k=\"name\"><bdi>")
      out.text(engineer.name)
      out.raw("</bdi></td><td data-k=\"contact\"><bdi>")
      out.text(engineer.contact)
      out.raw("</bdi></td><td data-k=\"certificateType\">")
      out.text(Self.certificateName(engineer.certificateType))
      out.raw("</td><td><code data-k=\"maskedCertificateNumber\"><bdi>")
      out.text(engineer.maskedCertificateNumber)
      out.raw("</bdi></code></td></tr>\n")
    }
    out.raw("</tbody>\n</table>\n</section>\n")
  }

  private mutating func footer() {
    out.raw("<footer>\n<p>")
    out.text("This letter authorizes the field engineers named above to install ")
    out.raw("<bdi>")
    out.text(document.companyName)
    out.raw("</bdi>")
    out.text(
      "'s leased line and connect it to the port named above, no earlier than the scheduled "
        + "time. Certificate numbers show at most their last \(CertificateMask.maxVisible) "
        + "characters (never more than a third): check each engineer's identity document on "
        + "arrival. The reference changes whenever the reserved port changes; a letter for this "
        + "interface with another reference is void.")
    out.raw("</p>\n<p class=\"made\">Made by <code>patchbay interface loa</code>.</p>\n")
    out.raw("</footer>\n")
  }

  // MARK: Pieces

  /// `<div><dt>label</dt><dd>...</dd></div>`.
  private mutating func row(_ label: String, _ content: (inout LOAPage) -> Void) {
    out.raw("<div><dt>")
    out.text(label)
    out.raw("</dt><dd>")
    content(&self)
    out.raw("</dd></div>\n")
  }

  /// One of the three facts the installer looks for first, in large type.
  private mutating func bigFact(_ label: String, _ content: (inout LOAPage) -> Void) {
    out.raw("<div class=\"fact\"><span class=\"label\">")
    out.text(label)
    out.raw("</span><span class=\"v\">")
    content(&self)
    out.raw("</span></div>\n")
  }

  /// A fact, escaped and isolated, in an element named by its JSON member.
  private mutating func value(_ key: String, _ text: String, code: Bool = false) {
    let tag = code ? "code" : "span"
    out.raw("<\(tag)")
    out.attribute("data-k", key)
    out.raw("><bdi>")
    out.text(text)
    out.raw("</bdi></\(tag)>")
  }

  /// A fact the inventory may not record: ``LOADocument/notRecorded`` when it does not.
  private mutating func optional(_ key: String, _ text: String?) {
    if let text {
      value(key, text)
    } else {
      out.raw("<span class=\"none\"")
      out.attribute("data-k", key)
      out.raw(">")
      out.text(LOADocument.notRecorded)
      out.raw("</span>")
    }
  }

  /// `2026-11-29 05:10 UTC`: a time every reader reads the same way.
  static func time(_ date: Date) -> String {
    let iso = ISO8601Time.format(date)  // 2026-11-29T05:10:00Z
    let day = iso.prefix(10)
    let clock = iso.dropFirst(11).prefix(5)
    return "\(day) \(clock) UTC"
  }

  /// The carrier's name, where the code is not already one.
  static func operatorName(_ lineOperator: LineOperator) -> String? {
    switch lineOperator {
    case .chinaTelecom: "China Telecom"
    case .chinaUnicom: "China Unicom"
    case .chinaMobile: "China Mobile"
    case .otherMainland: "another mainland carrier"
    case .equinix, .other: nil
    }
  }

  static func certificateName(_ type: CertificateType) -> String {
    switch type {
    case .idCard: "Identity card"
    case .passport: "Passport"
    }
  }

  /// One A4 or Letter page for a few engineers (more run on to a second page, the cards kept
  /// whole); the cabinet, device and port in large type; black on white with borders, so it
  /// reads the same printed in grey.
  static let css = """

    :root{color-scheme:light}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:#fff;color:#111;\
    font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",\
    sans-serif}
    main{max-width:48rem;margin:0 auto;padding:1.2rem 1rem}
    bdi,code{overflow-wrap:anywhere}
    code{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:.95em}
    .kicker{margin:0;font-size:.85rem;font-weight:700;letter-spacing:.12em;text-transform:uppercase;\
    color:#3b3b3b}
    h1{font-size:1.5rem;margin:.1rem 0 .6rem}
    h2{font-size:1.05rem;margin:0 0 .5rem;text-transform:uppercase;letter-spacing:.06em}
    dl{margin:0}
    dl>div{display:grid;grid-template-columns:11rem 1fr;gap:.6rem;padding:.25rem 0;\
    border-top:1px solid #d0d0d0}
    dl>div:first-child{border-top:0}
    dt{font-weight:600;color:#3b3b3b}
    dd{margin:0}
    .meta{margin-bottom:1rem}
    .card{border:2px solid #111;border-radius:.4rem;padding:.8rem 1rem;margin:0 0 1rem;\
    break-inside:avoid;page-break-inside:avoid}
    .big{display:grid;grid-template-columns:repeat(3,1fr);gap:.6rem;margin-bottom:.6rem}
    .fact{border:1px solid #111;border-radius:.3rem;padding:.4rem .6rem}
    .fact .label{display:block;font-size:.8rem;font-weight:700;text-transform:uppercase;\
    letter-spacing:.08em;color:#3b3b3b}
    .fact .v{display:block;font-size:1.45rem;font-weight:700;line-height:1.25}
    .fact .v code{font-size:1em}
    .none{font-style:italic;font-weight:400;color:#4a4a4a}
    .fact .none{font-size:1.05rem}
    table{width:100%;border-collapse:collapse;margin-top:.6rem}
    th,td{text-align:left;vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid #d0d0d0}
    th{font-size:.85rem;border-bottom:2px solid #111}
    footer{font-size:.85rem;color:#3b3b3b}
    footer p{margin:.4rem 0}
    @media (max-width:40rem){dl>div{grid-template-columns:1fr;gap:0}\
    .big{grid-template-columns:1fr}}
    @page{size:auto;margin:12mm}
    @media print{body{font-size:10pt;line-height:1.35}main{max-width:none;padding:0}\
    h1{font-size:15pt;margin:0 0 6pt}.meta{margin-bottom:8pt}dl>div{padding:2pt 0}\
    .card{border-width:1.5pt;padding:6pt 9pt;margin-bottom:8pt}h2{font-size:10.5pt}\
    .big{margin-bottom:4pt}.fact .v{font-size:14pt}table{margin-top:4pt}\
    th,td{padding:2pt 4pt}footer{font-size:8.5pt}}

    """
}
