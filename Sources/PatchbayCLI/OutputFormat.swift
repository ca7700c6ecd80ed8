import ArgumentParser

/// `--format text` for people, `--format json` for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
