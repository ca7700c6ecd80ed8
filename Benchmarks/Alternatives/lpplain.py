"""The plain per-request model as a CPLEX LP file, solved by GLPK's `glpsol`, level by level.

The model is the one people write first, and the one Tests/CrossCheck/cpsat.py states:

    x<i>_<k>  binary: request i (index in the batch's valid requests) takes free port k
    y<i>      binary: request i is placed
    p<k>:     sum_i x<i>_<k> <= 1                 each port at most once (only ports two or
                                                  more requests may take)
    r<i>:     sum_k x<i>_<k> - y<i> = 0           a request takes one port iff it is placed
    g<i>:     y<i> - y<first> = 0                 groups all or nothing (each member against the
                                                  group's first member, in batch order)
    a<j>_<d>: sum_{k on d} (x<a>_<k> + x<b>_<k>) <= 1
                                                  anti-affinity: for linked requests a, b at one
                                                  access point, per device they could share
    objective: maximize the number placed at one priority level (sum of y<i> there)

A request's ports are the free ports of its access point that accept its port type, without the
device of the existing connection it names at the same access point (contract.Problem).

Lexicographic priorities, solved level by level rather than with one weighted objective: a
weighted objective needs weights W_p > sum_{q<p} N_q W_q (about 10^6 at the top of three levels
of 1,000 requests, objective values near 10^9), and GLPK's branch and bound prunes a node whose
bound is within tol_obj * (1 + |objective|) = 1e-7 * 10^9 = 100 of the incumbent, so it would
stop before proving the lower levels: inexact. Level by level keeps every objective below the
number of requests. After a level is solved, its count becomes a floor (f<n>: sum of y at that
level >= count) for the next levels. Each level is one `glpsol --lp FILE --tmlim T` run with
glpsol's defaults otherwise; a level that ends at the time limit keeps the best solution found
as its floor (not proven); a level without any integer solution stops the search, and the
previous level's solution is the answer.
"""

import os
import re
import subprocess
import time

INSTALL_HINT = ("glpsol is missing: install GLPK's command line with "
                "`apt-get install -y glpk-utils` (Debian/Ubuntu; as root, compare.py does it)")


def _lines(terms, per_line=8):
    out = []
    for i in range(0, len(terms), per_line):
        out.append("   " + " ".join(terms[i:i + per_line]))
    return out


class PlainModel:
    """The plain per-request model over `rids` (whole redundancy groups) of a contract.Problem."""

    def __init__(self, problem, rids, eligible):
        self.problem = problem
        self.rids = list(rids)
        index = {r: i for i, r in enumerate(self.rids)}
        self.index = index
        self.ports = []  # k -> (device, port)
        port_index = {}
        self.x = {}  # (i, k) -> name
        by_port = {}
        by_req = {}
        by_req_dev = {}
        for i, r in enumerate(self.rids):
            terms = []
            for dp in eligible[r]:
                k = port_index.get(dp)
                if k is None:
                    k = port_index[dp] = len(self.ports)
                    self.ports.append(dp)
                name = f"x{i}_{k}"
                self.x[(i, k)] = name
                by_port.setdefault(k, []).append(name)
                by_req_dev.setdefault((i, dp[0]), []).append(name)
                terms.append(name)
            by_req[i] = terms
        self.rows = []  # (name, terms, sense, rhs), terms as ["+ x", "- y"]
        for k in sorted(by_port):
            if len(by_port[k]) > 1:
                self.rows.append((f"p{k}", [f"+ {v}" for v in by_port[k]], "<=", 1))
        for i in range(len(self.rids)):
            self.rows.append((f"r{i}", [f"+ {v}" for v in by_req[i]] + [f"- y{i}"], "=", 0))
        for g in problem.groups:
            members = [index[m] for m in g if m in index]
            if not members:
                continue
            assert len(members) == len(g), "a model must hold whole groups"
            for i in members[1:]:
                self.rows.append((f"g{i}", [f"+ y{i}", f"- y{members[0]}"], "=", 0))
        for j, (a, b) in enumerate(problem.diverse_pairs):
            if a not in index:
                continue
            ia, ib = index[a], index[b]
            devices = sorted({d for d, _ in eligible[a]} | {d for d, _ in eligible[b]})
            for n, d in enumerate(devices):
                vs = by_req_dev.get((ia, d), []) + by_req_dev.get((ib, d), [])
                if len(vs) > 1:
                    self.rows.append((f"a{j}_{n}", [f"+ {v}" for v in vs], "<=", 1))
        self.levels = sorted({problem.priority(r) for r in self.rids}, reverse=True)
        self.at_level = {lvl: [i for i, r in enumerate(self.rids) if problem.priority(r) == lvl]
                         for lvl in self.levels}

    def binaries(self):
        return len(self.x) + len(self.rids)

    def write(self, path, level, floors):
        """The LP file maximizing the number placed at `level`, with `floors` {level: count}."""
        out = ["\\ Patchbay Benchmarks/Alternatives: the plain per-request model",
               f"\\ level {level}; floors {floors}", "Maximize"]
        obj = [f"+ y{i}" for i in self.at_level[level]]
        out.append(" obj:")
        out += _lines(obj) if obj else ["   0 y0"]
        out.append("Subject To")
        for name, terms, sense, rhs in self.rows:
            out.append(f" {name}:")
            out += _lines(terms)
            out.append(f"   {sense} {rhs}")
        for n, (lvl, count) in enumerate(sorted(floors.items(), reverse=True)):
            out.append(f" f{n}:")
            out += _lines([f"+ y{i}" for i in self.at_level[lvl]])
            out.append(f"   >= {count}")
        out.append("Binary")
        out += _lines([self.x[key] for key in sorted(self.x)] +
                      [f"y{i}" for i in range(len(self.rids))], per_line=12)
        out.append("End")
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")


def _column_names(glpsol, lp_path, glp_path):
    """Column index -> name, from GLPK's own reading of the file (`--check --wglp`)."""
    subprocess.run([glpsol, "--lp", lp_path, "--check", "--wglp", glp_path],
                   capture_output=True, text=True, check=True)
    names = {}
    with open(glp_path) as f:
        for line in f:
            if line.startswith("n j "):
                _, _, j, name = line.split(maxsplit=3)
                names[int(j)] = name.strip()
    os.remove(glp_path)
    return names


def _read_solution(path, names):
    """(status, {column name: value}) from glpsol's raw MIP solution file (`-w`)."""
    status, values = "u", {}
    if not os.path.exists(path):
        return status, values
    with open(path) as f:
        for line in f:
            if line.startswith("s mip "):
                status = line.split()[4]
            elif line.startswith("j "):
                _, j, v = line.split()
                values[names[int(j)]] = float(v)
    return status, values


def solve(problem, rids, eligible, time_limit, workdir, tag, glpsol="glpsol", options=()):
    """Solve the plain model over `rids` level by level with glpsol.

    Returns {"levels", "proven", "assignment", "seconds" (writing the files and running glpsol,
    the time that counts), "write_seconds", "glpsol_seconds", "binaries", "rows", "notes"}.
    """
    model = PlainModel(problem, rids, eligible)
    result = {"levels": {}, "proven": {}, "assignment": {}, "binaries": model.binaries(),
              "rows": len(model.rows), "notes": [], "write_seconds": 0.0, "glpsol_seconds": 0.0,
              "log": []}
    floors = {}
    best = None
    for lvl in model.levels:
        lp = os.path.join(workdir, f"{tag}-p{lvl}.lp")
        sol = os.path.join(workdir, f"{tag}-p{lvl}.sol")
        t0 = time.perf_counter()
        model.write(lp, lvl, floors)
        t1 = time.perf_counter()
        cmd = [glpsol, "--lp", lp, "--tmlim", str(max(1, int(round(time_limit)))), "-w", sol,
               *options]
        # glpsol applies --tmlim to the LP relaxation and to the branch and bound separately.
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True,
                                  timeout=2 * time_limit + 60)
            log = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as e:
            log = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
                else (e.stdout or "")
            result["notes"].append(f"p{lvl}: glpsol killed after {2 * time_limit + 60:.0f} s")
            if os.path.exists(sol):
                os.remove(sol)
        t2 = time.perf_counter()
        result["write_seconds"] += t1 - t0
        result["glpsol_seconds"] += t2 - t1
        with open(os.path.join(workdir, f"{tag}-p{lvl}.log"), "w") as f:
            f.write(log)
        names = _column_names(glpsol, lp, lp + ".glp")
        status, values = _read_solution(sol, names)
        bound = None
        for found in re.finditer(r"mip =\s+(\S+) <=\s+(\S+)", log):
            bound = found.group(2)  # the last line's bound ("tree" when the tree is empty)
        result["log"].append({"level": lvl, "status": status, "seconds": round(t2 - t1, 3),
                              "bound": bound})
        if status not in ("o", "f"):
            result["notes"].append(
                f"p{lvl}: no integer solution within {max(1, round(time_limit))} s (glpsol status "
                f"{status}); the search stops there")
            break
        count = sum(1 for i in model.at_level[lvl] if values.get(f"y{i}", 0) > 0.5)
        result["levels"][lvl] = count
        result["proven"][lvl] = status == "o"
        floors[lvl] = count
        best = values
    if best is not None:
        for (i, k), name in model.x.items():
            if best.get(name, 0) > 0.5:
                result["assignment"][model.rids[i]] = model.ports[k]
        # Levels the search did not reach: what the last solution places there (not proven).
        for lvl in model.levels:
            if lvl not in result["levels"]:
                result["levels"][lvl] = sum(1 for i in model.at_level[lvl]
                                            if best.get(f"y{i}", 0) > 0.5)
                result["proven"][lvl] = False
    else:
        for lvl in model.levels:
            result["levels"][lvl] = 0
            result["proven"][lvl] = False
    result["seconds"] = result["write_seconds"] + result["glpsol_seconds"]
    return result
