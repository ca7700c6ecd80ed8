#!/usr/bin/env python3
"""Lists every public symbol without a doc comment; exits 1 when there is any.

Reads the symbol graphs that `swift package generate-documentation` extracts (make docs runs it
first), so it sees exactly the symbols that DocC documents: public and open ones, `@_spi` ones
left out. A symbol counts as documented when its doc comment has an abstract (a first paragraph
that is not only `- Parameter`/`- Returns`/`- Throws`). A doc comment inherited from the protocol
requirement a symbol implements (`description`, `==`, `init(rawValue:)`...) counts, as in DocC;
members that a protocol extension supplies (`!=`, ...) and extension blocks are not symbols of
this package and are skipped.

    scripts/doc-coverage.py Patchbay PatchbayStore          # the newest graphs under .build
    scripts/doc-coverage.py --since STAMP Patchbay          # only graphs written after STAMP
    scripts/doc-coverage.py --graphs DIR Patchbay           # graphs in DIR/*.symbols.json

Output: one line per undocumented symbol, `file:line: kind Name.member`, sorted by file and
line, then a summary line; exit 0 when every symbol is documented, 1 when not, 2 when a
module's symbol graphs cannot be found or read, or are older than STAMP (the documentation
build stopped before it reached that module: its graphs would be stale, so they are not read).
"""

import argparse
import glob
import json
import os
import sys

CALLOUTS = ("- parameter", "- parameters", "- returns", "- throws", "- note", "- important")


def graph_directory(build, module):
  """The most recently written symbol-graph folder of `module` under `build`."""
  pattern = os.path.join(build, "*", "extracted-symbols", "*", module)
  folders = [f for f in glob.glob(pattern) if glob.glob(os.path.join(f, "*.symbols.json"))]
  if not folders:
    return None
  return max(folders, key=os.path.getmtime)


def newest_graph(folder):
  return max(os.path.getmtime(path) for path in glob.glob(os.path.join(folder, "*.symbols.json")))


def has_abstract(symbol):
  lines = [line.get("text", "") for line in symbol.get("docComment", {}).get("lines", [])]
  for line in lines:
    text = line.strip()
    if text:
      return not text.lower().startswith(CALLOUTS)
  return False


def relative(uri, root):
  path = uri[len("file://"):] if uri.startswith("file://") else uri
  try:
    return os.path.relpath(path, root)
  except ValueError:
    return path


def undocumented(module, folder, root):
  """(file, line, kind, name) of each public symbol of `module` in `folder` with no abstract,
  and the number of symbols checked."""
  seen = set()
  missing = []
  for path in sorted(glob.glob(os.path.join(folder, "*.symbols.json"))):
    with open(path, encoding="utf-8") as handle:
      graph = json.load(handle)
    if graph.get("module", {}).get("name") != module:
      continue
    for symbol in graph.get("symbols", []):
      precise = symbol["identifier"]["precise"]
      kind = symbol["kind"]["identifier"]
      if symbol.get("accessLevel") not in ("public", "open"):
        continue
      if "::SYNTHESIZED::" in precise or kind == "swift.extension":
        continue
      if precise in seen:
        continue
      seen.add(precise)
      if has_abstract(symbol):
        continue
      location = symbol.get("location", {})
      file = relative(location.get("uri", "?"), root)
      line = location.get("position", {}).get("line", -1) + 1
      name = ".".join(symbol.get("pathComponents", [])) or symbol["names"]["title"]
      missing.append((file, line, kind.removeprefix("swift."), name))
  return missing, len(seen)


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("modules", nargs="+", help="module names, such as Patchbay")
  parser.add_argument("--build", default=".build", help="the build folder (default .build)")
  parser.add_argument(
    "--graphs", help="a folder of *.symbols.json to read instead (one module only)")
  parser.add_argument(
    "--since", metavar="STAMP",
    help="a file made before the documentation build: older symbol graphs are stale")
  arguments = parser.parse_args()
  if arguments.graphs and len(arguments.modules) != 1:
    parser.error("--graphs reads one module's symbol graphs: name one module")

  root = os.getcwd()
  since = None
  if arguments.since:
    try:
      since = os.path.getmtime(arguments.since)
    except OSError as error:
      print(f"doc-coverage: cannot read {arguments.since}: {error.strerror}", file=sys.stderr)
      return 2
  missing = []
  checked = 0
  unread = []
  notes = []
  for module in arguments.modules:
    folder = arguments.graphs or graph_directory(arguments.build, module)
    if folder is None:
      notes.append(
        f"doc-coverage: no symbol graph of {module} under {arguments.build}; run "
        f"`make docs` (swift package generate-documentation --target {module}) first")
      unread.append(module)
      continue
    if since is not None and newest_graph(folder) < since:
      notes.append(
        f"doc-coverage: {module} not checked: the documentation build stopped before it "
        f"extracted {module}'s symbols; fix the errors above and run it again")
      unread.append(module)
      continue
    try:
      found, count = undocumented(module, folder, root)
    except (OSError, ValueError, KeyError) as error:
      print(f"doc-coverage: cannot read the symbol graphs in {folder}: {error}", file=sys.stderr)
      return 2
    if count == 0:
      notes.append(f"doc-coverage: {folder} has no public symbol of {module}")
      unread.append(module)
      continue
    missing += found
    checked += count

  for file, line, kind, name in sorted(missing):
    print(f"{file}:{line}: {kind} {name}")
  sys.stdout.flush()
  for note in notes:
    print(note, file=sys.stderr)
  modules = ", ".join(m for m in arguments.modules if m not in unread) or "no module"
  if missing:
    print(
      f"doc-coverage: {len(missing)} of {checked} public symbols of {modules} have no doc "
      f"comment; give each one a sentence that says what it is for", file=sys.stderr)
    return 1
  if unread:
    return 2
  print(f"doc-coverage: all {checked} public symbols of {modules} are documented", file=sys.stderr)
  return 0


if __name__ == "__main__":
  sys.exit(main())
