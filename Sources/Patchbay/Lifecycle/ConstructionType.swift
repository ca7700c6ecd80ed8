/// How the leased line is built. SDH is not supported and is refused by name.
public enum ConstructionType: String, CaseIterable, Sendable, Hashable, Codable {
  /// `MSTP`: a multi-service transport platform line.
  case mstp = "MSTP"
  /// `MPLSVPN`: an MPLS VPN line.
  case mplsvpn = "MPLSVPN"
  /// `FIBRE`: dedicated fibre.
  case fibre = "FIBRE"
  /// `Others`: any other construction except SDH.
  case others = "Others"
}
