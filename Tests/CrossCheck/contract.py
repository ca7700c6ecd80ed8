"""A plain Python restatement of docs/FORMATS.md, independent of Patchbay's Swift code.

It reads an inventory and a batch of requests (JSON only), tells which ports are free, validates
the requests (the rejection codes that generate.py can produce, in the table's precedence order,
with the redundancy-group cascade), and builds the redundancy groups and device constraints that
the allocation model and the plan checker need.

SDH interfaces are rejected as unsupported_interface in the spellings of SDH_SPELLINGS.
Deliberately out of scope (generate.py never produces them): malformed requests, CSV, the
pending limit and the access point quota (generated inventories have
`policy.maxPendingPerAccount: null` and no `policy.maxConnectionsPerAccessPoint`).
A batch that uses them is refused with NotModelled, so that a kept instance edited by hand can
never be checked against a model that silently ignores a rule.
"""

import json
import re

PORT_TYPES = [
    "100Base-T", "1000Base-T", "1000Base-LX", "10GBase-T", "10GBase-LR", "40GBase-LR",
    "100GBase-LR",
]
SPEC_OF = {
    "100Base-T": "1G", "1000Base-T": "1G", "1000Base-LX": "1G",
    "10GBase-T": "10G", "10GBase-LR": "10G",
    "40GBase-LR": "40G",
    "100GBase-LR": "100G",
}
PORT_SPECS = ["1G", "10G", "40G", "100G"]
WHITELIST_SPECS = {"40G", "100G"}
LINE_OPERATORS = ["CT", "CU", "CM", "CO", "Equinix", "Other"]
OPEN_STATUSES = {"recommended", "hot"}
# A connection in one of these statuses holds no port (FORMATS.md, Inventory).
DEAD_STATUSES = {"Rejected", "Canceled", "AllocationFailed", "Allocation Failed", "Terminated"}
# A connection may be named as a redundant connection only in one of these.
READY_STATUSES = {"Allocated", "Confirmed", "Enabled"}
REQUIRED_FIELDS = ["account", "region", "accessPoint", "lineOperator", "portSpec", "portType"]

# FORMATS.md's rejection table, in precedence order.
REJECTION_CODES = [
    "malformed_request", "unknown_region", "unknown_access_point",
    "access_point_region_mismatch", "access_point_unavailable", "unknown_line_operator",
    "line_operator_not_served", "unsupported_interface", "unknown_port_type", "unknown_port_spec",
    "port_spec_mismatch", "port_type_not_offered", "whitelist_required",
    "unknown_redundant_connection", "redundant_connection_self",
    "redundant_connection_region_mismatch", "redundant_connection_not_ready",
    "redundant_partner_rejected", "pending_limit_exceeded", "access_point_quota_exceeded",
]
# SDH interfaces (unsupported_interface), lower case without punctuation or spaces.
SDH_SPELLINGS = {"155mcpos", "cpos", "cpos155m", "v35", "g703", "sdh"}
UNPLACED_CODES = ["no_free_port", "no_diverse_device", "partner_unplaced", "capacity_contention"]


class NotModelled(Exception):
    """The instance uses a rule that this restatement does not implement."""


_RUN = re.compile(r"^(.*\D)?(\d+)-(\d+)$")


def expand_port_entry(entry):
    """The port names of one `ports[]` entry: `name`, or a run `PREFIX<first>-<last>`."""
    if "name" in entry:
        return [entry["name"]]
    match = _RUN.match(entry["names"])
    if not match:
        raise ValueError(f"not a port run: {entry['names']!r}")
    prefix, first, last = match.group(1) or "", int(match.group(2)), int(match.group(3))
    return [f"{prefix}{n}" for n in range(first, last + 1)]


class Inventory:
    def __init__(self, doc):
        self.doc = doc
        self.regions = {r["id"]: r for r in doc["regions"]}
        self.access_points = {a["id"]: a for a in doc["accessPoints"]}
        self.devices = {d["id"]: d for d in doc["devices"]}
        self.connections = {c["id"]: c for c in doc.get("connections") or []}
        self.whitelist = set(doc.get("highSpeedWhitelist") or [])
        policy = doc.get("policy") or {}
        self.max_pending = policy.get("maxPendingPerAccount")
        self.max_per_access_point = policy.get("maxConnectionsPerAccessPoint")
        # (device, port) -> accepted port types, in file order.
        self.ports = {}
        self.device_ports = {}
        for device in doc["devices"]:
            names = []
            for entry in device["ports"]:
                for name in expand_port_entry(entry):
                    self.ports[(device["id"], name)] = set(entry["portTypes"])
                    names.append(name)
            self.device_ports[device["id"]] = names
        self.occupied = set()
        for c in self.connections.values():
            if c.get("device") and c.get("port") and c["status"] not in DEAD_STATUSES:
                self.occupied.add((c["device"], c["port"]))

    def ap_status(self, ap_id):
        return self.access_points[ap_id].get("status") or "recommended"

    def free_ports(self, ap_id):
        """Free ports of the access point: [(device, port, accepted types)], in file order."""
        out = []
        for device in self.doc["devices"]:
            if device["accessPoint"] != ap_id:
                continue
            for name in self.device_ports[device["id"]]:
                key = (device["id"], name)
                if key not in self.occupied:
                    out.append((device["id"], name, self.ports[key]))
        return out

    def connection_region(self, conn_id):
        return self.access_points[self.connections[conn_id]["accessPoint"]]["region"]


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def request_priority(req):
    p = req.get("priority")
    return 0 if p is None else p


def _own_check(inv, req, batch_ids):
    """The first failing check of one request on its own (codes before the cascade), or None."""
    for field in REQUIRED_FIELDS:
        if not isinstance(req.get(field), str) or req.get(field) == "":
            raise NotModelled(f"request {req.get('id')}: {field} missing (malformed_request)")
    if req["id"] in inv.connections:
        raise NotModelled(f"request {req['id']}: id of an existing connection")
    region, ap_id = req["region"], req["accessPoint"]
    if region not in inv.regions:
        return "unknown_region"
    if ap_id not in inv.access_points:
        return "unknown_access_point"
    ap = inv.access_points[ap_id]
    if ap["region"] != region:
        return "access_point_region_mismatch"
    if inv.ap_status(ap_id) not in OPEN_STATUSES:
        return "access_point_unavailable"
    if req["lineOperator"] not in LINE_OPERATORS:
        return "unknown_line_operator"
    if req["lineOperator"] not in ap["lineOperators"]:
        return "line_operator_not_served"
    port_type, spec = req["portType"], req["portSpec"]
    if port_type not in SPEC_OF or spec not in PORT_SPECS:
        # unsupported_interface comes before unknown_port_type. The three interfaces FORMATS.md
        # names, in their usual spellings (patchbay generate writes "155M CPOS"); a rarer
        # spelling would get unknown_port_type here: rejected either way, with another code.
        for text in (port_type, spec):
            if re.sub(r"[^a-z0-9]", "", text.lower()) in SDH_SPELLINGS:
                return "unsupported_interface"
    if port_type not in SPEC_OF:
        return "unknown_port_type"
    if spec not in PORT_SPECS:
        return "unknown_port_spec"
    if SPEC_OF[port_type] != spec:
        return "port_spec_mismatch"
    if port_type not in ap["portTypes"]:
        return "port_type_not_offered"
    if spec in WHITELIST_SPECS and req["account"] not in inv.whitelist:
        return "whitelist_required"
    named = req.get("redundantConnection")
    if named is not None and named != "":
        if named not in inv.connections and named not in batch_ids:
            return "unknown_redundant_connection"
        if named == req["id"]:
            return "redundant_connection_self"
        if named in inv.connections:
            if inv.connection_region(named) != region:
                return "redundant_connection_region_mismatch"
            if inv.connections[named]["status"] not in READY_STATUSES:
                return "redundant_connection_not_ready"
        else:
            # A request "is in" the region its own `region` field names (see README.md).
            if batch_ids[named].get("region") != region:
                return "redundant_connection_region_mismatch"
    return None


def batch_links(requests):
    """Links between requests of the batch: (a, b) when a names b (b != a), in batch order."""
    ids = {r["id"] for r in requests}
    links = []
    for r in requests:
        named = r.get("redundantConnection")
        if named and named != r["id"] and named in ids:
            links.append((r["id"], named))
    return links


def components(nodes, links):
    """Connected components over undirected links, each in `nodes` order, in order of first member."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return list(groups.values())


def validate(inv, requests):
    """{request id: rejection code} for every rejected request of the batch."""
    if inv.max_pending is not None:
        raise NotModelled("policy.maxPendingPerAccount is a number; the pending limit is not modelled")
    if inv.max_per_access_point is not None:
        raise NotModelled(
            "policy.maxConnectionsPerAccessPoint is a number; the access point quota is not modelled")
    batch_ids = {}
    for r in requests:
        if not isinstance(r, dict) or "id" not in r or r["id"] in batch_ids:
            raise NotModelled("the requests file is an input error (no id, or a repeated id)")
        batch_ids[r["id"]] = r
    rejected = {}
    for r in requests:
        code = _own_check(inv, r, batch_ids)
        if code:
            rejected[r["id"]] = code
    # Groups are formed by every link to a request of the batch, even a rejected link.
    for group in components([r["id"] for r in requests], batch_links(requests)):
        if any(m in rejected for m in group):
            for m in group:
                rejected.setdefault(m, "redundant_partner_rejected")
    return rejected


class Problem:
    """The valid requests of a batch, with what allocation needs to know about each."""

    def __init__(self, inv, requests):
        self.inv = inv
        self.requests = requests
        self.by_id = {r["id"]: r for r in requests}
        self.rejected = validate(inv, requests)
        self.valid = [r["id"] for r in requests if r["id"] not in self.rejected]
        valid = set(self.valid)
        links = [(a, b) for a, b in batch_links(requests) if a in valid and b in valid]
        self.groups = [g for g in components(self.valid, links)]
        self.group_of = {m: i for i, g in enumerate(self.groups) for m in g}
        # Pairs of valid requests at one access point that must be on different devices.
        self.diverse_pairs = []
        seen = set()
        for a, b in links:
            key = frozenset((a, b))
            if key in seen:
                continue
            seen.add(key)
            if self.by_id[a]["accessPoint"] == self.by_id[b]["accessPoint"]:
                self.diverse_pairs.append((a, b))
        # Device a valid request must avoid: its named existing connection's, at the same AP.
        self.forbidden_device = {}
        for rid in self.valid:
            named = self.by_id[rid].get("redundantConnection")
            if named in inv.connections:
                conn = inv.connections[named]
                if conn["accessPoint"] == self.by_id[rid]["accessPoint"]:
                    self.forbidden_device[rid] = conn["device"]
        self._free = {}

    def free_ports(self, ap_id):
        if ap_id not in self._free:
            self._free[ap_id] = self.inv.free_ports(ap_id)
        return self._free[ap_id]

    def eligible_ports(self, rid):
        """Free ports that request `rid` may take, ignoring batch partners: [(device, port)]."""
        r = self.by_id[rid]
        forbidden = self.forbidden_device.get(rid)
        return [
            (d, p) for d, p, types in self.free_ports(r["accessPoint"])
            if r["portType"] in types and d != forbidden
        ]

    def priority(self, rid):
        return request_priority(self.by_id[rid])

    def levels(self):
        """The priority levels of the valid requests, highest first."""
        return sorted({self.priority(r) for r in self.valid}, reverse=True)

    def subproblems(self):
        """Access points joined by groups that span several of them: [(aps, request ids)]."""
        aps = sorted({self.by_id[r]["accessPoint"] for r in self.valid})
        links = []
        for g in self.groups:
            gaps = sorted({self.by_id[m]["accessPoint"] for m in g})
            links += [(gaps[0], x) for x in gaps[1:]]
        out = []
        for comp in components(aps, links):
            cset = set(comp)
            out.append((comp, [r for r in self.valid if self.by_id[r]["accessPoint"] in cset]))
        return out
